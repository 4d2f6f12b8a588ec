"""The two files of a published table read back: the CSV's rows and content hash, and its
Parquet twin compared with it cell by cell.

The CSV is read as `csv_text.read_csv_rows` reads it (Python's csv module, every cell text),
CHUNK_ROWS rows at a time, and its content hash is computed as publishing computes it: the
sha256 of each row (`csv_text.row_digest`), then `csv_text.digests_hash`. The Parquet file is
read with pyarrow the same number of rows at a time, in step, and each cell is formatted as
publishing formats the CSV's (`metadata.types.to_text`): Arrow's casts give the same text for
integers, booleans and dates; numbers take Python's repr, as to_text does, since Arrow
writes 1.0 as "1". The two are compared a column at a time in Arrow, the very cells the
content hash was computed from, so an order-independent hash is not needed for the twin: its
rows must be the CSV's, in the CSV's order.

Nothing here compares with a descriptor: `read_table_files` returns what the files hold
(TableFiles), and release_files.py says what a descriptor promised.
"""

from __future__ import annotations

import csv
import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..metadata import types
from ..metadata.specs import TableSpec
from ..tables import csv_text

CHUNK_ROWS = csv_text.CHUNK_ROWS
PARQUET_ERRORS = (pa.ArrowException, OSError)  # an empty, truncated or corrupt Parquet file


@dataclass
class Twin:
    """The Parquet file as read: its rows (None when it cannot be opened), why it cannot be read
    or holds other columns or types than the schema's, and the rows whose cells differ from the
    CSV's: how many, the first one (numbered as in the CSV: the header is row 1) and its
    columns. Cells are not compared when the CSV's header is not the schema's."""

    rows: int | None = None
    unreadable: str | None = None
    mismatch: str | None = None  # columns or types that are not the schema's
    differing: int = 0
    first: tuple[int, list[str]] | None = None


@dataclass
class TableFiles:
    """The CSV as read: its header, rows and content hash (None when the file cannot be read
    to its end, with the reason), and its Parquet twin (None when there is none to read)."""

    header: list[str] | None = None
    rows: int = 0
    content_hash: str | None = None
    unreadable: str | None = None
    twin: Twin | None = field(default=None)


def read_table_files(csv_path: Path, parquet_path: Path | None,
                     spec: TableSpec | None) -> TableFiles:
    """Read the CSV to its end (rows, content hash) and, when `parquet_path` and `spec` (the
    schema in the table's descriptor) are given, compare the Parquet file with it."""
    parquet = None if parquet_path is None or spec is None else _Parquet(parquet_path, spec)
    try:
        facts = _read_csv(csv_path, parquet)
    finally:
        if parquet is not None:
            parquet.close()
    facts.twin = None if parquet is None else parquet.twin
    return facts


def _read_csv(path: Path, parquet: _Parquet | None) -> TableFiles:
    facts, digests = TableFiles(), bytearray()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            facts.header = next(reader, [])
            if parquet is not None and facts.header != parquet.names:
                parquet.skip = True  # its columns are reported by the CSV's own checks
            while chunk := list(itertools.islice(reader, CHUNK_ROWS)):
                digests += b"".join(map(csv_text.row_digest, chunk))
                if parquet is not None:
                    parquet.compare(chunk, facts.rows)
                facts.rows += len(chunk)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        facts.unreadable = str(err)
        return facts
    facts.content_hash = csv_text.digests_hash(digests)
    return facts


class _Parquet:
    """A Parquet file read in step with the CSV, a chunk of rows at a time."""

    def __init__(self, path: Path, spec: TableSpec) -> None:
        self.twin, self.file, self.pending, self.skip = Twin(), None, [], False
        self.names, self.types = spec.field_names, [f.type for f in spec.fields]
        expected = pa.schema([(f.name, types.ARROW[f.type]) for f in spec.fields])
        try:
            self.file = pq.ParquetFile(path)
            self.twin.rows = self.file.metadata.num_rows
            schema = self.file.schema_arrow
            self.batches = self.file.iter_batches(batch_size=CHUNK_ROWS)
        except PARQUET_ERRORS as err:
            self.twin.unreadable = str(err)
            return
        if schema.names != expected.names or schema.types != expected.types:
            self.twin.mismatch = f"columns {_columns(schema)}; the schema's {_columns(expected)}"

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    def compare(self, chunk: list[list[str]], start: int) -> None:
        """Compare the CSV rows `chunk` (rows start+1… of the table) with the next rows of the
        Parquet file; a row of the wrong length differs in every cell."""
        if self.skip or self.twin.unreadable is not None or self.twin.mismatch is not None:
            return
        try:
            table = self._take(len(chunk))
        except PARQUET_ERRORS as err:
            self.twin.unreadable = str(err)
            return
        if not table.num_rows:
            return
        equal = [pc.fill_null(pc.equal(pa.array(column, pa.string()), _texts(values, ftype)),
                              False)
                 for column, values, ftype in zip(_columns_of(chunk[:table.num_rows],
                                                              len(self.types)),
                                                  table.columns, self.types, strict=True)]
        differing = pc.indices_nonzero(pc.invert(functools.reduce(pc.and_, equal)))
        if len(differing) and self.twin.first is None:
            at = differing[0].as_py()
            names = [n for n, eq in zip(self.names, equal, strict=True) if not eq[at].as_py()]
            self.twin.first = (start + at + 2, names)
        self.twin.differing += len(differing)

    def _take(self, n: int) -> pa.Table:
        """The next `n` rows of the Parquet file (fewer at its end)."""
        held = sum(b.num_rows for b in self.pending)
        while held < n and (batch := next(self.batches, None)) is not None:
            self.pending.append(batch)
            held += batch.num_rows
        table = pa.Table.from_batches(self.pending, schema=self.file.schema_arrow)
        self.pending = table.slice(n).to_batches()
        return table.slice(0, n).combine_chunks()


def _columns_of(rows: list[list[str]], width: int) -> list[tuple[str | None, ...]]:
    """The cells of `rows` by column; a row of the wrong length has None (no cell) in each."""
    try:
        columns = list(zip(*rows, strict=True))  # every row of the same length, or ValueError
        if len(columns) == width:
            return columns
    except ValueError:
        pass
    return list(zip(*(row if len(row) == width else [None] * width for row in rows),
                    strict=True))


def _texts(values: pa.ChunkedArray, ftype: str) -> pa.Array:
    """A Parquet column as the CSV's cells: text, a missing value as "". Numbers as
    types.to_text writes a float: repr, NaN as missing."""
    if ftype == "number":
        return pa.array(["" if v is None or v != v else repr(v) for v in values.to_pylist()],
                        pa.string())
    return pc.fill_null(pc.cast(values, pa.string()), "")


def _columns(schema: pa.Schema) -> str:
    return "[" + ", ".join(f"{f.name}: {f.type}" for f in schema) + "]"
