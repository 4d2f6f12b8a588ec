"""A table's two files in a release: data/<table>.csv and its Parquet twin, written a chunk at a
time in primary-key order, and the resource entry the descriptor records for them (hashes,
sizes, rows, content hash)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..metadata.schema import to_arrow, to_frictionless
from ..metadata.specs import TableSpec
from ..tables import csv_text

PARQUET_COMPRESSION = "zstd"
PARQUET_ROW_GROUP = 100_000  # rows per Parquet row group: a smaller table is one row group


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _OutOfOrder(Exception):
    """The chunks of a table are not in primary-key order."""


def _in_key_order(chunks: Iterable[pd.DataFrame], spec: TableSpec) -> Iterator[pd.DataFrame]:
    """The chunks, checked to hold their rows in strictly rising key order (csv_text.row_order's,
    which then leaves them as they are) within and across chunks."""
    last: list[tuple[str, ...]] = []
    for chunk in chunks:
        keys = last + csv_text.key_texts(chunk, spec)
        if any(a >= b for a, b in itertools.pairwise(keys)):
            raise _OutOfOrder(spec.name)
        last = keys[-1:]
        yield chunk


def _arrow(chunk: pd.DataFrame, spec: TableSpec) -> pa.Table:
    # from_pandas: NaN, NA and None all become null, as the CSV's empty cells
    schema = to_arrow(spec)
    return pa.Table.from_arrays(
        [pa.array(chunk[f.name], type=f.type, from_pandas=True) for f in schema], schema=schema)


def write_table(stage: Path, read: Callable[[], Iterable[pd.DataFrame]], spec: TableSpec,
                version: str, package: str) -> dict[str, Any]:
    """Write data/<table>.csv and .parquet from the table's chunks (`read()`) in primary-key
    order; return the resource entry for the descriptor. Chunks already in order (a built
    table) are written as they come; otherwise the table is read whole and sorted."""
    try:
        return _write_table(stage, _in_key_order(read(), spec), spec, version, package)
    except _OutOfOrder:
        whole = pd.concat(list(read()), ignore_index=True)
        ordered = whole.iloc[csv_text.row_order(whole, spec)].reset_index(drop=True)
        del whole
        return _write_table(stage, [ordered], spec, version, package)


def _write_table(stage: Path, chunks: Iterable[pd.DataFrame], spec: TableSpec, version: str,
                 package: str) -> dict[str, Any]:
    csv_path, pq_path = stage / "data" / f"{spec.name}.csv", stage / "data" / f"{spec.name}.parquet"
    meta = {"package": package, "version": version, "resource": spec.name,
            "description": spec.description}
    header = csv_text.csv_bytes([spec.field_names])
    digest, digests, rows = hashlib.sha256(header), bytearray(), 0
    pending = _arrow(pd.DataFrame(columns=spec.field_names), spec)  # rows for the next row group
    with csv_path.open("wb") as fh, pq.ParquetWriter(
            pq_path, to_arrow(spec, meta), compression=PARQUET_COMPRESSION,
            write_statistics=True) as parquet:
        fh.write(header)
        for chunk in chunks:
            for text in csv_text.text_chunks(chunk, spec, range(len(chunk))):
                data = csv_text.csv_bytes(text)
                fh.write(data)
                digest.update(data)
                digests += b"".join(map(csv_text.row_digest, text))
            rows += len(chunk)
            pending = pa.concat_tables([pending, _arrow(chunk, spec)])
            while len(pending) >= PARQUET_ROW_GROUP:
                parquet.write_table(pending.slice(0, PARQUET_ROW_GROUP).combine_chunks())
                pending = pending.slice(PARQUET_ROW_GROUP)
        if len(pending) or not rows:  # an empty table is written as one empty row group
            parquet.write_table(pending.combine_chunks())
    return {
        "name": spec.name, "title": spec.title, "description": spec.description,
        "path": f"data/{spec.name}.csv", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "bytes": csv_path.stat().st_size,
        "hash": f"sha256:{digest.hexdigest()}",
        "schema": to_frictionless(spec), "x_rows": rows,
        "x_content_hash": csv_text.digests_hash(digests),
        "x_parquet": f"data/{spec.name}.parquet",
        "x_parquet_hash": f"sha256:{_sha256(pq_path.read_bytes())}",
    }
