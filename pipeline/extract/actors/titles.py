"""Titles and affiliations of people ("the French Trade Minister X"), demonyms."""

from __future__ import annotations

from spacy.tokens import Token

from ..context import Context, Parsed
from ..lexicon import norm_word
from .model import ActorIndex, Mention
from .names import demonym_actor


def _affiliation(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> str | None:
    """The country or organisation a title word names ("French", "OSCE"), else None."""
    mention = index.at(p.index, token)
    if mention is not None and index.actors[mention.actor].type != "person":
        return mention.actor
    return demonym_actor(ctx, index, token.text)


def _title_before(
    ctx: Context, index: ActorIndex, p: Parsed, start: int
) -> tuple[list[Token], str | None]:
    """Title words right before a name ("UK Minister of State for Trade") and the affiliation."""
    nouns = ctx.lexicon.words("actors", "title_nouns")
    words = ctx.lexicon.words("actors", "title_words") | nouns
    tokens: list[Token] = []
    for i in range(start - 1, -1, -1):
        token = p.doc[i]
        affiliation = _affiliation(ctx, index, p, token)
        if affiliation:
            return _trim(ctx, tokens), affiliation
        if token.tag_ == "POS":
            continue
        portfolio = (
            token.pos_ == "PROPN" and not token.ent_type_ and any(t.lower_ in nouns for t in tokens)
        )
        if not (token.lower_ in words or norm_word(token.text) in words or portfolio):
            break
        tokens.insert(0, token)
    return _trim(ctx, tokens), None


def _trim(ctx: Context, tokens: list[Token]) -> list[Token]:
    connectors = ctx.lexicon.words("actors", "name_connectors")
    while tokens and tokens[0].lower_ in connectors:
        tokens = tokens[1:]
    return tokens


def _split_titles(ctx: Context, tokens: list[Token], size: int) -> list[list[str]]:
    """ "Deputy Finance and Trade Ministers" for two people -> one title each."""
    words = [t.text for t in tokens]
    if size != 2 or "and" not in words or len(words) < 4:
        return [words] * size
    k, head = words.index("and"), words[-1]
    left, right = words[:k], words[k + 1 : -1]
    ranks = ctx.lexicon.words("actors", "rank_words")
    rank = [w for w in left if w.lower() in ranks]
    return [left + [head], rank + right + [head]]


def _title_set(ctx: Context, words: list[str], affiliation: str | None) -> frozenset[str]:
    connectors = ctx.lexicon.words("actors", "name_connectors")
    out = {norm_word(w) for w in words if w.lower() not in connectors}
    if affiliation:
        out |= {norm_word(w) for w in affiliation.split()}
    return frozenset(out)


def _person_groups(index: ActorIndex, p: Parsed) -> list[list[Mention]]:
    """Person mentions of a passage, with "A and B" pairs grouped together."""
    persons = sorted(
        (
            m
            for m in index.mentions
            if m.pidx == p.index
            and m.method in ("ner", "registry", "alias")
            and index.actors[m.actor].type == "person"
        ),
        key=lambda m: m.tok_start,
    )
    groups: list[list[Mention]] = []
    for m in persons:
        prev = groups[-1][-1] if groups else None
        if prev and m.tok_start == prev.tok_end + 1 and p.doc[prev.tok_end].lower_ == "and":
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _appos_title(ctx: Context, index: ActorIndex, p: Parsed, m: Mention) -> None:
    """ "Anna Berg, Sweden's trade minister," -> a title of Anna Berg."""
    root = p.doc[m.tok_start : m.tok_end].root
    heads = [root.head] if root.dep_ == "appos" and root.head.pos_ == "NOUN" else []
    for child in [*(c for c in root.children if c.dep_ == "appos"), *heads]:
        skip = {t.i for t in root.subtree}
        tokens = [
            t
            for t in child.subtree
            if t.dep_ not in ("det", "punct", "case", "poss") and t.i not in skip
        ]
        affiliation = next((a for t in tokens if (a := _affiliation(ctx, index, p, t))), None)
        words = [t.text for t in tokens if _affiliation(ctx, index, p, t) is None]
        index.actors[m.actor].titles.append(_title_set(ctx, words, affiliation))
        index.actors[m.actor].affiliation = index.actors[m.actor].affiliation or affiliation


def _org_affiliations(ctx: Context, index: ActorIndex) -> None:
    """ "the Norwegian Fisheries Ministry", "the Ministry of Health of Peru": a state body named
    by its country (a demonym or the country's name) acts for that country."""
    heads = ctx.lexicon.words("actors", "org_nouns")
    for actor in list(index.actors.values()):
        if actor.type in ("person", "country") or actor.affiliation:
            continue
        words = actor.name.replace("’s", "").replace("'s", "").split()
        if not any(norm_word(w) in heads for w in words):
            continue
        for word in words:
            if word[:1].isupper() and norm_word(word) not in heads:
                country = demonym_actor(ctx, index, word)
                named = index.actors.get(word)
                if country is None and named is not None and named.type == "country":
                    country = named.name
                if country is not None and country != actor.name:
                    actor.affiliation = country
                    break


def assign_titles(ctx: Context, index: ActorIndex) -> None:
    """Titles and affiliations of the people named in the source."""
    _org_affiliations(ctx, index)
    for p in ctx.parsed:
        for group in _person_groups(index, p):
            tokens, affiliation = _title_before(ctx, index, p, group[0].tok_start)
            for m, words in zip(group, _split_titles(ctx, tokens, len(group)), strict=True):
                actor = index.actors[m.actor]
                if words or affiliation:
                    actor.titles.append(_title_set(ctx, words, affiliation))
                actor.affiliation = actor.affiliation or affiliation
            for m in group:
                _appos_title(ctx, index, p, m)
