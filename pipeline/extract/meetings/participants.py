"""Who takes part in a meeting: actors named on the meeting noun, the subject and object of its
verb, and the speaker of a clause said at or after it."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.names import demonym_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from .clause import clause_chain, governor
from .places import ent_text, source_places


def add_actors(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, role: str, out: dict[str, str]
) -> None:
    """Add to `out` with `role` the actors a noun phrase names ("A and B" both), a person in
    apposition to it, and for a phrase of people that names no actor, those they are of
    ("the foreign ministers of X and Y", "envoys of X")."""
    mention = actors_of(ctx, index, p, token)
    if mention is not None:
        for actor in mention.group or (mention.actor,):
            out.setdefault(actor, role)
    elif token.tag_ in ("NNS", "NNPS"):
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                add_actors(ctx, index, p, obj, role, out)
    for child in token.children:
        found = index.at(p.index, child) if child.dep_ == "appos" else None
        if found is not None and index.actors[found.actor].type == "person":
            out.setdefault(found.actor, role)


def noun_participants(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> dict[str, str]:
    """Participants named on a meeting noun: its modifiers ("the French-German summit"), its
    participant prepositions ("talks between X and Y") and appositions."""
    out: dict[str, str] = {}
    places = source_places(ctx)
    preps = ctx.lexicon.words("meetings", "participant_preps")
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "poss", "amod"):
            for t in child.subtree:
                m = index.at(p.index, t)
                place = m is not None and m.text in places
                if place and not index.actors[m.actor].in_registry:
                    continue
                if m is not None:
                    out.setdefault(m.actor, "participant")
        if child.dep_ == "prep" and child.lower_ in preps:
            for t in child.subtree:
                m = index.at(p.index, t)
                if m is not None and m.actor not in out:
                    out[m.actor] = "participant"
                elif m is None and t.dep_ == "amod" and t.head.dep_ == "pobj":
                    country = demonym_actor(ctx, index, t.text)  # "her Danish counterpart"
                    if country is not None and country in index.actors:
                        out.setdefault(country, "participant")
        if child.dep_ == "appos" and index.at(p.index, child):
            add_actors(ctx, index, p, child, "participant", out)
    return out


def verb_participants(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, host: bool
) -> tuple[dict[str, str], str | None]:
    """Subject (and object) of a meet/hold/host verb; a hosting city becomes the location."""
    out: dict[str, str] = {}
    location = None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj", "prep"):
            continue
        if child.dep_ == "prep":
            if child.lower_ != "with":  # "met with X", "held talks with X"
                continue
            child = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ == "dobj" and verb.lemma_ != "meet":
            continue
        mention = actors_of(ctx, index, p, child)
        if (
            host
            and child.dep_ == "nsubj"
            and child.ent_type_ == "GPE"
            and (mention is None or not index.actors[mention.actor].in_registry)
        ):
            location = ent_text(p, child)
            continue
        role = "host" if host and child.dep_ == "nsubj" else "participant"
        add_actors(ctx, index, p, child, role, out)
    return out, location


def speakers(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> dict[str, str]:
    """ "X, speaking at the conference, ...", "X said after the meeting ...": X took part."""
    words = ctx.lexicon.words
    took_part = words("meetings", "during_preps") | words("meetings", "after_preps")
    if noun.dep_ != "pobj" or noun.head.lower_ not in took_part:
        return {}
    for verb in clause_chain(governor(noun)):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            out: dict[str, str] = {}
            add_actors(ctx, index, p, subject, "participant", out)
            return out
    return {}


def talk_participants(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token
) -> dict[str, str]:
    """Who took part in a conversation: "X spoke with Y", "X talked to Y", "X and Y spoke",
    "X called Y" (the phone verbs of meetings.yaml take their object). Those of a person or a
    country only: "spoke to journalists" or "talked to the broadcaster" is no meeting."""
    words = ctx.lexicon.words
    others = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in words("meetings", "talk_preps"):
            others += [o for o in child.children if o.dep_ == "pobj"]
        elif child.dep_ == "dobj" and verb.lemma_ in words("meetings", "phone_verbs"):
            others.append(child)
    kinds = words("meetings", "talk_actor_types")
    subject, other = _typed(ctx, index, p, verb.children, "nsubj", kinds), {}
    for token in others:
        other |= _typed(ctx, index, p, [token], token.dep_, kinds)
    if other:  # "the Prime Minister spoke to X": X, and the subject if it is known
        return {**subject, **other}
    joint = len(subject) >= 2 and verb.lemma_ in words("meetings", "talk_verbs")
    return subject if joint else {}  # "X and Y spoke today"; not "they called for"


def _typed(
    ctx: Context, index: ActorIndex, p: Parsed, tokens: object, dep: str, kinds: frozenset[str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for token in tokens:
        if token.dep_ == dep:
            add_actors(ctx, index, p, token, "participant", out)
    return {a: r for a, r in out.items() if a in index.actors and index.actors[a].type in kinds}
