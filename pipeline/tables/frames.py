"""Turns sources, passages and extracted rows into one typed DataFrame per table, sorted by
primary key and kept on disk in chunks (store.TableStore), so that a large package passes
from step to step with one chunk of one table in memory."""

from __future__ import annotations

import bisect
import hashlib
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..metadata.codebook import codebook_rows
from ..metadata.enums import Table
from ..metadata.schema import to_pandas_dtypes
from ..metadata.specs import TableSpec, load_tables
from ..models import Extraction, Passage, Source
from . import store
from .store import TableStore

ALIAS_SEPARATOR = " | "
CHUNK_ROWS = 2_000  # rows of one table turned into a typed frame at a time
SAMPLE_EVERY = 50  # one key in this many is kept to cut a table's key range into buckets


def source_rows(sources: Iterable[Source]) -> list[dict]:
    """One row per source for the `sources` table."""
    return [
        {
            "source_id": s.source_id,
            "path": s.path,
            "sha256": s.sha256,
            "title": s.entry.title,
            "publisher": s.entry.publisher,
            "url": s.entry.url,
            "published": s.entry.published,
            "published_note": s.entry.published_note,
            "language": s.entry.language,
            "license": s.entry.license,
            "redistribute_text": s.entry.redistribute_text,
            "bom": s.bom,
            "n_chars": len(s.text),
        }
        for s in sources
    ]


def passage_rows(passages: Iterable[Passage], redistribute: bool) -> list[dict]:
    """One row per passage; the text is withheld (empty) when the source may not be shared."""
    return [
        {
            "passage_id": p.passage_id,
            "source_id": p.source_id,
            "seq": p.seq,
            "kind": p.kind,
            "language": p.language,
            "credit": p.credit,
            "char_start": p.char_start,
            "char_end": p.char_end,
            "text": p.text if redistribute else None,
            "text_sha256": hashlib.sha256(p.text.encode("utf-8")).hexdigest(),
        }
        for p in passages
    ]


def merge_actors(rows: Iterable[dict], merged: dict[str, dict] | None = None) -> list[dict]:
    """One row per actor_id across sources: registry facts win, aliases are united. Rows are
    merged into `merged` (by actor_id) when given, so sources can be merged one at a time."""
    merged = {} if merged is None else merged
    for row in rows:
        key = row["actor_id"]
        if key not in merged:
            merged[key] = dict(row)
            continue
        kept = merged[key]
        if row.get("in_registry") and not kept.get("in_registry"):
            kept.update({k: v for k, v in row.items() if k != "aliases"})
        if not kept.get("part_of_id"):
            kept["part_of_id"] = row.get("part_of_id")
        aliases = split_aliases(kept.get("aliases")) | split_aliases(row.get("aliases"))
        kept["aliases"] = join_aliases(aliases)
    return list(merged.values())


def split_aliases(aliases: str | None) -> set[str]:
    """The names of an actors.aliases cell (ALIAS_SEPARATOR between them; empty: none)."""
    return {a for a in (aliases or "").split(ALIAS_SEPARATOR) if a}


def join_aliases(names: set[str]) -> str | None:
    """An actors.aliases cell of these names, sorted; None when there are none."""
    return ALIAS_SEPARATOR.join(sorted(names)) or None


