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
    """Add to `out` with `role` the actors a noun phrase names ("A and B" both), and a person
    in apposition to it."""
    mention = actors_of(ctx, index, p, token)
    if mention is not None:
        for actor in mention.group or (mention.actor,):
            out.setdefault(actor, role)
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
            if child.lower_ != "with" or verb.lemma_ != "meet":
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
