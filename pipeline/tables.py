"""Turns sources, passages and extracted rows into one typed DataFrame per table, kept on disk
(TableStore) so that a large package is held in memory one table at a time."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Iterable, Iterator, MutableMapping
from pathlib import Path

import pandas as pd

from .models import Extraction, Passage, Source
from .schema import TableSpec, load_tables, to_pandas_dtypes

ALIAS_SEPARATOR = " | "
CHUNK_ROWS = 2_000  # rows of one table turned into a typed frame at a time


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
        aliases = _split(kept.get("aliases")) | _split(row.get("aliases"))
        kept["aliases"] = ALIAS_SEPARATOR.join(sorted(aliases)) or None
    return list(merged.values())


def _split(aliases: str | None) -> set[str]:
    return {a for a in (aliases or "").split(ALIAS_SEPARATOR) if a}


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


Frames = MutableMapping[str, pd.DataFrame]  # a dict, or a TableStore (one table in memory)


class TableStore(MutableMapping[str, pd.DataFrame]):
    """Frames by table name, each pickled to a file of a temporary folder and read back on
    every lookup: the package's tables pass from step to step without all being in memory at
    once. A lookup returns a new frame (changing it does not change the store; assign it back).
    The folder is deleted with the store."""

    def __init__(self, folder: Path | None = None) -> None:
        """The files go into a new folder inside `folder` (default: the system's temp folder)."""
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(prefix="tables-", dir=folder)
        self.root = Path(self._tmp.name)
        self._files: dict[str, Path] = {}  # in insertion order: the package's table order
        self.rows: dict[str, int] = {}

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        path = self._files.get(name) or self.root / f"{len(self._files)}.pkl"
        with path.open("wb") as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._files[name], self.rows[name] = path, len(frame)

    def __getitem__(self, name: str) -> pd.DataFrame:
        with self._files[name].open("rb") as fh:
            return pickle.load(fh)

    def __delitem__(self, name: str) -> None:
        self._files.pop(name).unlink()
        del self.rows[name]

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._files))

    def __len__(self) -> int:
        return len(self._files)


class FrameBuilder:
    """Rows appended table by table become typed frames every CHUNK_ROWS rows, appended to a
    file per table, so neither plain Python rows (the bulkiest form) nor the frames pile up in
    memory; `frames()` joins each table's pieces in primary-key order into a TableStore."""

    def __init__(self, store: TableStore | None = None) -> None:
        self.specs = load_tables()
        self.store = TableStore() if store is None else store
        self.pending: dict[str, list[dict]] = {name: [] for name in self.specs}
        self.pieces = {name: self.store.root / f"pieces-{i}.pkl"
                       for i, name in enumerate(self.specs)}

    def add(self, table: str, rows: list[dict]) -> None:
        self.pending[table] += rows
        if len(self.pending[table]) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if self.pending[table]:
            with self.pieces[table].open("ab") as fh:
                pickle.dump(to_frame(self.specs[table], self.pending[table], sort=False), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            self.pending[table] = []

    def _read_pieces(self, table: str) -> list[pd.DataFrame]:
        path, pieces = self.pieces[table], []
        if path.is_file():
            with path.open("rb") as fh:
                while fh.peek(1):
                    pieces.append(pickle.load(fh))
            path.unlink()
        return pieces

    def frames(self) -> TableStore:
        """Every table, one at a time: its pieces joined, sorted by primary key, stored."""
        for name, spec in self.specs.items():
            self._flush(name)
            pieces = self._read_pieces(name) or [to_frame(spec, [])]
            frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
            del pieces  # the pieces go before sorting: two copies of a table at most, not three
            self.store[name] = frame.sort_values(list(spec.primary_key), kind="stable",
                                                 ignore_index=True) if len(frame) else frame
            del frame
        return self.store


def build_frames(
    sources: list[Source],
    passages: dict[str, list[Passage]],
    extractions: Iterable[Extraction],
) -> TableStore:
    """All tables of the package, in resource order, on disk (see TableStore). `extractions`
    is read one at a time (it may be a generator reading them from disk)."""
    builder, actors = FrameBuilder(), {}
    builder.add("sources", source_rows(sources))
    for source in sources:
        builder.add("passages", passage_rows(passages[source.source_id],
                                             source.entry.redistribute_text))
    for extraction in extractions:
        for table, rows in extraction.tables.items():
            if table == "actors":
                merge_actors(rows, actors)
            else:
                builder.add(table, rows)
    builder.add("actors", list(actors.values()))
    return builder.frames()
