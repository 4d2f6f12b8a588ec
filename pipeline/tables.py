"""Turns sources, passages and extracted rows into one typed DataFrame per table."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

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


class FrameBuilder:
    """Rows appended table by table become typed frames every CHUNK_ROWS rows, so plain Python
    rows (the bulkiest form) never pile up; `frames()` joins the pieces in primary-key order."""

    def __init__(self) -> None:
        self.specs = load_tables()
        self.pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in self.specs}
        self.pending: dict[str, list[dict]] = {name: [] for name in self.specs}

    def add(self, table: str, rows: list[dict]) -> None:
        self.pending[table] += rows
        if len(self.pending[table]) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if self.pending[table]:
            self.pieces[table].append(to_frame(self.specs[table], self.pending[table], sort=False))
            self.pending[table] = []

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for name, spec in self.specs.items():
            self._flush(name)
            pieces = self.pieces.pop(name) or [to_frame(spec, [])]
            frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
            del pieces  # the pieces go before sorting: two copies of a table at most, not three
            out[name] = frame.sort_values(list(spec.primary_key), kind="stable",
                                          ignore_index=True) if len(frame) else frame
        return out


def build_frames(
    sources: list[Source],
    passages: dict[str, list[Passage]],
    extractions: Iterable[Extraction],
) -> dict[str, pd.DataFrame]:
    """All tables of the package, in resource order. `extractions` is read one at a time (it
    may be a generator reading them from disk)."""
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
