"""Actors of one source: registry and NER entities, acronyms, surnames, titles, pronouns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..ids import actor_id, make_id, normalise_name, occurrence
from .context import Context, Parsed

ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country"}
CONNECTORS = {"of", "for", "and", "the", "in", "on", "de", "du", "des"}
ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PLACE_PREPS = {"in", "to", "from", "at", "near", "into"}


@dataclass
class Actor:
    """An actor as known in one source."""

    name: str
    type: str
    in_registry: bool = False
    wikidata_id: str | None = None
    wikidata_verified: bool = False
    aliases: set[str] = field(default_factory=set)
    titles: list[frozenset[str]] = field(default_factory=list)
    affiliation: str | None = None


@dataclass
class Mention:
    """A span that refers to an actor. `group` lists all actors of a plural mention."""

    actor: str
    pidx: int
    tok_start: int
    tok_end: int
    method: str
    start: int
    end: int
    text: str
    sent: int
    is_subject: bool
    group: tuple[str, ...] = ()


@dataclass
class ActorIndex:
    """Actors and their mentions in one source, with lookups by token."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        for i in range(mention.tok_start, mention.tok_end):
            self.by_token.setdefault((mention.pidx, i), mention)

    def at(self, pidx: int, token: Token) -> Mention | None:
        return self.by_token.get((pidx, token.i))


def _clean(span: Span) -> Span:
    """Drop a leading article and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    if span.doc[start].lower_ == "the" and end - start > 1:
        start += 1
    while end - start > 1 and span.doc[end - 1].tag_ in ("POS", "PUNCT"):
        end -= 1
    return span.doc[start:end]


def _is_fake_person(ctx: Context, ent: Span) -> bool:
    """A ship, a Spanish fragment or a place tagged PERSON."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    vessels = ctx.lexicon.words("actors", "vessel_nouns")
    foreign = ctx.lexicon.words("actors", "not_person_words")
    if before is not None and before.lower_ in vessels | PLACE_PREPS:
        return True
    return any(t.lower_ in foreign for t in ent)


def _ensure(index: ActorIndex, ctx: Context, name: str, kind: str) -> Actor:
    """The actor called `name`, created from the registry or the text if new."""
    known = ctx.registry.find(name)
    if known is not None:
        if known.name not in index.actors:
            index.actors[known.name] = Actor(known.name, known.type, True, known.wikidata_id,
                                             known.wikidata_verified, set(known.aliases))
        return index.actors[known.name]
    if name not in index.actors:
        index.actors[name] = Actor(name, kind)
    return index.actors[name]


def _mention(p: Parsed, span: Span, actor: str, method: str, group: tuple[str, ...] = ()) -> Mention:
    root = span.root
    subject = root.dep_ in SUBJECT_DEPS or (root.dep_ == "conj" and root.head.dep_ in SUBJECT_DEPS)
    return Mention(actor, p.index, span.start, span.end, method, p.start(span[0]),
                   p.end(span[-1]), span.text, p.sent_id(root), subject, group)


def _acronyms(ctx: Context, index: ActorIndex) -> dict[str, str]:
    """Acronyms introduced in parentheses -> actor name; full names become actors."""
    found: dict[str, str] = {}
    for p in ctx.parsed:
        for match in ACRONYM.finditer(p.passage.text):
            words = re.findall(r"[\w'’-]+", p.passage.text[: match.start()])[-12:]
            full = _expansion(words, match.group(1))
            if full:
                actor = _ensure(index, ctx, full, "organization")
                actor.aliases.add(match.group(1))
                found[match.group(1)] = found[full] = actor.name
    return found


def _expansion(words: list[str], acronym: str) -> str | None:
    """The trailing words whose capitalised initials spell the acronym."""
    for i in range(len(words)):
        tail = words[i:]
        if not tail[0][:1].isupper():
            continue
        initials = "".join(w[0] for w in tail if w[:1].isupper())
        if initials.upper() == acronym.upper() and all(
            w[:1].isupper() or w.lower() in CONNECTORS for w in tail
        ):
            return " ".join(tail)
    return None


def _entity_actor(ctx: Context, index: ActorIndex, ent: Span, acr: dict[str, str]) -> tuple[str, str] | None:
    """(actor name, method) for an entity span, or None if it is not an actor."""
    text = ent.text
    if ent.ent_id_:
        actor = _ensure(index, ctx, ent.ent_id_, "other")
        return actor.name, "registry" if text == actor.name else "alias"
    if text in acr:
        return acr[text], "acronym" if text.isupper() else "ner"
    known = ctx.registry.find(text)
    if known is not None:
        _ensure(index, ctx, known.name, known.type)
        return known.name, "registry" if text == known.name else "alias"
    if ent.label_ == "PERSON" and _is_fake_person(ctx, ent):
        return None
    return _ensure(index, ctx, text, ENTITY_TYPES[ent.label_]).name, "ner"


def _surnames(index: ActorIndex) -> dict[str, str]:
    """Last name -> full name of every multi-word person in the source."""
    out: dict[str, str] = {}
    for actor in index.actors.values():
        parts = actor.name.split()
        if actor.type == "person" and len(parts) > 1:
            out.setdefault(parts[-1], actor.name)
    return out


def _entities(ctx: Context, index: ActorIndex) -> None:
    """Registry, NER, acronym and surname mentions."""
    acr = _acronyms(ctx, index)
    spans: list[tuple[Parsed, Span]] = []
    for p in ctx.parsed:
        spans += [(p, _clean(e)) for e in p.doc.ents if e.label_ in ENTITY_TYPES]
    persons = [(p, s) for p, s in spans if s.label_ == "PERSON" and len(s) > 1]
    for p, span in persons:
        if ctx.registry.find(span.text) is None and not _is_fake_person(ctx, span):
            _ensure(index, ctx, span.text, "person")
    surnames = _surnames(index)
    for p, span in spans:
        if len(span) == 1 and span.text in surnames and ctx.registry.find(span.text) is None:
            index.add(_mention(p, span, surnames[span.text], "surname"))
            continue
        found = _entity_actor(ctx, index, span, acr)
        if found:
            index.add(_mention(p, span, *found))
    _loose_surnames(ctx, index, surnames)


def _loose_surnames(ctx: Context, index: ActorIndex, surnames: dict[str, str]) -> None:
    """Proper nouns the NER missed that repeat a known surname."""
    for p in ctx.parsed:
        for token in p.doc:
            if token.pos_ == "PROPN" and token.text in surnames and index.at(p.index, token) is None:
                index.add(_mention(p, p.doc[token.i : token.i + 1], surnames[token.text], "surname"))
