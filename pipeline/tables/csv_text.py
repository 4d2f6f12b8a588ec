"""A table as the CSV text publishing writes: each cell written as its type says
(metadata.types.to_text), rows in primary-key order, the CSV bytes, and the content hash (an
order-independent sha256 over each row's digest) that publishing records and the checks
recompute."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring_ascii
from pathlib import Path

import numpy as np
import pandas as pd

from ..metadata.specs import TableSpec
from ..metadata.types import to_text

Rows = dict[str, dict[str, str]]  # primary-key string -> column -> CSV cell text
KEY_SEP = "|"
DIGEST_BYTES = 32  # a row_digest: sha256
CHUNK_ROWS = 5_000  # rows formatted as CSV text at a time (~1 KiB each as Python lists)


def key_texts(df: pd.DataFrame, spec: TableSpec) -> list[tuple[str, ...]]:
    """Each row's primary key as text: what row_order sorts by."""
    types = {f.name: f.type for f in spec.fields}
    return list(zip(*([to_text(v, types[k]) for v in df[k].tolist()]
                      for k in spec.primary_key), strict=True)) if len(df) else []


def row_order(df: pd.DataFrame, spec: TableSpec) -> list[int]:
    """Positions of `df`'s rows sorted by primary key as text; rows sharing a key (which
    validation rejects) are ordered by their whole text, so the order is always total."""
    keys = key_texts(df, spec)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    out = []
    for _, group in itertools.groupby(order, key=keys.__getitem__):
        positions = list(group)
        if len(positions) > 1:
            texts = dict(zip(positions, _format(df.iloc[positions], spec), strict=True))
            positions.sort(key=texts.__getitem__)
        out += positions
    return out


def _format(df: pd.DataFrame, spec: TableSpec) -> list[list[str]]:
    types = [f.type for f in spec.fields]
    columns = [df[name].tolist() for name in spec.field_names]
    return [[to_text(v, t) for v, t in zip(cells, types, strict=True)]
            for cells in zip(*columns, strict=True)]


def text_chunks(df: pd.DataFrame, spec: TableSpec, order: list[int]) -> Iterator[list[list[str]]]:
    """The rows of `df` as CSV text in schema column order and in `order`, CHUNK_ROWS at a
    time (a large table is never held as text whole)."""
    for i in range(0, len(order), CHUNK_ROWS):
        yield _format(df.iloc[order[i : i + CHUNK_ROWS]], spec)


def text_rows(df: pd.DataFrame, spec: TableSpec) -> tuple[list[list[str]], list[int]]:
    """Rows of a frame as CSV text in schema column order, sorted by primary key (as text),
    and the positions in `df` of the sorted rows (to order the Parquet twin the same way)."""
    order = row_order(df, spec)
    return [row for chunk in text_chunks(df, spec, order) for row in chunk], order


def csv_bytes(rows: list[list[str]]) -> bytes:
    """CSV lines (UTF-8, LF line endings, minimal quoting) of `rows`."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def read_csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a published CSV, every cell as text."""
    with path.open(encoding="utf-8", newline="") as fh:
        all_rows = list(csv.reader(fh))
    return (all_rows[0], all_rows[1:]) if all_rows else ([], [])


def keyed(header: list[str], rows: list[list[str]], primary_key: tuple[str, ...]) -> Rows:
    """Rows keyed by their primary key ("a|b" for compound keys)."""
    idx = [header.index(k) for k in primary_key]
    return {KEY_SEP.join(r[i] for i in idx): dict(zip(header, r, strict=True)) for r in rows}


def row_digest(row: Sequence[str]) -> bytes:
    """sha256 of `json.dumps(row)` for a row of CSV cells, spelled out to skip building an
    encoder per row (a quarter of the time of hashing a table): the same bytes."""
    return hashlib.sha256(f"[{', '.join(map(encode_basestring_ascii, row))}]".encode()).digest()


def content_hash(rows: list[list[str]]) -> str:
    """Order-independent hash: sha256 over the sorted sha256 of each row's JSON form."""
    return digests_hash([row_digest(r) for r in rows])


def digests_hash(digests: list[bytes] | bytes | bytearray) -> str:
    """content_hash from the rows' digests (row_digest): a list, or their bytes end to end."""
    if isinstance(digests, list):
        ordered = b"".join(sorted(digests))
    else:  # sorted as bytes: by their four 8-byte words, big-endian
        words = np.frombuffer(bytes(digests), dtype=">u8").reshape(-1, DIGEST_BYTES // 8)
        ordered = words[np.lexsort(words.T[::-1])].tobytes()
    total, n = hashlib.sha256(), DIGEST_BYTES
    for i in range(0, len(ordered), n * CHUNK_ROWS):  # "\n".join of their hex, in blocks
        block = ordered[i : i + n * CHUNK_ROWS]
        text = "\n".join(block[j : j + n].hex() for j in range(0, len(block), n))
        total.update((("\n" if i else "") + text).encode("ascii"))
    return "sha256:" + total.hexdigest()
