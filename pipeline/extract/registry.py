"""The actor registry and the EntityRuler patterns built from it.

A default registry of general knowledge ships with the pipeline (pipeline/lexicons/registry.yaml:
alliances, states, their capitals as metonyms, office holders). A seeds folder may hold an
`actors.yaml` of the same format: its entries are added to the default, and an entry of the same
name replaces the default's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ..errors import SourceError
from ..ids import normalise_name
from ..ingest.sources import read_yaml
from .lexicon import LEXICON_DIR

DEFAULT_REGISTRY = LEXICON_DIR / "registry.yaml"
ACTOR_TYPES = ("person", "organization", "country", "other")
LABELS = {"person": "PERSON", "organization": "ORG", "country": "GPE", "other": "ORG"}
ENTRY_KEYS = {"name", "type", "aliases", "demonyms", "titles", "part_of", "wikidata"}


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

    @classmethod
    def of(cls, actors: Iterable[RegistryActor]) -> Registry:
        """A registry of `actors`; a name or alias shared by two actors is the first one's."""
        registry = cls()
        for actor in actors:
            registry.actors[actor.name] = actor
            for name in (actor.name, *actor.aliases):
                registry.by_name.setdefault(normalise_name(_strip_the(name)), actor.name)
            for word in actor.demonyms:
                registry.by_demonym[normalise_name(word)] = actor.name
        return registry

    def find(self, name: str) -> RegistryActor | None:
        """The actor a name or alias stands for ("Paris" -> France), else None."""
        key = self.by_name.get(normalise_name(_strip_the(name)))
        return self.actors[key] if key else None

    def demonym(self, word: str) -> RegistryActor | None:
        """The actor an adjective stands for ("French" -> France), else None."""
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


class _Entry:
    """One entry of a registry file, read field by field; every error names file, entry, rule."""

    def __init__(self, path: Path, n: int, item: object) -> None:
        self.where, self.label = str(path), f"entry {n}"
        if not isinstance(item, dict):
            self.fail("entry", "each actor must be a mapping")
        self.item: dict[str, Any] = item  # type: ignore[assignment]
        if isinstance(item.get("name"), str):
            self.label = f"entry {n} (name {item['name']!r})"

    def fail(self, rule: str, detail: str) -> NoReturn:
        raise SourceError(self.where, self.label, f"registry-{rule}", detail)

    def name(self) -> str:
        value = self.item.get("name")
        if not isinstance(value, str) or not value.strip():
            self.fail("name", "'name' is required (a string)")
        return value

    def text(self, key: str) -> str | None:
        value = self.item.get(key)
        if not isinstance(value, str | None):
            self.fail(key, f"'{key}' must be a string or null")
        return value

    def words(self, key: str) -> tuple[str, ...]:
        value = self.item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"'{key}' must be a list of strings")
        return tuple(value)

    def date(self, value: object, key: str) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail("date", f"'{key}' must be an ISO date (YYYY-MM-DD) or null, not {value!r}")

    def titles(self) -> tuple[Title, ...]:
        value = self.item.get("titles") or []
        if not isinstance(value, list) or not all(
            isinstance(t, dict) and isinstance(t.get("title"), str) for t in value
        ):
            self.fail("titles", "'titles' must be a list of {title, from, to} mappings")
        return tuple(
            Title(normalise_name(t["title"]), self.date(t.get("from"), "from"),
                  self.date(t.get("to"), "to"))
            for t in value
        )

    def actor(self) -> RegistryActor:
        if unknown := set(self.item) - ENTRY_KEYS:
            self.fail("unknown-key", f"unknown key(s): {sorted(unknown)}")
        name = self.name()
        if self.item.get("type") not in ACTOR_TYPES:
            self.fail("type", f"type must be one of {ACTOR_TYPES}")
        wikidata = self.item.get("wikidata") or {}
        if not isinstance(wikidata, dict):
            self.fail("wikidata", "'wikidata' must be a mapping {id, verified}")
        return RegistryActor(
            name=name,
            type=self.item["type"],
            aliases=self.words("aliases"),
            demonyms=self.words("demonyms"),
            titles=self.titles(),
            part_of=self.text("part_of"),
            wikidata_id=wikidata.get("id"),
            wikidata_verified=bool(wikidata.get("verified", False)),
        )


def read_registry(path: Path) -> dict[str, RegistryActor]:
    """The actors of one registry file by name, in the file's order. Raises SourceError naming
    the file, the entry and the rule (registry-size, -yaml, -alias, -shape, -entry, -name, -type,
    -aliases, -demonyms, -titles, -date, -part_of, -wikidata, -unknown-key, -duplicate)."""
    raw = read_yaml(path, "registry") or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("actors") or [], list):
        raise SourceError(str(path), None, "registry-shape",
                          "expected a mapping with an 'actors' list")
    actors: dict[str, RegistryActor] = {}
    for n, item in enumerate(raw.get("actors") or [], 1):
        entry = _Entry(path, n, item)
        actor = entry.actor()
        if actor.name in actors:
            entry.fail("duplicate", f"{actor.name!r} is already an entry of this file")
        actors[actor.name] = actor
    return actors


def seeds_file(seeds_registry: Path | None) -> Path | None:
    """The seeds folder's registry file, resolved, when it exists; else None."""
    return seeds_registry.resolve() if seeds_registry and seeds_registry.is_file() else None


def load_registry(seeds_registry: Path | None = None) -> Registry:
    """The default registry, with the actors of `seeds_registry` (a seeds folder's actors.yaml)
    added when that file exists; an entry of the same name replaces the default's."""
    actors = read_registry(DEFAULT_REGISTRY)
    if (extra := seeds_file(seeds_registry)) is not None:
        actors.update(read_registry(extra))
    return Registry.of(actors.values())
