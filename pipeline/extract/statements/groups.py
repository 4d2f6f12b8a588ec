"""Speakers the text does not name: groups ("Western diplomats said", "sources close to the
talks said") and unnamed people ("a ministry official said"). Each becomes an actor called by
its description: a `group` for a plural, a person for a singular, part of the country or
organisation the description names ("Arcadian officials" are part of Arcadia)."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention, make_mention
from ..actors.names import demonym_actor, ensure, ensure_actor
from ..context import Context, Parsed
from ..lexicon import norm_word

CUT = {"relcl", "appos", "acl", "punct", "cc", "conj"}  # what ends a description's name


def _kind(ctx: Context, token: Token) -> str | None:
    """ "group" for a plural speaker noun, "person" for a singular one, "organization" for a
    broadcaster or paper the text does not name, else None."""
    speech = ctx.lexicon.words
    if token.lower_ in speech("speech", "group_speakers"):
        return "group"
    if token.lower_ in speech("speech", "media_speakers"):
        return "organization"  # "state television reported"
    if token.tag_ in ("NNS", "NNPS") and norm_word(token.text) != token.lower_:
        return None
    if norm_word(token.text) in speech("speech", "person_speakers"):
        return "person"
    return None


def _tokens(token: Token) -> list[Token]:
    """The description: the noun with its modifiers, without articles, relative clauses,
    appositions and conjuncts."""
    skip: set[int] = set()
    for child in token.children:
        if child.dep_ in CUT or child.dep_ == "det" or child.tag_ == "POS":
            skip |= {t.i for t in child.subtree}
    kept = sorted((t for t in token.subtree if t.i not in skip), key=lambda t: t.i)  # text order
    while kept and (kept[0].is_punct or kept[0].dep_ in ("det", "poss") and kept[0] != token):
        if kept[0].dep_ == "poss" and kept[0].pos_ != "PRON":
            break  # "Arcadia's envoys": the possessor is part of the description
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept


def _side(ctx: Context, index: ActorIndex, p: Parsed, tokens: list[Token]) -> str | None:
    """The country or organisation a description names ("Arcadian", "of the Pact")."""
    for t in tokens:
        mention = index.at(p.index, t)
        if mention is not None and index.actors[mention.actor].type != "person":
            return mention.actor
        country = demonym_actor(ctx, index, t.text)
        if country is not None:
            return ensure_actor(ctx, index, country)
    return None


def unnamed_speaker(ctx: Context, index: ActorIndex, p: Parsed, head: Token) -> Mention | None:
    """The group or unnamed person a speaker's description stands for, as a new mention of
    an actor called by it; None when the head is no speaker noun."""
    kind = _kind(ctx, head)
    if kind is None or head.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = _tokens(head)
    if not tokens:
        return None
    span = p.doc[tokens[0].i : tokens[-1].i + 1]
    name = p.text_of(span)
    if not name[:1].isupper():
        name = name[:1].upper() + name[1:]
    actor = ensure(ctx, index, name, kind)
    side = _side(ctx, index, p, tokens)
    if side is not None and side != actor.name and actor.affiliation is None:
        actor.affiliation = side
    mention = make_mention(p, span, actor.name, "alias", head=head)
    index.add(mention)
    return mention
