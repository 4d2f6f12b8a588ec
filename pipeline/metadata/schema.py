"""The forms schemas/ takes in each tool, derived from the table specs (specs.py) with the type
maps of types.py: a Frictionless Table Schema, a pandera schema, an Arrow schema, DuckDB column
types and pandas dtypes; and how a published descriptor's schema differs from schemas/'.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa
import pyarrow

from . import types
from .specs import FieldSpec, TableSpec


def field_to_frictionless(field: FieldSpec) -> dict[str, Any]:
    """A field of a Table Schema: name, type, description, constraints and, for a field with
    an enum, its `categories` (Table Schema v2: loaders such as R's make it a factor)."""
    out: dict[str, Any] = {"name": field.name, "type": field.type}
    out["description"] = field.description
    if field.constraints:
        out["constraints"] = dict(field.constraints)
    if "enum" in field.constraints:
        out["categories"] = list(field.constraints["enum"])
    return out


def to_frictionless(spec: TableSpec) -> dict[str, Any]:
    """Frictionless Table Schema (v1) of a table."""
    schema: dict[str, Any] = {
        "fields": [field_to_frictionless(f) for f in spec.fields],
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": fk["fields"], "reference": dict(fk["reference"])} for fk in spec.foreign_keys
        ]
    return schema


def _checks(field: FieldSpec) -> list[pa.Check]:
    c = field.constraints
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"], name=f"enum{c['enum']}"))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(c["pattern"], name=f"pattern {c['pattern']}"))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"], name=f"minimum {c['minimum']}"))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"], name=f"maximum {c['maximum']}"))
    return checks


def to_pandera(spec: TableSpec) -> pa.DataFrameSchema:
    """pandera schema of a table: types, required, enums, patterns, ranges, keys."""
    columns = {}
    for f in spec.fields:
        required_type, nullable_type = types.PANDERA[f.type]
        columns[f.name] = pa.Column(
            required_type if f.required else nullable_type,
            checks=_checks(f),
            nullable=not f.required,
            unique=f.unique,
            description=f.description,
            coerce=False,
        )
    checks = []
    if {"char_start", "char_end"} <= set(spec.field_names):
        checks.append(
            pa.Check(lambda df: df["char_end"] >= df["char_start"], name="char_end >= char_start")
        )
    return pa.DataFrameSchema(
        columns,
        checks=checks,
        unique=list(spec.primary_key),
        strict=True,
        ordered=True,
        name=spec.name,
    )


def to_arrow(spec: TableSpec, metadata: dict[str, str] | None = None) -> pyarrow.Schema:
    """The table's Arrow schema (its Parquet twin's): the schema's types, required fields not
    nullable, each field's description as its metadata."""
    return pyarrow.schema([
        pyarrow.field(f.name, types.ARROW[f.type], nullable=not f.required,
                      metadata={"description": f.description}) for f in spec.fields],
        metadata=metadata)


def to_duckdb_columns(spec: TableSpec) -> dict[str, str]:
    """Column name -> DuckDB type."""
    return {f.name: types.DUCKDB[f.type] for f in spec.fields}


def to_pandas_dtypes(spec: TableSpec) -> dict[str, Any]:
    """Column name -> pandas dtype for building frames (dates stay Python `date` objects)."""
    return {f.name: types.PANDAS[f.type][0 if f.required else 1] for f in spec.fields}


# Comparing a published descriptor with schemas/.
ABSENT = "(none)"


def schema_differences(schema: Any, spec: TableSpec) -> list[tuple[str | None, str]]:
    """How a resource's `schema` in a descriptor differs from to_frictionless(spec): pairs of
    (field name or None, what differs), worded "constraints.enum: X in the descriptor, Y in
    schemas/": every field's properties and constraints, fields added, removed or reordered,
    the primary key, each foreign key (named by its fields) and the other schema properties."""
    expected = to_frictionless(spec)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [(None, "fields: no list of fields in the descriptor")]
    have = {f["name"]: f for f in schema["fields"]
            if isinstance(f, dict) and isinstance(f.get("name"), str)}
    want = {f["name"]: f for f in expected["fields"]}
    out: list[tuple[str | None, str]] = [
        (n, "the field is missing from the descriptor") for n in want if n not in have]
    out += [(n, "schemas/ defines no such field") for n in have if n not in want]
    if len(have) != len(schema["fields"]):
        out.append((None, "fields: an entry that is not an object with a name of its own"))
    order = [n for n in have if n in want]
    if order != [n for n in want if n in have]:
        out.append((None, f"fields: in the order {order}, in schemas/ {list(want)}"))
    for name in order:
        out += [(name, d) for d in _differences(have[name], want[name])]
    out += _foreign_key_differences(schema.get("foreignKeys"), expected.get("foreignKeys", []))
    rest = {k: v for k, v in schema.items() if k not in ("fields", "foreignKeys")}
    return out + [(None, d) for d in _differences(
        rest, {k: v for k, v in expected.items() if k not in ("fields", "foreignKeys")})]


def _differences(have: dict[str, Any], want: dict[str, Any], prefix: str = "") -> list[str]:
    """Each property (constraints one by one) whose value differs."""
    out = []
    for key in [*want, *(k for k in have if k not in want)]:
        a, b = have.get(key, ABSENT), want.get(key, ABSENT)
        if isinstance(a, dict) and isinstance(b, dict):
            out += _differences(a, b, f"{prefix}{key}.")
        elif a != b:
            out.append(f"{prefix}{key}: {a!r} in the descriptor, {b!r} in schemas/")
    return out


def _foreign_key_differences(have: Any, want: list[dict[str, Any]]
                             ) -> list[tuple[str | None, str]]:
    """Foreign keys missing from the descriptor or not in schemas/, named by their fields."""
    have = have if isinstance(have, list) else [] if have is None else [have]

    def named(fk: Any) -> tuple[str | None, str]:
        fields = fk.get("fields") if isinstance(fk, dict) else None
        ref = fk.get("reference") if isinstance(fk, dict) else None
        ref = ref if isinstance(ref, dict) else {}
        name = ", ".join(map(str, fields)) if isinstance(fields, list) else fields
        return (str(name) if name else None,
                f"the key to {ref.get('resource')}.{ref.get('fields')}")

    out = [(f, f"foreignKeys: {key} is missing from the descriptor")
           for f, key in map(named, (fk for fk in want if fk not in have))]
    return out + [(f, f"foreignKeys: {key} is not in schemas/")
                  for f, key in map(named, (fk for fk in have if fk not in want))]
