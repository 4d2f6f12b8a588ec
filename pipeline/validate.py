"""Checks tables before publishing and whole packages after: pandera per table, then the rules
a type cannot express (keys across tables, spans that match their text), then Frictionless.

Every problem is reported at once, each naming table, row and rule.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pandera.errors
from frictionless import Package

from .errors import ValidationFailed
from .models import Source
from .schema import TableSpec, load_tables, to_pandas_dtypes, to_pandera

SPAN_TABLES_WITH_PASSAGE = ("statements", "actor_mentions")


def _row_label(spec: TableSpec, frame: pd.DataFrame, index: object) -> str:
    if index is None or index not in frame.index:
        return "table"
    values = frame.loc[index, list(spec.primary_key)]
    key = ", ".join(f"{k}={v}" for k, v in zip(spec.primary_key, values, strict=True))
    return f"row {index} ({key})"


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


def check_keys(frames: dict[str, pd.DataFrame], tables: dict[str, TableSpec]) -> list[str]:
    """Foreign keys across tables and the minimum row counts."""
    problems = []
    for name, spec in tables.items():
        frame = frames[name]
        if len(frame) < spec.min_rows:
            problems.append(f"{name}: table: rule 'min-rows' failed ({len(frame)} < {spec.min_rows})")
        for fk in spec.foreign_keys:
            (column,), ref = fk["fields"], fk["reference"]
            known = set(frames[ref["resource"]][ref["fields"][0]].dropna())
            for index, value in frame[column].items():
                if pd.notna(value) and value not in known:
                    problems.append(
                        f"{name}: {_row_label(spec, frame, index)}: rule 'foreign-key' failed "
                        f"({column}={value!r} not in {ref['resource']}.{ref['fields'][0]})"
                    )
    return problems


def check_spans_in_sources(
    frames: dict[str, pd.DataFrame], tables: dict[str, TableSpec], sources: list[Source]
) -> list[str]:
    """Every span lies inside its source and its `text` is exactly the source slice."""
    texts = {s.source_id: s.text for s in sources}
    problems = []
    for name, spec in tables.items():
        if not spec.span_source:
            continue
        frame = frames[name]
        for index, row in frame.iterrows():
            text = texts.get(row["source_id"])
            label = f"{name}: {_row_label(spec, frame, index)}"
            if text is None:
                continue  # reported by the foreign-key check
            start, end = int(row["char_start"]), int(row["char_end"])
            if not 0 <= start <= end <= len(text):
                problems.append(f"{label}: rule 'span-in-source' failed ({start}:{end} of {len(text)})")
            elif pd.notna(row["text"]) and row["text"] != text[start:end]:
                problems.append(f"{label}: rule 'span-text' failed (text != source[{start}:{end}])")
    return problems


def check_spans_in_passages(frames: dict[str, pd.DataFrame], tables: dict[str, TableSpec]) -> list[str]:
    """In a published package: every span lies in a passage of its source and matches its text."""
    passages = frames["passages"]
    by_source = {sid: group for sid, group in passages.groupby("source_id")}
    problems = []
    for name, spec in tables.items():
        if not spec.span_source or name == "passages":
            continue
        frame = frames[name]
        for index, row in frame.iterrows():
            label = f"{name}: {_row_label(spec, frame, index)}"
            start, end = int(row["char_start"]), int(row["char_end"])
            group = by_source.get(row["source_id"])
            if group is None:
                continue
            hold = group[(group["char_start"] <= start) & (group["char_end"] >= end)]
            if hold.empty:
                problems.append(f"{label}: rule 'span-in-passage' failed ({start}:{end})")
                continue
            passage = hold.iloc[0]
            if pd.isna(passage["text"]) or pd.isna(row["text"]):
                continue  # text withheld by the source's licence
            offset = int(passage["char_start"])
            if passage["text"][start - offset : end - offset] != row["text"]:
                problems.append(f"{label}: rule 'span-text' failed (text != source[{start}:{end}])")
    for index, row in passages.iterrows():
        if pd.notna(row["text"]):
            digest = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
            if digest != row["text_sha256"]:
                problems.append(
                    f"passages: {_row_label(tables['passages'], passages, index)}: "
                    "rule 'text-hash' failed (text_sha256 does not match text)"
                )
    return problems


def check_tables(frames: dict[str, pd.DataFrame], sources: list[Source]) -> dict[str, pd.DataFrame]:
    """Validate all tables before publishing; raise ValidationFailed listing every problem."""
    tables = load_tables()
    problems = [p for name, spec in tables.items() for p in check_schema(spec, frames[name])]
    problems += check_keys(frames, tables)
    problems += check_spans_in_sources(frames, tables, sources)
    if problems:
        raise ValidationFailed("tables", problems)
    return frames


def read_frames(package_dir: Path, descriptor: dict) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Read each resource's CSV with the dtypes of the schemas."""
    tables, frames, problems = load_tables(), {}, []
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", [])}
    for name, spec in tables.items():
        if name not in paths:
            problems.append(f"datapackage.json: resource {name}: rule 'resource-missing' failed")
            frames[name] = pd.DataFrame(columns=spec.field_names)
            continue
        frames[name] = _read_csv(package_dir / paths[name], spec)
    return frames, problems


