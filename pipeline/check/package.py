"""A published package read back and checked whole: validate_package runs every check of the
latest release (its files against its descriptor, pandera, keys, spans, Frictionless or, for a
large package, the DuckDB rules) and of every release kept in versions/, and reports every
problem at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..metadata import types
from ..metadata.specs import FieldSpec, TableSpec, load_tables
from ..tables.store import STORE_ROWS, Frames, TableStore
from . import duckdb_rules, release_files, versions
from .frictionless_checks import SAMPLE_ROWS, check_frictionless, check_sample, guarded
from .tables import check_keys, check_schema, check_spans_in_passages

LARGE_PACKAGE_ROWS = 50_000


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


def _parse(values: pd.Series, field: FieldSpec) -> pd.Series:
    """Cells as the field's type, in its frame dtype (types.PANDAS); a cell that does not parse
    becomes missing (NA), and the column then takes the type's nullable dtype."""
    required, nullable = types.PANDAS[field.type]
    dtype = required if field.required else nullable
    if field.type == "date":  # ISO only
        def iso(v: object) -> dt.date | None:
            try:
                return dt.date.fromisoformat(v) if isinstance(v, str) else None
            except ValueError:
                return None
        return values.map(iso)
    if field.type == "boolean":
        parsed = values.map({"true": True, "false": False})
        return parsed.astype(dtype if parsed.notna().all() else nullable)
    if field.type in ("integer", "number"):
        parsed = pd.to_numeric(values, errors="coerce")
        if field.type == "integer" and (parsed.dropna() % 1 != 0).any():
            return parsed.astype(types.PANDAS["number"][1])  # pandera reports the wrong dtype
        return parsed.astype(dtype if parsed.notna().all() else nullable)
    return values.astype(dtype)


def _read_csv(path: Path, spec: TableSpec, problems: list[str]) -> Iterator[pd.DataFrame]:
    """The CSV a chunk of STORE_ROWS rows at a time, parsed as the schema's types; problems of
    its columns and cells are appended to `problems`."""
    fields = {f.name: f for f in spec.fields}
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
                frame[column] = parsed = _parse(values, fields[column])
                for index in values.index[values.notna() & parsed.isna()]:
                    problems.append(
                        f"{spec.name}: row {index}: column {column}: rule 'type' failed (value "
                        f"{values[index]!r} is not of type {spec.field(column).type})")
            yield frame


def validate_package(package_dir: Path, latest_only: bool = False) -> list[str]:
    """Every problem of a published package: the latest release (check_release), then, unless
    `latest_only`, every release kept in versions/ against its own descriptor and the latest
    against the newest of them (versions.py). A file held by several releases is read
    once."""
    seen = release_files.Seen()
    descriptor, problems = release_files.read_descriptor(package_dir)
    if descriptor is not None:
        problems += check_release(package_dir, descriptor, seen)
    if not latest_only:
        problems += versions.check_versions(package_dir, descriptor, seen)
    return list(dict.fromkeys(problems))  # a file checked by two validators: each problem once


def check_release(package_dir: Path, descriptor: dict, seen: release_files.Seen) -> list[str]:
    """The release at the top of a package: hashes, pandera, keys, spans and Frictionless;
    the rows, content hash and Parquet twin each resource records, the release's files, and,
    in the pipeline's own package, each resource's schema against schemas/. Above
    LARGE_PACKAGE_ROWS rows the per-row Table Schema rules run in DuckDB (duckdb_rules.py:
    every rule, every row) and Frictionless reads a sample of each file, because the
    row-by-row validators take about 15 s per 100k rows."""
    descriptor_path = package_dir / "datapackage.json"
    problems = release_files.check_hashes(package_dir, descriptor, seen)
    shape = release_files.check_shape(descriptor)
    store = TableStore()  # the package read back is held one table at a time
    frames, read_problems = read_frames(package_dir, descriptor, store)
    problems += [p for p in read_problems if p not in problems]  # check_hashes names missing files
    tables = load_tables()
    large = sum(store.rows.values()) > LARGE_PACKAGE_ROWS
    if large:  # every rule on every row in DuckDB; Frictionless reads a sample of each file
        problems += shape or duckdb_rules.check_resources(package_dir, descriptor)
        problems += guarded(check_sample, descriptor_path, SAMPLE_ROWS)
    if len(frames) == len(tables):  # every table could be read
        if not large:
            problems += [p for name, spec in tables.items()
                         for p in check_schema(spec, frames[name])]
            problems += check_keys(frames, tables)
        problems += check_spans_in_passages(frames, tables)
    if not large:
        problems += shape + guarded(check_frictionless, descriptor_path)
    problems += release_files.check_contents(package_dir, descriptor, seen)
    if release_files.is_own(descriptor):
        problems += release_files.check_release_files(package_dir)
        problems += release_files.check_schemas(descriptor)
    return problems
