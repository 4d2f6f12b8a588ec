"""Checks tables before publishing and whole packages after: pandera per table, then the rules
a type cannot express (keys across tables, spans that match their text), then Frictionless.

Every problem is reported at once, each naming table, row and rule.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pandera.errors
from frictionless import FrictionlessException, Package

from . import fastcheck, package_checks, version_checks
from .errors import ValidationFailed
from .metadata.schema import TableSpec, load_tables, to_pandas_dtypes, to_pandera
from .models import Source
from .tables.frames import sort_keys
from .tables.store import STORE_ROWS, Frames, TableStore, chunks, column, n_rows

LARGE_PACKAGE_ROWS = 50_000


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
    for passages in chunks(frames, "passages"):
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
        if not spec.span_source or name == "passages":
            continue
        for frame in chunks(frames, name):
            problems += _outside_passages(spec, frame, lookup)
    for passages in chunks(frames, "passages"):
        hashes = passages["text_sha256"].tolist()
        for (index, text), digest in zip(passages["text"].items(), hashes, strict=True):
            if pd.notna(text) and hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
                problems.append(f"passages: {_row_label(tables['passages'], passages, index)}: "
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


def read_frames(package_dir: Path, descriptor: dict, frames: Frames | None = None
                ) -> tuple[Frames, list[str]]:
    """Read each resource's CSV with the dtypes of the schemas, reporting missing resources and
    files, CSVs that cannot be parsed (these tables are left out of the frames), missing or
    extra columns and cells that do not parse as their type (these become missing values).
    The frames go into `frames` (a new dict by default; a TableStore keeps one in memory)."""
    tables, problems = load_tables(), []
    frames = {} if frames is None else frames
    paths = {r["name"]: r.get("path") for r in descriptor.get("resources", [])
             if isinstance(r, dict) and isinstance(r.get("name"), str)}
    for name, spec in tables.items():
        if name not in paths:
            problems.append(f"datapackage.json: resource {name}: rule 'resource-missing' failed")
            continue
        path = package_dir / str(paths[name] or "")
        if not isinstance(paths[name], str) or not path.is_file():
            problems.append(f"{name}: file {paths[name]}: rule 'file-missing' failed")
            continue
        read_problems: list[str] = []
        try:
            if isinstance(frames, TableStore):
                frames.put(name, _read_csv(path, spec, read_problems))
            else:
                frames[name] = pd.concat(list(_read_csv(path, spec, read_problems)))
        except (ValueError, OSError) as err:  # ParserError, EmptyDataError, UnicodeDecodeError
            read_problems = [f"{name}: file {paths[name]}: rule 'csv' failed ({err})"]
            frames.pop(name, None)
        problems += read_problems
    return frames, problems


def _parse(values: pd.Series, dtype: object) -> pd.Series:
    """Cells as the schema's type; a cell that does not parse becomes missing (NA)."""
    if dtype is object:  # dates: ISO only
        def iso(v: object) -> dt.date | None:
            try:
                return dt.date.fromisoformat(v) if isinstance(v, str) else None
            except ValueError:
                return None
        return values.map(iso)
    if dtype in ("bool", "boolean"):
        parsed = values.map({"true": True, "false": False})
        return parsed.astype(dtype) if parsed.notna().all() else parsed.astype("boolean")
    if dtype in ("int64", "Int64", "float64", "Float64"):
        parsed = pd.to_numeric(values, errors="coerce")
        nullable = {"int64": "Int64", "float64": "Float64"}.get(str(dtype), dtype)
        if str(dtype) in ("int64", "Int64") and (parsed.dropna() % 1 != 0).any():
            return parsed.astype("Float64")  # pandera reports the wrong dtype
        return parsed.astype(dtype if parsed.notna().all() else nullable)
    return values.astype("str")


