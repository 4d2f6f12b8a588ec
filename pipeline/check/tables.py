"""The rules over tables: pandera per table, then the rules a type cannot express (keys
across tables, spans that match their text). check_tables runs them on the tables a build is
about to publish; package.py runs them on a published package read back.

Every problem is reported at once, each naming table, row and rule.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator

import pandas as pd
import pandera.errors

from ..errors import ValidationFailed
from ..metadata.enums import Table
from ..metadata.schema import to_pandera
from ..metadata.specs import TableSpec, load_tables
from ..models import Source
from ..tables.frames import sort_keys
from ..tables.store import Frames, chunks, column, n_rows


def _row_label(spec: TableSpec, frame: pd.DataFrame, index: object) -> str:
    if index is None or index not in frame.index:
        return "table"
    values = frame.loc[index, list(spec.primary_key)]
    key = ", ".join(f"{k}={v}" for k, v in zip(spec.primary_key, values, strict=True))
    # Rows are numbered as in the CSV file (and by Frictionless): the header is row 1.
    return f"row {int(index) + 2} ({key})"


def check_schema(spec: TableSpec, frame: pd.DataFrame) -> list[str]:
    """pandera, lazily: every failing cell and check of one table."""
    try:
        to_pandera(spec).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
        problems = []
        for case in cases.itertuples(index=False):
            index = None if pd.isna(case.index) else case.index
            column = "" if pd.isna(case.column) else f" column {case.column}:"
            problems.append(
                f"{spec.name}: {_row_label(spec, frame, index)}:{column} rule '{case.check}' "
                f"failed (value {case.failure_case!r})"
            )
        return problems
    return []


def check_table(spec: TableSpec, frames: Frames) -> list[str]:
    """check_schema a chunk at a time. A chunk's own duplicates are pandera's; a key repeated
    across chunks is found at their borders when the chunks are in key order (as a built
    table is), else by collecting the keys."""
    problems, last, seen = [], None, None
    for chunk in chunks(frames, spec.name):
        problems += check_schema(spec, chunk)
        if not len(chunk):
            continue
        keys = sort_keys(chunk, spec)
        if seen is None and (keys != sorted(keys) or (last is not None and keys[0] < last)):
            seen = set(_collected(spec, frames, upto=chunk.index[0]))
        if seen is not None:
            problems += [_repeat(spec, chunk, i) for i, k in zip(chunk.index, keys, strict=True)
                         if k in seen]
            seen.update(keys)
        elif keys[0] == last:
            problems.append(_repeat(spec, chunk, chunk.index[0]))
        last = keys[-1]
    return problems


def _collected(spec: TableSpec, frames: Frames, upto: int) -> Iterator[str]:
    """The keys of the rows before row `upto`."""
    for chunk in chunks(frames, spec.name):
        if chunk.index[0] >= upto:
            return
        yield from sort_keys(chunk, spec)


def _repeat(spec: TableSpec, chunk: pd.DataFrame, index: object) -> str:
    return (f"{spec.name}: {_row_label(spec, chunk, index)}: rule 'primary-key' failed "
            f"(the key of an earlier row)")


def check_keys(frames: Frames, tables: dict[str, TableSpec]) -> list[str]:
    """Foreign keys across tables and the minimum row counts, a chunk at a time; the
    referenced keys are read once per referenced column."""
    problems, keys = [], {}
    for name, spec in tables.items():
        if (rows := n_rows(frames, name)) < spec.min_rows:
            problems.append(f"{name}: table: rule 'min-rows' failed ({rows} < {spec.min_rows})")
        for fk in spec.foreign_keys:
            target = (fk["reference"]["resource"], fk["reference"]["fields"][0])
            if target not in keys:
                keys[target] = set(column(frames, *target).dropna())
        for chunk in chunks(frames, name) if spec.foreign_keys else ():
            for fk in spec.foreign_keys:
                problems += _missing(spec, chunk, fk, keys)
    return problems


def _missing(spec: TableSpec, chunk: pd.DataFrame, fk: dict, keys: dict) -> list[str]:
    (field,), ref = fk["fields"], fk["reference"]
    known = keys[(ref["resource"], ref["fields"][0])]
    return [f"{spec.name}: {_row_label(spec, chunk, index)}: rule 'foreign-key' failed "
            f"({field}={value!r} not in {ref['resource']}.{ref['fields'][0]})"
            for index, value in chunk[field].items() if pd.notna(value) and value not in known]


def _spans(frame: pd.DataFrame):
    """(index, source_id, start, end, text) of every row with a complete span."""
    columns = [frame[c].tolist() for c in ("source_id", "char_start", "char_end", "text")]
    for index, (source_id, start, end, text) in zip(frame.index, zip(*columns, strict=True),
                                                     strict=True):
        if not (pd.isna(start) or pd.isna(end)):  # missing offsets are reported by pandera
            yield index, source_id, int(start), int(end), None if pd.isna(text) else text


def check_spans_in_sources(
    frames: Frames, tables: dict[str, TableSpec], sources: list[Source]
) -> list[str]:
    """Every span lies inside its source and its `text` is exactly the source slice."""
    texts = {s.source_id: s.text for s in sources}
    problems = []
    for name, spec in tables.items():
        if not spec.span_source:
            continue
        for frame in chunks(frames, name):
            problems += _outside_sources(spec, frame, texts)
    return problems


def _outside_sources(spec: TableSpec, frame: pd.DataFrame, texts: dict[str, str]) -> list[str]:
    problems = []
    for index, source_id, start, end, value in _spans(frame):
        text = texts.get(source_id)
        if text is None:
            continue  # reported by the foreign-key check
        if not 0 <= start <= end <= len(text):
            problems.append(f"{spec.name}: {_row_label(spec, frame, index)}: rule "
                            f"'span-in-source' failed ({start}:{end} of {len(text)})")
        elif value is not None and value != text[start:end]:
            problems.append(f"{spec.name}: {_row_label(spec, frame, index)}: rule 'span-text' "
                            f"failed (text != source[{start}:{end}])")
    return problems


def _passage_index(frames: Frames) -> dict[str, tuple[list[int], list[tuple]]]:
    """Per source: passage starts (sorted) and (start, end, text) for a bisect lookup."""
    index: dict[str, list[tuple]] = {}
    for passages in chunks(frames, Table.PASSAGES):
        for _, source_id, start, end, text in _spans(passages):
            index.setdefault(source_id, []).append((start, end, text))
    return {sid: ([p[0] for p in sorted(ps)], sorted(ps)) for sid, ps in index.items()}


def check_spans_in_passages(frames: Frames, tables: dict[str, TableSpec]) -> list[str]:
    """In a published package: every span lies in a passage of its source and matches its text,
    and each passage's text matches its hash. Holds the passages' spans and texts and one chunk
    of another table at a time."""
    lookup = _passage_index(frames)
    problems = []
    for name, spec in tables.items():
        if not spec.span_source or name == Table.PASSAGES:
            continue
        for frame in chunks(frames, name):
            problems += _outside_passages(spec, frame, lookup)
    for passages in chunks(frames, Table.PASSAGES):
        hashes = passages["text_sha256"].tolist()
        for (index, text), digest in zip(passages["text"].items(), hashes, strict=True):
            if pd.notna(text) and hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
                problems.append(f"passages: {_row_label(tables[Table.PASSAGES], passages, index)}: "
                                "rule 'text-hash' failed (text_sha256 does not match text)")
    return problems


def _outside_passages(spec: TableSpec, frame: pd.DataFrame, lookup: dict) -> list[str]:
    problems = []
    for index, source_id, start, end, value in _spans(frame):
        if source_id not in lookup:
            continue  # reported by the foreign-key check
        starts, spans = lookup[source_id]
        at = bisect.bisect_right(starts, start) - 1
        if at < 0 or spans[at][1] < end:
            problems.append(f"{spec.name}: {_row_label(spec, frame, index)}: "
                            f"rule 'span-in-passage' failed ({start}:{end})")
            continue
        p_start, _, p_text = spans[at]
        if p_text is not None and value is not None and (
            p_text[start - p_start : end - p_start] != value
        ):
            problems.append(f"{spec.name}: {_row_label(spec, frame, index)}: rule 'span-text' "
                            f"failed (text != source[{start}:{end}])")
    return problems


def check_tables(frames: Frames, sources: list[Source]) -> Frames:
    """Validate all tables before publishing (from a TableStore one at a time); raise
    ValidationFailed listing every problem."""
    tables = load_tables()
    problems = [p for spec in tables.values() for p in check_table(spec, frames)]
    problems += check_keys(frames, tables)
    problems += check_spans_in_sources(frames, tables, sources)
    if problems:
        raise ValidationFailed("tables", problems)
    return frames