def to_frame(spec: TableSpec, rows: list[dict], sort: bool = True) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns, dtypes and (unless `sort` is false)
    primary-key order."""
    frame = pd.DataFrame.from_records(rows, columns=spec.field_names)
    for name, dtype in to_pandas_dtypes(spec).items():
        if dtype is object:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        else:
            frame[name] = frame[name].astype(dtype)
    if sort and len(frame):
        frame = frame.sort_values(list(spec.primary_key), kind="stable", ignore_index=True)
    return frame


class FrameBuilder:
    """Rows appended table by table become typed frames every CHUNK_ROWS rows, appended to a
    file per table, so neither plain Python rows (the bulkiest form) nor the frames pile up in
    memory. `frames()` sorts each table by primary key with memory for about STORE_ROWS rows
    (a bucket sort: the key range is cut at keys sampled as the rows arrive, each piece is
    dealt into its buckets on disk, and each bucket is sorted in turn), into a TableStore."""

    def __init__(self, store: TableStore | None = None) -> None:
        self.specs = load_tables()
        self.store = TableStore() if store is None else store
        self.pending: dict[str, list[dict]] = {name: [] for name in self.specs}
        self.pieces = {name: self.store.root / f"pieces-{i}.pkl"
                       for i, name in enumerate(self.specs)}
        self.samples: dict[str, list[str]] = {name: [] for name in self.specs}
        self.counts = dict.fromkeys(self.specs, 0)

    def add(self, table: str, rows: list[dict]) -> None:
        self.pending[table] += rows
        if len(self.pending[table]) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if not self.pending[table]:
            return
        frame = to_frame(self.specs[table], self.pending[table], sort=False)
        self.pending[table] = []
        self.samples[table] += sort_keys(frame.iloc[::SAMPLE_EVERY], self.specs[table])
        self.counts[table] += len(frame)
        _append(self.pieces[table], frame)

    def frames(self) -> TableStore:
        """Every table, one at a time: sorted by primary key, stored in chunks."""
        for name, spec in self.specs.items():
            self._flush(name)
            if not self.counts[name]:
                self.store[name] = to_frame(spec, [])
                continue
            n_buckets = -(-self.counts[name] // store.STORE_ROWS)
            sample = sorted(self.samples.pop(name))
            cuts = [sample[len(sample) * i // n_buckets] for i in range(1, n_buckets)]
            self.store.put(name, self._sorted(name, spec, cuts))
        return self.store

    def _sorted(self, name: str, spec: TableSpec, cuts: list[str]) -> Iterator[pd.DataFrame]:
        """Deal the pieces into one file per key range, then sort and give each range."""
        buckets = [self.store.root / f"bucket-{i}.pkl" for i in range(len(cuts) + 1)]
        for rows in _batched(_read_all(self.pieces[name]), store.STORE_ROWS):
            at = np.array([bisect.bisect_right(cuts, key) for key in sort_keys(rows, spec)])
            order = np.argsort(at, kind="stable")
            rows, at = rows.take(order), at[order]
            starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]])
            for start, end in zip(starts, [*starts[1:], len(at)], strict=True):
                _append(buckets[at[start]], rows.iloc[start:end])
        for path in buckets:
            parts = list(_read_all(path)) or [to_frame(spec, [])]
            frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            del parts
            yield frame.sort_values(list(spec.primary_key), kind="stable", ignore_index=True)


def sort_keys(frame: pd.DataFrame, spec: TableSpec) -> list[str]:
    """Each row's primary key as one string: its parts joined by NUL, which no key holds, so
    that the strings sort as the keys do."""
    parts = [[v if isinstance(v, str) else "" if pd.isna(v) else str(v)
              for v in frame[k].tolist()] for k in spec.primary_key]
    return parts[0] if len(parts) == 1 else ["\0".join(key) for key in zip(*parts, strict=True)]


def _batched(frames: Iterable[pd.DataFrame], rows: int) -> Iterator[pd.DataFrame]:
    """The frames joined into frames of at least `rows` rows (the last may have fewer)."""
    batch: list[pd.DataFrame] = []
    for frame in frames:
        batch.append(frame)
        if sum(map(len, batch)) >= rows:
            yield pd.concat(batch, ignore_index=True)
            batch = []
    if batch:
        yield pd.concat(batch, ignore_index=True)


def _append(path: Path, frame: pd.DataFrame) -> None:
    with path.open("ab") as fh:
        pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _read_all(path: Path) -> Iterator[pd.DataFrame]:
    """The frames appended to `path`, one at a time; the file is removed once read."""
    if not path.is_file():
        return
    with path.open("rb") as fh:
        while fh.peek(1):
            yield pickle.load(fh)
    path.unlink()


def build_frames(
    sources: list[Source],
    passages: dict[str, list[Passage]],
    extractions: Iterable[Extraction],
) -> TableStore:
    """All tables of the package, in resource order, on disk (see TableStore). `extractions`
    is read one at a time (it may be a generator reading them from disk)."""
    builder, actors = FrameBuilder(), {}
    builder.add(Table.SOURCES, source_rows(sources))
    for source in sources:
        builder.add(Table.PASSAGES, passage_rows(passages[source.source_id],
                                             source.entry.redistribute_text))
    for extraction in extractions:
        for table, rows in extraction.tables.items():
            if table == Table.ACTORS:
                merge_actors(rows, actors)
            else:
                builder.add(table, rows)
    builder.add(Table.ACTORS, list(actors.values()))
    builder.add(Table.CAMEO_CODES, [dict(row) for row in codebook_rows()])
    return builder.frames()
