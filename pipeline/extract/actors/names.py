"""Names to actors: the registry's, the gazetteer's countries and demonyms, and the actors the
source already named."""

from __future__ import annotations

import functools
import re

from ..context import Context
from .model import Actor, ActorIndex


@functools.lru_cache(maxsize=4)
def _state_form(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"^(?:the )?(?:(?:[A-Z][a-z]+|of|the) )*?"
        rf"({'|'.join(re.escape(f) for f in forms)}) of (?:the )?(.+)$"
    )


def state_form(ctx: Context) -> re.Pattern[str]:
    """The pattern of a state's long name ("the Republic of X"); group 2 is the short name."""
    return _state_form(tuple(ctx.lexicon.actors["state_forms"]))


def country_in_text(ctx: Context, index: ActorIndex, country: str) -> str | None:
    """The actor of the source that is the gazetteer's `country` (by any of its names)."""
    names = {n.lower() for n in ctx.lexicon.country_names(country)}
    for actor in index.actors.values():
        if actor.type == "person":
            continue
        if actor.name.lower() in names or any(a.lower() in names for a in actor.aliases):
            return actor.name
    return None


def country_actor(ctx: Context, index: ActorIndex, country: str) -> str:
    """The actor standing for a gazetteer country: the source's own name for it if the
    source names it, else the registry's or the gazetteer's name (created if new)."""
    return country_in_text(ctx, index, country) or ensure(ctx, index, country, "country").name


def ensure(ctx: Context, index: ActorIndex, name: str, kind: str) -> Actor:
    """The actor called `name`, created from the registry or the text if new. A country of
    the gazetteer already known under another of its names is that actor."""
    known = ctx.registry.find(name)
    if known is not None:
        if known.name not in index.actors:
            index.actors[known.name] = Actor.of(known)
        return index.actors[known.name]
    country = ctx.lexicon.country(name) if kind != "person" else None
    if country is not None and name not in index.actors:
        same = country_in_text(ctx, index, country)
        if same is not None:
            index.actors[same].aliases.add(name)
            return index.actors[same]
        kind = "country"
    if name not in index.actors:
        index.actors[name] = Actor(name=name, type=kind)
    elif country is not None and index.actors[name].type == "other":
        index.actors[name].type = "country"
    return index.actors[name]


def demonym_actor(ctx: Context, index: ActorIndex, word: str) -> str | None:
    """ "French" -> France via the registry or the gazetteer; "Arcadian" -> Arcadia when the
    source names a country Arcadia."""
    known = ctx.registry.demonym(word)
    if known is not None:
        return known.name
    if not word[:1].isupper():
        return None
    country = ctx.lexicon.demonym_country(word)
    if country is not None:
        registered = ctx.registry.find(country)
        return country_in_text(ctx, index, country) or (registered.name if registered else country)
    if len(word) < 5:
        return None
    for actor in index.actors.values():
        if actor.type == "person" or word == actor.name or not word.endswith("n"):
            continue
        if any(word.startswith(stem) for stem in _stems(ctx, actor.name)):
            return actor.name
    return None


def _stems(ctx: Context, name: str) -> list[str]:
    """ "Arcadia" -> ["Arcadi"]; "Republic of Malta" -> ["Malt"]: what a demonym starts with."""
    match = state_form(ctx).match(name)
    core = match.group(2) if match else name
    if " " in core:
        return []
    return [core[:-1] if len(core) > 4 else core]


def ensure_actor(ctx: Context, index: ActorIndex, name: str) -> str:
    """The actor `name` of the source, created (registry actor or gazetteer country) if new."""
    if name not in index.actors and name not in ctx.registry.actors:
        kind = "country" if ctx.lexicon.country(name) else "other"
        index.actors[name] = Actor(name=name, type=kind)
    if name not in index.actors:
        index.actors[name] = Actor.of(ctx.registry.actors[name])
    return name


def side(ctx: Context, index: ActorIndex, actor: str) -> str:
    """The country or organisation an actor speaks for (itself if none): its affiliation in
    the source, else the registry's `part_of`."""
    known = index.actors.get(actor)
    if known is not None and known.affiliation:
        return known.affiliation
    entry = ctx.registry.actors.get(actor)
    return entry.part_of if entry is not None and entry.part_of else actor
