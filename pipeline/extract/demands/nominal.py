"""A demand named by a noun ("calls to reopen the port", "its demand for a recount")."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.names import demonym_actor, ensure_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_to_infinitive
from ..statements.speakers import subject_of
from .actions import action_phrase
from .model import Demand


def nominal_demand(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> Demand | None:
    """A demand named by a noun ("the union's calls to reopen X", "its request for X", "calls
    from Y for X"), with its demander and demanded action; the object of a response verb is
    addressed to the responder ("the mayor refused the union's calls to ...")."""
    lex = ctx.lexicon.demands
    if noun.lower_ not in lex.get("nominal_nouns", ()) or noun.pos_ != "NOUN":
        return None
    if p.quote_of(noun) is not None:
        return None
    action = _action(noun)
    if action is None:
        return None
    demander = _demander(ctx, index, p, noun)
    if demander is None:
        return None
    span = action_phrase(ctx, p, action)
    return Demand(
        pidx=p.index,
        demander=demander,
        addressee=_addressee(ctx, index, p, noun, demander),
        cue=noun.lower_,
        start=span[0],
        end=span[1],
        ev_start=min(span[0], p.start(noun.left_edge)),
        ev_end=span[1],
        confidence=0.8,
        nominal=True,
    )


def _action(noun: Token) -> Token | None:
    """The head of the demanded action: "calls to reopen X", "a request for X"."""
    for child in noun.children:
        if child.dep_ in ("acl", "advcl", "relcl", "xcomp") and is_to_infinitive(child):
            return child
    if noun.dep_ == "dobj":  # the parser's "refused [calls] [to lift X]"
        for child in noun.head.children:
            next_to = child.left_edge.i == noun.right_edge.i + 1
            if child.dep_ in ("xcomp", "advcl") and next_to and is_to_infinitive(child):
                return child
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    return first_child(prep, "pobj") if prep else None


def _demander(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> str | None:
    """Who demands: a possessor ("its calls"), a demonym ("French calls") or "calls from Y"."""
    for child in noun.children:
        demander = None
        if child.dep_ in ("poss", "compound", "nmod"):
            mention = actors_of(ctx, index, p, child)
            demander = mention.actor if mention else None
        elif child.dep_ == "amod":
            demander = demonym_actor(ctx, index, child.text)
            demander = ensure_actor(ctx, index, demander) if demander else None
        elif child.dep_ == "prep" and child.lower_ == "from":
            obj = first_child(child, "pobj")
            mention = actors_of(ctx, index, p, obj) if obj is not None else None
            demander = mention.actor if mention else None
        if demander:
            return demander
    return None


def _addressee(
    ctx: Context, index: ActorIndex, p: Parsed, noun: Token, demander: str
) -> str | None:
    """The subject of the verb that rejects or accepts the demand ("X refused the calls")."""
    lex = ctx.lexicon.demands
    verb, kinds = noun.head, set(lex["reject_verbs"]) | set(lex["accept_verbs"])
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in kinds:
        return None
    subject = subject_of(verb)
    mention = actors_of(ctx, index, p, subject) if subject is not None else None
    return mention.actor if mention and mention.actor != demander else None
