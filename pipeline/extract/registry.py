"""The curated actor registry (seeds/actors.yaml) and the EntityRuler patterns built from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..ids import normalise_name

ACTOR_TYPES = ("person", "organization", "country", "other")
LABELS = {"person": "PERSON", "organization": "ORG", "country": "GPE", "other": "ORG"}


@dataclass(frozen=True)
class Title:
    """An office and its holder for a period (`to` None: still in office)."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def held_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class RegistryActor:
    """One curated actor."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    titles: tuple[Title, ...] = ()
    part_of: str | None = None
    wikidata_id: str | None = None
    wikidata_verified: bool = False


@dataclass
class Registry:
    """Curated actors with lookups by any of their names."""

    actors: dict[str, RegistryActor] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_demonym: dict[str, str] = field(default_factory=dict)

    def find(self, name: str) -> RegistryActor | None:
        """The actor a name or alias stands for ("Moscow" -> Russia), else None."""
        key = self.by_name.get(normalise_name(_strip_the(name)))
        return self.actors[key] if key else None

    def demonym(self, word: str) -> RegistryActor | None:
        """The actor an adjective stands for ("Russian" -> Russia), else None."""
        key = self.by_demonym.get(normalise_name(word))
        return self.actors[key] if key else None

    def holder(self, title: str, day: dt.date | None) -> RegistryActor | None:
        """The person holding `title` (lower-case words) on `day`, else None."""
        wanted = normalise_name(title)
        for actor in self.actors.values():
            if any(t.title == wanted and t.held_on(day) for t in actor.titles):
                return actor
        return None

    def patterns(self) -> list[dict]:
        """EntityRuler phrase patterns: every name and alias, labelled, with id = canonical name."""
        out = []
        for actor in self.actors.values():
            for name in (actor.name, *actor.aliases):
                out.append({"label": LABELS[actor.type], "pattern": name, "id": actor.name})
        return out


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _actor(item: dict) -> RegistryActor:
    if item.get("type") not in ACTOR_TYPES:
        raise ValueError(f"actor {item.get('name')!r}: type must be one of {ACTOR_TYPES}")
    wikidata = item.get("wikidata") or {}
    titles = tuple(
        Title(normalise_name(t["title"]), _date(t.get("from")), _date(t.get("to")))
        for t in item.get("titles") or []
    )
    return RegistryActor(
        name=item["name"],
        type=item["type"],
        aliases=tuple(item.get("aliases") or ()),
        demonyms=tuple(item.get("demonyms") or ()),
        titles=titles,
        part_of=item.get("part_of"),
        wikidata_id=wikidata.get("id"),
        wikidata_verified=bool(wikidata.get("verified", False)),
    )


def load_registry(path: Path) -> Registry:
    """Read seeds/actors.yaml into a Registry. Raises ValueError on a malformed entry."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    registry = Registry()
    for item in raw.get("actors") or []:
        actor = _actor(item)
        registry.actors[actor.name] = actor
        for name in (actor.name, *actor.aliases):
            registry.by_name.setdefault(normalise_name(_strip_the(name)), actor.name)
        for word in actor.demonyms:
            registry.by_demonym[normalise_name(word)] = actor.name
    return registry
