"""A published package's datapackage.json, read strictly enough that names and paths from it
can be trusted in a DuckDB database: every resource and field name matches the Table Schema
name pattern, every path is `data/<name>.csv`, a regular file inside the package, and every
type is one DuckDB is given a column type for. Nothing from the descriptor reaches SQL before
these checks pass."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..metadata import types
from ..metadata.specs import TableSpec, table_spec_from_resource

NAME = re.compile(r"[a-z][a-z0-9_]*")
NAME_RULE = "^[a-z][a-z0-9_]*$"


class DescriptorError(PipelineError):
    """The package folder or its datapackage.json cannot be read safely."""


def load_descriptor(package_dir: Path, argument: str = "--package") -> dict[str, Any]:
    """The datapackage.json of the package folder `argument` named, read as an object with a
    list of resources; DescriptorError (naming the folder or file, with a hint) otherwise."""
    path = package_dir / "datapackage.json"
    if not package_dir.is_dir():
        detail = "not a folder" if package_dir.exists() else "no such folder"
        raise DescriptorError(str(package_dir), None, "package-missing", detail,
                              hint=f"{argument} names the folder that holds datapackage.json")
    if not path.is_file():
        raise DescriptorError(str(path), None, "descriptor-missing", "no such file",
                              hint="is this a published package folder? `python -m pipeline "
                              "build` writes one")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DescriptorError(str(path), None, "descriptor-json", str(err)) from None
    except OSError as err:
        raise DescriptorError(str(path), None, "descriptor-read", err.strerror or str(err)
                              ) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DescriptorError(str(path), None, "descriptor-shape",
                              "expected an object with a list of resources")
    return descriptor


def _check_name(file: str, where: str, rule: str, name: Any, seen: set[str]) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise DescriptorError(file, where, rule, f"name {name!r} does not match {NAME_RULE}")
    if name in seen:
        raise DescriptorError(file, where, rule, f"name {name!r} is used twice")
    seen.add(name)
    return name


def _check_texts(file: str, where: str, item: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if not isinstance(item.get(key, ""), str):
            raise DescriptorError(file, where, "descriptor-shape", f"{key} must be a string")


def _check_fields(file: str, where: str, resource: dict[str, Any]) -> None:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        raise DescriptorError(file, where, "descriptor-shape", "schema.fields must be a list")
    seen: set[str] = set()
    for i, field in enumerate(fields, 1):
        if not isinstance(field, dict):
            raise DescriptorError(file, f"{where}, field {i}", "descriptor-shape",
                                  "a field must be an object")
        name = _check_name(file, f"{where}, field {i}", "field-name", field.get("name"), seen)
        _check_texts(file, f"{where}, field {name!r}", field, ("description",))
        if field.get("type") not in types.DUCKDB:
            raise DescriptorError(file, f"{where}, field {name!r}", "field-type",
                                  f"type {field.get('type')!r} is not one of "
                                  f"{', '.join(types.DUCKDB)}")


def _check_path(file: str, where: str, package_dir: Path, name: str, path: Any) -> Path:
    expected = f"data/{name}.csv"
    if path != expected:
        raise DescriptorError(file, where, "resource-path", f"path {path!r} must be {expected!r}")
    data_dir = (package_dir / "data").resolve()
    csv_path = (package_dir / expected).resolve()
    if csv_path.parent != data_dir or not csv_path.is_file():
        raise DescriptorError(file, where, "resource-path",
                              f"{expected} is not a file inside {package_dir}/data "
                              "(missing, or a link leading elsewhere)")
    return csv_path


def read_tables(package_dir: Path, argument: str = "--package") -> list[tuple[TableSpec, Path]]:
    """(spec, absolute CSV path) per resource of the package at `package_dir` (which the
    command-line `argument` named), after checking every name, path and type the database will
    be built from; DescriptorError otherwise."""
    package_dir = package_dir.resolve()
    descriptor = load_descriptor(package_dir, argument)
    file = str(package_dir / "datapackage.json")
    tables, seen = [], set()
    for i, resource in enumerate(descriptor["resources"], 1):
        where = f"resource {i}"
        if not isinstance(resource, dict):
            raise DescriptorError(file, where, "descriptor-shape", "a resource must be an object")
        name = _check_name(file, where, "resource-name", resource.get("name"), seen)
        where = f"resource {name!r}"
        _check_texts(file, where, resource, ("title", "description"))
        _check_fields(file, where, resource)
        csv_path = _check_path(file, where, package_dir, name, resource.get("path"))
        try:
            spec = table_spec_from_resource(resource)
        except (TypeError, ValueError, KeyError) as err:  # keys or constraints of odd shapes
            raise DescriptorError(file, where, "descriptor-shape", f"schema: {err}") from None
        tables.append((spec, csv_path))
    return tables