def _read_csv(path: Path, spec: TableSpec) -> pd.DataFrame:
    dtypes = to_pandas_dtypes(spec)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    frame = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        dtype = dtypes.get(column, "str")
        values = raw[column]
        if dtype is object:  # dates
            frame[column] = values.map(lambda v: None if pd.isna(v) else pd.Timestamp(v).date())
        elif dtype in ("bool", "boolean"):
            frame[column] = values.map({"true": True, "false": False}).astype(dtype)
        elif dtype in ("int64", "Int64", "float64", "Float64"):
            frame[column] = pd.to_numeric(values).astype(dtype)
        else:
            frame[column] = values.astype("str")
    return frame


def check_hashes(package_dir: Path, descriptor: dict) -> list[str]:
    """Each resource file's sha256 and size match what the descriptor promises."""
    problems = []
    for resource in descriptor.get("resources", []):
        path = package_dir / resource.get("path", "")
        name = resource.get("name")
        if not path.is_file():
            problems.append(f"{name}: file {resource.get('path')}: rule 'file-missing' failed")
            continue
        data = path.read_bytes()
        expected = str(resource.get("hash", "")).removeprefix("sha256:")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            problems.append(f"{name}: file {resource['path']}: rule 'hash' failed (edited after publishing?)")
        if "bytes" in resource and resource["bytes"] != len(data):
            problems.append(f"{name}: file {resource['path']}: rule 'bytes' failed")
    return problems


def check_frictionless(descriptor_path: Path) -> list[str]:
    """The official Frictionless validator over the whole package."""
    report = Package(str(descriptor_path)).validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            where = f"row {row}" if row else "table"
            problems.append(f"{task.name}: {where}: rule '{error.type}' failed ({error.note})")
    for error in report.errors:
        problems.append(f"datapackage.json: rule '{error.type}' failed ({error.note})")
    return problems


def validate_package(package_dir: Path) -> list[str]:
    """Every problem of a published package: descriptor, hashes, pandera, keys, spans, Frictionless."""
    descriptor_path = package_dir / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{descriptor_path}: rule 'descriptor-missing' failed"]
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return [f"{descriptor_path}: rule 'descriptor-json' failed ({err})"]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [f"{descriptor_path}: rule 'descriptor-shape' failed (no resources list)"]
    problems = check_hashes(package_dir, descriptor)
    frames, missing = read_frames(package_dir, descriptor)
    problems += missing
    tables = load_tables()
    if not missing:
        problems += [p for name, spec in tables.items() for p in check_schema(spec, frames[name])]
        problems += check_keys(frames, tables)
        problems += check_spans_in_passages(frames, tables)
    problems += check_frictionless(descriptor_path)
    return problems
