"""Reads schemas/: every column defined once in fields.yaml, each table's columns, keys and
foreign keys in <table>.yaml, the package's metadata and resource order in package.yaml, and
the readable views in views.yaml. Nothing else in the project spells out a column.

What a table's key says is not repeated: the field that is a table's whole primary key is
unique, and its Table Schema constraints say so (`unique: true`, after `required`), unless the
table says `key_unique_constraint: false`. Light on imports (PyYAML only): the command line
reads the package's name and the manifest's patterns before anything heavy is loaded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    computed: bool = False  # the pipeline computes it (hashes, sizes): never set by hand
    enum_class: str | None = None  # its constants' class in metadata/enums.py

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique"))

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
    made_by: str = ""  # the stage whose rows fill it: "ingest" or "extract"
    full_text: tuple[str, ...] = ()  # columns with a full-text index in DuckDB

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class ViewSpec:
    """A readable view over the tables: what it shows, the tables it needs, each column's
    description and its SQL."""

    name: str
    description: str
    tables: frozenset[str]
    columns: dict[str, str]
    sql: str


def _field(table: str, name: str, defs: dict[str, Any], unique: bool) -> FieldSpec:
    spec = defs.get(f"{table}.{name}", defs.get(name))
    if spec is None:
        raise KeyError(f"schemas/{table}.yaml: field {name!r} is not defined in fields.yaml")
    constraints = dict(spec.get("constraints") or {})
    if unique:  # the table's one-field key: `unique` stands after `required`
        required = {"required": constraints.pop("required")} if "required" in constraints else {}
        constraints = {**required, "unique": True, **constraints}
    return FieldSpec(
        name=name,
        type=spec["type"],
        description=spec["description"],
        constraints=constraints,
        computed=bool(spec.get("computed")),
        enum_class=spec.get("enum_class"),
    )


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def load_tables(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, TableSpec]:
    """All table specs, in the package's resource order."""
    defs = _read(schemas_dir / "fields.yaml")
    order = load_package_meta(schemas_dir)["resources"]
    tables = {}
    for name in order:
        raw = _read(schemas_dir / f"{name}.yaml")
        key = tuple(raw["primaryKey"])
        unique = key[0] if len(key) == 1 and raw.get("key_unique_constraint", True) else None
        tables[name] = TableSpec(
            name=raw["name"],
            title=raw["title"],
            description=raw["description"],
            fields=tuple(_field(name, f, defs, f == unique) for f in raw["fields"]),
            primary_key=key,
            foreign_keys=tuple(raw.get("foreignKeys") or ()),
            min_rows=int((raw.get("expect_rows") or {}).get("min", 0)),
            span_source=(raw.get("span") or {}).get("source"),
            made_by=raw["made_by"],
            full_text=tuple(raw.get("full_text") or ()),
        )
    return tables


@functools.cache
def load_package_meta(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, Any]:
    return _read(schemas_dir / "package.yaml")


@functools.cache
def load_views(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, ViewSpec]:
    """The readable views, in file order. A column given as `{same_as: TABLE.COLUMN}` is
    described as that column of that table."""
    tables, views = load_tables(schemas_dir), {}
    for name, raw in _read(schemas_dir / "views.yaml").items():
        columns = {}
        for column, text in raw["columns"].items():
            if isinstance(text, dict):
                table, field = text["same_as"].split(".")
                text = tables[table].field(field).description
            columns[column] = text
        views[name] = ViewSpec(name, raw["description"], frozenset(raw["tables"]), columns,
                               raw["sql"])
    return views


def field_pattern(table: str, field: str) -> str:
    """The pattern constraint of a column (checked where the column's values first come in)."""
    return load_tables()[table].field(field).constraints["pattern"]


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
