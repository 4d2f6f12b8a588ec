"""Loads schemas/ and derives the Frictionless, pandera and DuckDB forms of each table.

`schemas/fields.yaml` defines every column once; `schemas/<table>.yaml` names the columns of a
table, its keys and foreign keys. Nothing else in the project spells out a column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandera.pandas as pa
import pyarrow
import yaml

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"

# One explicit map per form: Frictionless type -> pandas/pandera dtype, DuckDB type.
PANDERA_TYPES = {
    "string": (str, str),  # (required, nullable)
    "integer": ("int64", "Int64"),
    "number": ("float64", "Float64"),
    "boolean": ("bool", "boolean"),
    "date": (pa.Date, pa.Date),
}
PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "date": dt.date}
TYPE_WORDS = {"string": "a string", "integer": "a whole number", "number": "a number",
              "boolean": "true or false (not quoted)", "date": "an ISO date (YYYY-MM-DD)"}
ARROW_TYPES = {"string": pyarrow.string(), "integer": pyarrow.int64(),
               "number": pyarrow.float64(), "boolean": pyarrow.bool_(), "date": pyarrow.date32()}
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    computed: bool = False  # the pipeline computes it (hashes, sizes): never set by hand

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    def typed(self, value: Any) -> Any:
        """`value` as this field's Python type (an ISO date string becomes a date); raises
        ValueError naming the rule ("field-type") when it is not of the type."""
        if value is None:
            return None
        if self.type == "date" and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError("field-type", "an ISO date (YYYY-MM-DD)") from None
        expected = PYTHON_TYPES[self.type]
        if isinstance(value, bool) != (self.type == "boolean") or not isinstance(value, expected):
            raise ValueError("field-type", TYPE_WORDS[self.type])
        return value

    def problem(self, value: Any) -> tuple[str, str] | None:
        """(rule, detail) of the first constraint `value` breaks (a typed value), else None."""
        c = self.constraints
        if value is None:
            return ("field-required", "is required and cannot be empty") if self.required else None
        if "enum" in c and value not in c["enum"]:
            return "field-enum", f"must be one of {c['enum']}"
        if "pattern" in c and not re.fullmatch(c["pattern"], value):
            return "field-pattern", f"must match {c['pattern']}"
        if "minimum" in c and value < c["minimum"]:
            return "field-range", f"must be at least {c['minimum']}"
        if "maximum" in c and value > c["maximum"]:
            return "field-range", f"must be at most {c['maximum']}"
        return None

    def to_frictionless(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        field["description"] = self.description
        if self.constraints:
            field["constraints"] = dict(self.constraints)
        return field


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]
    min_rows: int
    span_source: str | None  # column naming the source whose text the spans index

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


def _field(table: str, name: str, defs: dict[str, Any]) -> FieldSpec:
    spec = defs.get(f"{table}.{name}", defs.get(name))
    if spec is None:
        raise KeyError(f"schemas/{table}.yaml: field {name!r} is not defined in fields.yaml")
    return FieldSpec(
        name=name,
        type=spec["type"],
        description=spec["description"],
        constraints=dict(spec.get("constraints") or {}),
        computed=bool(spec.get("computed")),
    )


@functools.cache
def load_tables(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, TableSpec]:
    """All table specs, in the package's resource order."""
    defs = yaml.safe_load((schemas_dir / "fields.yaml").read_text(encoding="utf-8"))
    order = load_package_meta(schemas_dir)["resources"]
    tables = {}
    for name in order:
        raw = yaml.safe_load((schemas_dir / f"{name}.yaml").read_text(encoding="utf-8"))
        tables[name] = TableSpec(
            name=raw["name"],
            title=raw["title"],
            description=raw["description"],
            fields=tuple(_field(name, f, defs) for f in raw["fields"]),
            primary_key=tuple(raw["primaryKey"]),
            foreign_keys=tuple(raw.get("foreignKeys") or ()),
            min_rows=int((raw.get("expect_rows") or {}).get("min", 0)),
            span_source=(raw.get("span") or {}).get("source"),
        )
    return tables


@functools.cache
def load_package_meta(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, Any]:
    return yaml.safe_load((schemas_dir / "package.yaml").read_text(encoding="utf-8"))


def to_frictionless(spec: TableSpec) -> dict[str, Any]:
    """Frictionless Table Schema (v1) of a table."""
    schema: dict[str, Any] = {
        "fields": [f.to_frictionless() for f in spec.fields],
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
        required_type, nullable_type = PANDERA_TYPES[f.type]
        columns[f.name] = pa.Column(
            required_type if f.required else nullable_type,
            checks=_checks(f),
            nullable=not f.required,
            unique=bool(f.constraints.get("unique")),
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
        pyarrow.field(f.name, ARROW_TYPES[f.type], nullable=not f.required,
                      metadata={"description": f.description}) for f in spec.fields],
        metadata=metadata)


def to_duckdb_columns(spec: TableSpec) -> dict[str, str]:
    """Column name -> DuckDB type."""
    return {f.name: DUCKDB_TYPES[f.type] for f in spec.fields}


def to_pandas_dtypes(spec: TableSpec) -> dict[str, Any]:
    """Column name -> pandas dtype for building frames (dates stay Python `date` objects)."""
    dtypes: dict[str, Any] = {}
    for f in spec.fields:
        required_type, nullable_type = PANDERA_TYPES[f.type]
        if f.type == "date":
            dtypes[f.name] = object
        elif f.type == "string":
            dtypes[f.name] = "str"
        else:
            dtypes[f.name] = required_type if f.required else nullable_type
    return dtypes


# Reading a published descriptor back.
def table_spec_from_resource(resource: dict[str, Any]) -> TableSpec:
    """TableSpec of a resource in a published datapackage.json (so old releases can be read
    with the schema they were published with, not the current one)."""
    schema = resource["schema"]
    fields = tuple(
        FieldSpec(
            name=f["name"],
            type=f["type"],
            description=f.get("description", ""),
            constraints=dict(f.get("constraints") or {}),
        )
        for f in schema["fields"]
    )
    return TableSpec(
        name=resource["name"],
        title=resource.get("title", resource["name"]),
        description=resource.get("description", ""),
        fields=fields,
        primary_key=tuple(schema.get("primaryKey") or ()),
        foreign_keys=tuple(schema.get("foreignKeys") or ()),
        min_rows=0,
        span_source=None,
    )


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