def _read_csv(path: Path, spec: TableSpec, problems: list[str]) -> Iterator[pd.DataFrame]:
    """The CSV a chunk of STORE_ROWS rows at a time, parsed as the schema's types; problems of
    its columns and cells are appended to `problems`."""
    dtypes = to_pandas_dtypes(spec)
    with pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8",
                     chunksize=STORE_ROWS) as reader:
        for n, raw in enumerate(reader):
            if list(raw.columns) != spec.field_names:
                missing = [c for c in spec.field_names if c not in raw.columns]
                extra = [c for c in raw.columns if c not in spec.field_names]
                if not n:
                    problems.append(f"{spec.name}: file {path.name}: rule 'columns' failed "
                                    f"(expected {spec.field_names}; missing {missing}, "
                                    f"extra {extra})")
                raw = raw.reindex(columns=spec.field_names)
            frame = pd.DataFrame(index=raw.index)
            for column in raw.columns:
                values = raw[column]
                frame[column] = parsed = _parse(values, dtypes.get(column, "str"))
                for index in values.index[values.notna() & parsed.isna()]:
                    problems.append(
                        f"{spec.name}: row {index}: column {column}: rule 'type' failed (value "
                        f"{values[index]!r} is not of type {spec.field(column).type})")
            yield frame


def _read_by_frictionless(check: Callable[..., list[str]], *args: object) -> list[str]:
    """A check that runs Frictionless, which raises FrictionlessException, and on some
    malformed descriptors TypeError, ValueError, AttributeError, KeyError or OSError (a field
    that is not an object, a resource given as a string it takes for a file's path):
    reported as a problem of the descriptor."""
    try:
        return check(*args)
    except FrictionlessException as err:
        return [f"datapackage.json: rule 'frictionless' failed ({err.error.message})"]
    except (TypeError, ValueError, AttributeError, KeyError, OSError) as err:
        return [f"datapackage.json: rule 'frictionless' failed (cannot read the descriptor: "
                f"{type(err).__name__}: {err})"]


def check_frictionless(descriptor_path: Path) -> list[str]:
    """The official Frictionless validator over the whole package."""
    try:
        report = Package(str(descriptor_path)).validate()
    except FrictionlessException as err:
        return [f"datapackage.json: rule 'frictionless' failed ({err.error.message})"]
    return fastcheck.frictionless_messages(report)


def validate_package(package_dir: Path, latest_only: bool = False) -> list[str]:
    """Every problem of a published package: the latest release (check_release), then, unless
    `latest_only`, every release kept in versions/ against its own descriptor and the latest
    against the newest of them (version_checks.py). A file held by several releases is read
    once."""
    seen = package_checks.Seen()
    descriptor, problems = package_checks.read_descriptor(package_dir)
    if descriptor is not None:
        problems += check_release(package_dir, descriptor, seen)
    if not latest_only:
        problems += version_checks.check_versions(package_dir, descriptor, seen)
    return list(dict.fromkeys(problems))  # a file checked by two validators: each problem once


def check_release(package_dir: Path, descriptor: dict, seen: package_checks.Seen) -> list[str]:
    """The release at the top of a package: hashes, pandera, keys, spans and Frictionless;
    the rows, content hash and Parquet twin each resource records, the release's files, and,
    in the pipeline's own package, each resource's schema against schemas/. Above
    LARGE_PACKAGE_ROWS rows the per-row Table Schema rules run in DuckDB (pipeline/fastcheck.py:
    every rule, every row) and Frictionless reads a sample of each file, because the
    row-by-row validators take about 15 s per 100k rows."""
    descriptor_path = package_dir / "datapackage.json"
    problems = package_checks.check_hashes(package_dir, descriptor, seen)
    shape = package_checks.check_shape(descriptor)
    store = TableStore()  # the package read back is held one table at a time
    frames, read_problems = read_frames(package_dir, descriptor, store)
    problems += [p for p in read_problems if p not in problems]  # check_hashes names missing files
    tables = load_tables()
    large = sum(store.rows.values()) > LARGE_PACKAGE_ROWS
    if large:  # every rule on every row in DuckDB; Frictionless reads a sample of each file
        problems += shape or fastcheck.check_resources(package_dir, descriptor)
        problems += _read_by_frictionless(fastcheck.check_sample, descriptor_path,
                                          fastcheck.SAMPLE_ROWS)
    if len(frames) == len(tables):  # every table could be read
        if not large:
            problems += [p for name, spec in tables.items()
                         for p in check_schema(spec, frames[name])]
            problems += check_keys(frames, tables)
        problems += check_spans_in_passages(frames, tables)
    if not large:
        problems += shape + _read_by_frictionless(check_frictionless, descriptor_path)
    problems += package_checks.check_contents(package_dir, descriptor, seen)
    if package_checks.is_own(descriptor):
        problems += package_checks.check_release_files(package_dir)
        problems += package_checks.check_schemas(descriptor)
    return problems
