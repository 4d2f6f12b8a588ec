"""What a build can skip: a source whose passages or extraction are in the cache, tables that
passed validation before, and the whole build when its inputs and package folder are exactly
as the last build into that folder left them (BuildLog).

Passages and extractions stay on disk from the step that makes them to the step that reads
them (StoredPassages, read_extractions), so the flow does not hold the whole corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from ..files import write_text
from ..ingest import segment
from ..models import Extraction, Passage, Source
from ..release.context import PublishResult
from .cache import ExtractionCache, PassageCache
from .keys import extraction_key, frames_key, package_state, passages_key, segmenter_version
from .progress import source_done
from .summary import BuildResult, Stopwatch

Batch = list[tuple[Source, str, str]]  # (source, its passages' cache key, extraction key)


class StoredPassages(Mapping[str, list[Passage]]):
    """Each source's passages, read from the passage cache at every lookup, and the key of
    each source's extraction (made from them): the flow does not hold every passage of the
    corpus from reading to publishing."""

    def __init__(self, cache_dir: Path, keys: dict[str, str], extraction_keys: dict[str, str]):
        self.cache_dir, self.keys, self.extraction_keys = cache_dir, keys, extraction_keys

    def __getitem__(self, source_id: str) -> list[Passage]:
        return cached_passages(PassageCache(self.cache_dir), self.keys[source_id], source_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def cached_passages(cache: PassageCache, key: str, source_id: str) -> list[Passage]:
    """A source's passages, which this build wrote to the cache."""
    passages = cache.get(key)
    if passages is None:
        raise PipelineError(str(cache.path(key)), source_id, "passage cache",
                            "the passages written by this build are missing or unreadable")
    return passages


def segment_all(sources_: list[Source], settings: Settings, version: str) -> StoredPassages:
    """Passages per source id (from the cache when the source and segmenter are unchanged),
    written to the passage cache, with the extraction key they give for `version`."""
    cache, segmenter = PassageCache(settings.cache_dir), segmenter_version()
    keys, extraction_keys = {}, {}
    for source in sources_:
        key = passages_key(source, segmenter)
        passages = cache.get(key) if settings.use_cache else None
        if passages is None:
            passages = segment.split(source)
            cache.put(key, passages)
        keys[source.source_id] = key
        extraction_keys[source.source_id] = extraction_key(source, passages, version)
    return StoredPassages(settings.cache_dir, keys, extraction_keys)


def n_records(extraction: Extraction) -> int:
    return sum(len(rows) for rows in extraction.tables.values())


def to_extract(sources_: list[Source], passages: StoredPassages, settings: Settings
               ) -> tuple[list[str], Batch, list[str]]:
    """The extraction key of every source (in source order), the sources whose extraction is
    not in the cache yet (with their passages' and extraction's keys), and the ids of those
    that are, each said as it is found."""
    cache = ExtractionCache(settings.cache_dir)
    keys = [passages.extraction_keys[s.source_id] for s in sources_]
    todo, skipped = [], []
    for source, key in zip(sources_, keys, strict=True):
        hit = cache.get(key) if settings.use_cache else None
        if hit is None:
            todo.append((source, passages.keys[source.source_id], key))
            continue
        skipped.append(source.source_id)
        source_done(len(skipped), len(sources_), f"[{len(skipped)}/{len(sources_)}] "
                    f"{source.source_id}: skipped (cached), {n_records(hit)} records", settings)
    return keys, todo, skipped


def read_extractions(keys: list[str], settings: Settings) -> Iterator[Extraction]:
    """The cached extractions of `keys`, one at a time."""
    cache = ExtractionCache(settings.cache_dir)
    for key in keys:
        extraction = cache.get(key)
        if extraction is None:
            raise PipelineError(str(cache.path(key)), key, "extraction cache",
                                "the extraction written by this build is missing or unreadable")
        yield extraction


class ValidatedLog:
    """Keys of table sets that passed validation: one empty file each under root/validated/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "validated"

    def seen(self, key: str) -> bool:
        return (self.root / key).is_file()

    def add(self, key: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / key).touch()


def validate_once(frames: dict, sources_: list[Source], settings: Settings) -> dict:
    """check.tables.check_tables, skipped when these exact tables (content hash, with the same
    check/tables.py, metadata/ and schemas/) passed before. Raises ValidationFailed."""
    from ..check import tables  # lazy, for start-up cost (pandera): a no-change build skips it

    log, key = ValidatedLog(settings.cache_dir), frames_key(frames)
    if settings.use_cache and log.seen(key):
        return frames
    tables.check_tables(frames, sources_)
    log.add(key)
    return frames


class BuildLog:
    """What the last build into each package folder read and left there: its inputs key, the
    package's state after it, the release version, rows per table, source ids, warnings and
    the corrections applied.
    One JSON file per package folder under root/builds/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "builds"

    def path(self, out_dir: Path) -> Path:
        name = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return self.root / f"{name}.json"

    def unchanged(self, out_dir: Path, key: str) -> dict[str, Any] | None:
        """The last build's record when it read the same inputs and the package folder is as
        that build left it; else None (the build must run)."""
        try:
            record = json.loads(self.path(out_dir).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        state = package_state(out_dir)
        if record.get("inputs") != key or state is None or record.get("package") != state:
            return None
        return record

    def add(self, out_dir: Path, key: str, record: dict[str, Any]) -> None:
        state = package_state(out_dir)
        if state is None:
            return
        path = self.path(out_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps({"inputs": key, "package": state, **record}, indent=1,
                                     default=str))

    def unchanged_result(self, record: dict, settings: Settings,
                         clock: Stopwatch) -> BuildResult:
        """The result of a build that found its inputs and package as the last one left them."""
        kept = PublishResult(record["version"], False, "none", settings.out_dir.absolute(),
                             record["counts"], None)
        return BuildResult(kept, [], record["sources"], record.get("applied", []), [],
                           record["warnings"], clock.total(), clock.laps, clock.peaks,
                           unchanged=True, began=clock.started)

    def record(self, settings: Settings, key: str, result: BuildResult) -> None:
        """Keep what this full build read and left, for the next build's check."""
        self.add(settings.out_dir, key, {
            "version": result.version, "counts": result.counts,
            "sources": sorted(result.processed + result.skipped), "warnings": result.warnings,
            "applied": result.applied})
