"""Rows of the actors and actor_mentions tables for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..context import Context
from .entities import agentive
from .model import Actor, ActorIndex, Mention


def actor_rows(
    ctx: Context,
    index: ActorIndex,
    roles: frozenset[str] = frozenset(),
    places: frozenset[str] = frozenset(),
) -> list[dict]:
    """Rows of the actors table: registry actors, people and organisations, and every actor
    in `roles` (those the other tables refer to: speakers, participants, demanders,
    addressees, responders). Names in `places` (meeting locations) are kept only when they
    play a role."""
    mentioned = {
        m.actor
        for m in index.mentions
        if ctx.parsed[m.pidx].passage.kind != "caption" or index.actors[m.actor].type == "person"
    }
    kept = [
        actor
        for actor in index.actors.values()
        if actor.name in roles or (actor.name in mentioned and _named(ctx, index, actor, places))
    ]
    names = {actor.name for actor in kept}
    for actor in list(kept):  # the country or organisation a group or a speaker is part of
        parent = index.actors.get(actor.affiliation or "")
        wanted = actor.type == "group" or actor.name in roles
        if wanted and parent is not None and parent.name not in names:
            kept.append(parent)
            names.add(parent.name)
    return [
        {
            "actor_id": actor_id(actor.name),
            "name": actor.name,
            "type": actor.type,
            "wikidata_id": actor.wikidata_id,
            "wikidata_verified": actor.wikidata_verified,
            "aliases": " | ".join(_aliases(index, actor)) or None,
            "in_registry": actor.in_registry,
            "part_of_id": actor_id(actor.affiliation) if actor.affiliation in names else None,
            "iso3166_alpha3": _country_code(ctx, actor),
        }
        for actor in kept
    ]


def _country_code(ctx: Context, actor: Actor) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country actor, by its name or any of its aliases."""
    if actor.type != "country":
        return None
    names = (actor.name, *sorted(actor.aliases))
    return next((code for n in names if (code := ctx.lexicon.country_code(n))), None)


def _named(ctx: Context, index: ActorIndex, actor: Actor, places: frozenset[str]) -> bool:
    """Whether an actor named outside captions is kept without a role: a country or group that acts
    somewhere in the source (subject, object, possessor, "talks with X"), not one that only
    locates ("talks in X"); a registry actor, a person or organisation, never a name the source
    uses as a meeting's place unless the registry knows it."""
    if actor.type in ("country", "group"):  # "Arcadian diplomats" who act, not only speak
        return any(_acts(ctx, m) for m in index.mentions if m.actor == actor.name)
    if actor.in_registry:
        return True
    return actor.type in ("person", "organization") and actor.name not in places


def _acts(ctx: Context, mention: Mention) -> bool:
    """Whether a mention of a country acts rather than locates."""
    if mention.is_subject or mention.method in ("pronoun", "title"):
        return True
    doc = ctx.parsed[mention.pidx].doc
    return agentive(ctx, doc[mention.tok_start : mention.tok_end].root)


def _aliases(index: ActorIndex, actor: Actor) -> list[str]:
    """The actor's aliases and the other capitalised names the source calls it by."""
    seen = {
        m.text
        for m in index.mentions
        if m.actor == actor.name
        and m.method not in ("pronoun", "title")
        and m.text[:1].isupper()
        and not m.text.startswith("The ")
    }
    return sorted((actor.aliases | seen) - {actor.name})


def mention_rows(ctx: Context, index: ActorIndex, kept: set[str]) -> list[dict]:
    """Rows of actor_mentions for the actors in `kept`."""
    text = ctx.source.text
    rows = {}
    for m in sorted(index.mentions, key=lambda m: m.start):
        if m.actor not in kept:
            continue
        mid = make_id("am", ctx.source_id, "actor", m.text, occurrence(text, m.text, m.start))
        rows[mid] = {
            "mention_id": mid,
            "actor_id": actor_id(m.actor),
            "source_id": ctx.source_id,
            "passage_id": ctx.parsed[m.pidx].passage.passage_id,
            "method": m.method,
            "char_start": m.start,
            "char_end": m.end,
            "text": m.text,
        }
    return list(rows.values())
