"""Turns sources, passages and extracted rows into one typed DataFrame per table, sorted by
primary key and kept on disk in chunks (TableStore), so that a large package passes from step
to step with one chunk of one table in memory."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .models import Extraction, Passage, Source
from .schema import TableSpec, load_tables, to_pandas_dtypes

ALIAS_SEPARATOR = " | "
CHUNK_ROWS = 2_000  # rows of one table turned into a typed frame at a time
STORE_ROWS = 50_000  # rows of one table per chunk on disk (TableStore)
SORT_MEMORY = "128MB"  # DuckDB's memory while sorting a table; beyond it, it spills to disk
# Arrow types of the pieces (as the published Parquet's), and back to the pandas dtypes
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
               "boolean": pa.bool_(), "date": pa.date32()}
ARROW_TO_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(),
                   pa.bool_(): pd.BooleanDtype()}


def arrow_schema(spec: TableSpec, metadata: dict[str, str] | None = None) -> pa.Schema:
    """The table's Arrow schema: the schema's types, required fields not nullable."""
    return pa.schema([pa.field(f.name, ARROW_TYPES[f.type], nullable=not f.required,
                               metadata={"description": f.description}) for f in spec.fields],
                     metadata=metadata)


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
    frame = conform(spec, pd.DataFrame.from_records(rows, columns=spec.field_names))
    if sort and len(frame):
        frame = frame.sort_values(list(spec.primary_key), kind="stable", ignore_index=True)
    return frame


def conform(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s columns cast to the schema's pandas dtypes (missing dates and strings None)."""
    for name, dtype in to_pandas_dtypes(spec).items():
        if dtype is object:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


Frames = MutableMapping[str, pd.DataFrame]  # a dict, or a TableStore (one chunk in memory)


class TableStore(MutableMapping[str, pd.DataFrame]):
    """Frames by table name, kept on disk as pickled chunks of at most STORE_ROWS rows in a
    temporary folder: the package's tables pass from step to step while memory holds one chunk
    (`chunks`) or, when looked up whole, one table. A lookup returns a new frame (changing it
    does not change the store; assign it back). The folder is deleted with the store."""

    def __init__(self, folder: Path | None = None) -> None:
        """The files go into a new folder inside `folder` (default: the system's temp folder)."""
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(prefix="tables-", dir=folder)
        self.root = Path(self._tmp.name)
        self._files: dict[str, list[Path]] = {}  # in insertion order: the package's table order
        self._made = 0
        self.rows: dict[str, int] = {}

    def put(self, name: str, chunks: Iterable[pd.DataFrame]) -> None:
        """Store a table given as consecutive chunks, each written as it comes."""
        files, rows, empty = [], 0, None
        for chunk in chunks:
            if empty is None:
                empty = chunk.iloc[:0].copy()  # the dtypes, for a table without rows
            for start in range(0, len(chunk), STORE_ROWS):
                files.append(self._dump(chunk.iloc[start : start + STORE_ROWS]))
                rows += min(STORE_ROWS, len(chunk) - start)
        if not files:
            files.append(self._dump(pd.DataFrame() if empty is None else empty))
        for path in self._files.get(name, []):
            path.unlink()
        self._files[name], self.rows[name] = files, rows

    def _dump(self, frame: pd.DataFrame) -> Path:
        path, self._made = self.root / f"{self._made}.pkl", self._made + 1
        with path.open("wb") as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def chunks(self, name: str) -> Iterator[pd.DataFrame]:
        """The table a chunk at a time, in order; each chunk's index counts rows from the
        table's first (so a row label is the same as in the whole frame)."""
        offset = 0
        for path in self._files[name]:
            with path.open("rb") as fh:
                chunk = pickle.load(fh)
            chunk.index = pd.RangeIndex(offset, offset + len(chunk))
            offset += len(chunk)
            yield chunk

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self.put(name, [frame])

    def __getitem__(self, name: str) -> pd.DataFrame:
        parts = list(self.chunks(name))
        return parts[0] if len(parts) == 1 else pd.concat(parts)

    def __delitem__(self, name: str) -> None:
        for path in self._files.pop(name):
            path.unlink()
        del self.rows[name]

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._files))

    def __len__(self) -> int:
        return len(self._files)


def chunks(frames: Mapping[str, pd.DataFrame], name: str) -> Iterator[pd.DataFrame]:
    """A table of a TableStore a chunk at a time; of any other mapping, whole."""
    if isinstance(frames, TableStore):
        yield from frames.chunks(name)
    else:
        yield frames[name]


def column(frames: Mapping[str, pd.DataFrame], name: str, field: str) -> pd.Series:
    """One column of a table, read a chunk at a time (only the column is kept)."""
    parts = [chunk[field] for chunk in chunks(frames, name)]
    return parts[0] if len(parts) == 1 else pd.concat(parts)


def n_rows(frames: Mapping[str, pd.DataFrame], name: str) -> int:
    return frames.rows[name] if isinstance(frames, TableStore) else len(frames[name])


class FrameBuilder:
    """Rows appended table by table become typed frames every CHUNK_ROWS rows, appended to a
    Parquet file per table, so neither plain Python rows (the bulkiest form) nor the frames
    pile up in memory. `frames()` sorts each table by primary key in DuckDB, which spills to
    disk beyond SORT_MEMORY, into a TableStore a chunk at a time."""

    def __init__(self, store: TableStore | None = None) -> None:
        self.specs = load_tables()
        self.store = TableStore() if store is None else store
        self.pending: dict[str, list[dict]] = {name: [] for name in self.specs}
        self.pieces = {name: self.store.root / f"pieces-{i}.parquet"
                       for i, name in enumerate(self.specs)}
        self.writers: dict[str, pq.ParquetWriter] = {}

    def add(self, table: str, rows: list[dict]) -> None:
        self.pending[table] += rows
        if len(self.pending[table]) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if not self.pending[table]:
            return
        frame = to_frame(self.specs[table], self.pending[table], sort=False)
        self.pending[table] = []
        schema = arrow_schema(self.specs[table])
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(self.pieces[table], schema,
                                                   compression="none")
        self.writers[table].write_table(
            pa.Table.from_pandas(frame, schema=schema, preserve_index=False))

    def frames(self) -> TableStore:
        """Every table, one at a time: its pieces sorted by primary key, stored in chunks."""
        import duckdb

        config = {"memory_limit": SORT_MEMORY, "threads": 1,
                  "temp_directory": str(self.store.root / "spill")}
        with duckdb.connect(config=config) as con:
            for name, spec in self.specs.items():
                self._flush(name)
                if name not in self.writers:
                    self.store[name] = to_frame(spec, [])
                    continue
                self.writers.pop(name).close()
                self.store.put(name, sorted_chunks(con, self.pieces[name], spec))
                self.pieces[name].unlink()
        return self.store


def sorted_chunks(con: Any, path: Path, spec: TableSpec) -> Iterator[pd.DataFrame]:
    """The rows of a Parquet file in primary-key order (ties, which validation rejects, by
    every column), STORE_ROWS at a time, as typed frames. DuckDB compares strings by their
    UTF-8 bytes: the order of their code points, as Python sorts them."""
    order = ", ".join(f"{_q(c)} NULLS FIRST" for c in [*spec.primary_key, *spec.field_names])
    columns = ", ".join(map(_q, spec.field_names))
    reader = con.execute(f"SELECT {columns} FROM read_parquet(?) ORDER BY {order}",
                         [str(path)]).to_arrow_reader(STORE_ROWS)
    for batch in reader:
        yield conform(spec, batch.to_pandas(types_mapper=ARROW_TO_PANDAS.get))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
