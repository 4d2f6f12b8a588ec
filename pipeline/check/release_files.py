"""Checks of one release folder's files against its own descriptor: each file's sha256 and size
(the CSV's `hash` and `bytes`, the Parquet twin's `x_parquet_hash`), the rows and content hash
the descriptor records (`x_rows`, `x_content_hash`, recomputed from the CSV), the Parquet twin
against its CSV (columns, types, rows and every cell; table_files.py), and the files every
release holds (RELEASE_FILES). Problems are worded as the other checks word them:
`TABLE: file F: rule 'RULE' failed (detail)` or `datapackage.json: …`.

A `Seen` is shared by the checks of one run: a file is hashed once, and a table's two files
are read once however many releases hold the same bytes (the latest release and its copy in
versions/, a table no later release changed).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..metadata import types
from ..metadata.layout import CHANGES_FILE, KEPT_FILES, RELEASE_FILES, SUMS_FILE
from ..metadata.schema import schema_differences
from ..metadata.specs import TableSpec, load_package_meta, load_tables, table_spec_from_resource
from .table_files import TableFiles, read_table_files

RECORDED = ("x_rows", "x_content_hash", "x_parquet", "x_parquet_hash")  # by every release
BOUNDS = ("minimum", "maximum")


def file_sha256(path: Path) -> tuple[str, int]:
    """sha256 (hex) and size of a file, read 1 MiB at a time."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class Seen:
    """What one run has read: each file's sha256 and size, and each table's two files read
    back (keyed by their sha256 and the schema's columns and types)."""

    def __init__(self) -> None:
        self.files: dict[Path, tuple[str, int]] = {}
        self.tables: dict[tuple, TableFiles] = {}

    def digest(self, path: Path) -> tuple[str, int]:
        if path not in self.files:
            self.files[path] = file_sha256(path)
        return self.files[path]

    def table_files(self, csv_path: Path, parquet_path: Path | None,
                    spec: TableSpec | None) -> TableFiles:
        key = (self.digest(csv_path)[0], parquet_path and self.digest(parquet_path)[0],
               spec and tuple((f.name, f.type) for f in spec.fields))
        if key not in self.tables:
            self.tables[key] = read_table_files(csv_path, parquet_path, spec)
        return self.tables[key]


def read_descriptor(folder: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The folder's datapackage.json, or None and the problem that stopped reading it."""
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{path}: rule 'descriptor-missing' failed"]
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return None, [f"{path}: rule 'descriptor-json' failed ({err})"]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [f"{path}: rule 'descriptor-shape' failed (no resources list)"]
    return descriptor, []


def is_own(descriptor: dict[str, Any]) -> bool:
    """Whether the descriptor is of a package this pipeline publishes (schemas/package.yaml)."""
    return descriptor.get("name") == load_package_meta()["name"]


def resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The resource entries that are objects (check_hashes reports the others)."""
    return [r for r in descriptor.get("resources", []) if isinstance(r, dict)]


def check_shape(descriptor: dict[str, Any]) -> list[str]:
    """Each resource has what the checkers read from it: a name, a path and a Table Schema
    whose fields, keys and constraints have the shapes Table Schema gives them, its keys
    naming fields that exist."""
    problems, fields, shaped = [], {}, []
    for n, resource in enumerate(descriptor.get("resources", []), 1):
        if not isinstance(resource, dict):  # worded as check_hashes words it
            problems.append(f"datapackage.json: resource {n}: rule 'resource-shape' failed")
        elif why := _shape(resource):
            problems.append(f"datapackage.json: resource {resource.get('name', n)}: rule "
                            f"'resource-shape' failed ({why})")
        else:
            fields[resource["name"]] = [f["name"] for f in resource["schema"]["fields"]]
            shaped.append(resource)
    for resource in shaped:
        if why := _keys(resource, fields):
            problems.append(f"datapackage.json: resource {resource['name']}: rule "
                            f"'resource-shape' failed ({why})")
    return problems


def _shape(resource: dict[str, Any]) -> str | None:
    """What is wrong with the shape of a resource entry; None when nothing is."""
    schema = resource.get("schema")
    if not isinstance(resource.get("name"), str) or not isinstance(resource.get("path"), str):
        return "a name and a path are required"
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return "no schema with a list of fields"
    for field in schema["fields"]:
        constraints = field.get("constraints", {}) if isinstance(field, dict) else None
        if not (isinstance(constraints, dict) and isinstance(field.get("name"), str)
                and isinstance(field.get("type", "string"), str)
                and isinstance(constraints.get("enum", []), list)
                and isinstance(constraints.get("pattern", ""), str)
                and all(types.is_bound(field["type"], constraints[k]) for k in BOUNDS
                        if k in constraints)):
            return f"field {json.dumps(field)[:80]} is not a Table Schema field"
    if not _names(schema.get("primaryKey", [])):
        return "primaryKey is not a field name or a list of them"
    foreign_keys = schema.get("foreignKeys", [])
    for fk in foreign_keys if isinstance(foreign_keys, list) else [None]:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        if not (isinstance(reference, dict) and _names(fk.get("fields"))
                and _names(reference.get("fields"))
                and isinstance(reference.get("resource", ""), str)):
            return f"foreign key {json.dumps(fk)[:80]} is not a Table Schema foreign key"
    return None


def _keys(resource: dict[str, Any], fields: dict[str, list[str]]) -> str | None:
    """A key naming a field its resource does not have; None when every key is whole."""
    name, schema = resource["name"], resource["schema"]
    if unknown := set(_listed(schema.get("primaryKey", []))) - set(fields[name]):
        return f"primaryKey names no field {sorted(unknown)}"
    for fk in schema.get("foreignKeys", []):
        own, ref = _listed(fk["fields"]), fk["reference"]
        target = ref.get("resource") or name
        if set(own) - set(fields[name]) or len(own) != len(_listed(ref["fields"])) or (
                target in fields and set(_listed(ref["fields"])) - set(fields[target])):
            return f"foreign key {json.dumps(fk)[:80]} names a field that does not exist"
    return None


def _listed(names: str | list[str]) -> list[str]:
    return [names] if isinstance(names, str) else names


def _names(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value))


def check_hashes(package_dir: Path, descriptor: dict[str, Any], seen: Seen | None = None,
                 where: str = "", kept: bool | None = None) -> list[str]:
    """Each resource file's sha256 and size, and its Parquet twin's sha256, match what the
    descriptor promises. `where` is the folder's path in the package ("versions/1.0.0/").
    `kept` (default: whether `where` names a version folder): only the files a version folder
    keeps must be there; a Parquet twin is checked when it is."""
    kept = bool(where) if kept is None else kept
    seen, problems = seen or Seen(), []
    for n, resource in enumerate(descriptor.get("resources", []), 1):
        if not isinstance(resource, dict):
            problems.append(f"{where}datapackage.json: resource {n}: rule 'resource-shape' "
                            "failed")
            continue
        name, files = resource.get("name"), [("path", "hash")]
        twin = resource.get("x_parquet")
        # A version folder keeps its CSV files; a Parquet twin there is checked when kept.
        if twin is not None and (not kept or (package_dir / str(twin)).is_file()):
            files.append(("x_parquet", "x_parquet_hash"))
        for path_key, hash_key in files:
            rel = resource.get(path_key)
            path = package_dir / str(rel or "")
            if not isinstance(rel, str) or not path.is_file():
                problems.append(f"{name}: file {where}{rel}: rule 'file-missing' failed")
                continue
            digest, size = seen.digest(path)
            expected = str(resource.get(hash_key, "")).removeprefix("sha256:")
            if expected and digest != expected:
                problems.append(f"{name}: file {where}{rel}: rule 'hash' failed "
                                "(edited after publishing?)")
            if path_key == "path" and "bytes" in resource and resource["bytes"] != size:
                problems.append(f"{name}: file {where}{rel}: rule 'bytes' failed")
    return problems


def check_schemas(descriptor: dict[str, Any]) -> list[str]:
    """Each resource's schema against the one schemas/ derives (schema.schema_differences), and
    any resource schemas/ does not define; a table the descriptor lacks is read_frames's
    'resource-missing'. For the pipeline's own packages: another package has other tables."""
    tables, problems = load_tables(), []
    for resource in resources(descriptor):
        name = resource.get("name")
        if not isinstance(name, str) or name not in tables:
            problems.append(f"datapackage.json: resource {name}: rule 'schema' failed "
                            "(schemas/ defines no such table)")
            continue
        for field, detail in schema_differences(resource.get("schema"), tables[name]):
            at = f"field {field}: " if field else ""
            problems.append(f"datapackage.json: resource {name}: {at}rule 'schema' failed "
                            f"({detail})")
    return problems


def check_release_files(folder: Path, where: str = "", kept: bool | None = None) -> list[str]:
    """Every file a release holds is there (datapackage.json: read_descriptor says): all of
    RELEASE_FILES at the top, KEPT_FILES in a version folder (`where` names it) or when `kept`
    says only the files a version folder keeps are needed."""
    kept = bool(where) if kept is None else kept
    names = KEPT_FILES if kept else RELEASE_FILES
    return [f"{where}{name}: rule 'file-missing' failed (a release holds {', '.join(names)})"
            for name in names[1:] if not (folder / name).is_file()] + check_sums(folder, where,
                                                                                  kept)


def kept_per_version(rel: str) -> bool:
    """Whether versions/X.Y.Z/ keeps the release file at `rel` (layout.KEPT_FILES)."""
    return rel in (*KEPT_FILES, CHANGES_FILE, SUMS_FILE) or (
        rel.startswith("data/") and rel.endswith(".csv"))


def check_sums(folder: Path, where: str = "", kept: bool | None = None) -> list[str]:
    """Each file SHA256SUMS lists (releases before it have none) has the listed sha256, but
    the tables and KEPT_FILES, which other checks cover and word more precisely. A
    version folder (or, with `kept`, any folder) may lack the files it does not keep
    (kept_per_version)."""
    kept = bool(where) if kept is None else kept
    sums = folder / SUMS_FILE
    if not sums.is_file():
        return []
    problems = []
    for n, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, rel = line.partition("  ")
        path = folder / rel
        if not sep or len(digest) != 64 or ".." in Path(rel).parts:
            problems.append(f"{where}{SUMS_FILE}: line {n}: rule 'sums' failed (not "
                            "'<sha256>  <path>')")
        elif rel.startswith("data/") or rel in KEPT_FILES:
            continue  # the descriptor's hashes and the latest-copy check cover these
        elif not path.is_file():
            if not kept or kept_per_version(rel):
                problems.append(f"{where}{rel}: rule 'file-missing' failed (listed in "
                                f"{SUMS_FILE})")
        elif file_sha256(path)[0] != digest:
            problems.append(f"{where}{rel}: rule 'sums' failed (its sha256 differs from "
                            f"{SUMS_FILE}'s)")
    return problems


def check_contents(package_dir: Path, descriptor: dict[str, Any], seen: Seen,
                   where: str = "") -> list[str]:
    """Rows and content hash of each CSV against x_rows and x_content_hash, and its Parquet
    twin against the CSV. In the pipeline's own packages every resource must record them."""
    problems = []
    for resource in resources(descriptor):
        if is_own(descriptor) and (missing := [k for k in RECORDED if k not in resource]):
            problems.append(f"{where}datapackage.json: resource {resource.get('name')}: rule "
                            f"'resource-shape' failed (no {', '.join(missing)})")
        problems += _check_table(package_dir, resource, seen, where)
    return problems


def _check_table(package_dir: Path, resource: dict[str, Any], seen: Seen,
                 where: str) -> list[str]:
    name, rel, twin_rel = resource.get("name"), resource.get("path"), resource.get("x_parquet")
    if not isinstance(rel, str) or not (package_dir / rel).is_file():
        return []  # check_hashes reports it
    if not any(key in resource for key in RECORDED):
        return []  # nothing recorded to check against (another package)
    twin = package_dir / twin_rel if isinstance(twin_rel, str) else None
    facts = seen.table_files(package_dir / rel, twin if twin and twin.is_file() else None,
                             _spec(resource))
    label, problems = f"{name}: file {where}{rel}", []
    if facts.unreadable is not None:
        return [f"{label}: rule 'content-hash' failed (the file cannot be read: "
                f"{facts.unreadable})"]
    if "x_rows" in resource and resource["x_rows"] != facts.rows:
        problems.append(f"{label}: rule 'rows' failed (the file holds {facts.rows} rows; "
                        f"x_rows says {resource['x_rows']!r})")
    if "x_content_hash" in resource and resource["x_content_hash"] != facts.content_hash:
        problems.append(f"{label}: rule 'content-hash' failed (the rows hash to "
                        f"{facts.content_hash}; x_content_hash says "
                        f"{resource['x_content_hash']!r})")
    if facts.twin is not None:
        problems += _twin_problems(f"{name}: file {where}{twin_rel}", facts, f"{where}{rel}")
    return problems


def _twin_problems(label: str, facts: TableFiles, csv_rel: str) -> list[str]:
    twin = facts.twin
    assert twin is not None
    if twin.unreadable is not None:
        return [f"{label}: rule 'parquet' failed (the file cannot be read: {twin.unreadable})"]
    problems = []
    if twin.mismatch is not None:
        problems.append(f"{label}: rule 'parquet-columns' failed ({twin.mismatch})")
    if twin.rows != facts.rows:
        problems.append(f"{label}: rule 'rows' failed ({twin.rows} rows; {csv_rel} holds "
                        f"{facts.rows})")
    if twin.differing:
        row, columns = twin.first or (0, [])
        problems.append(f"{label}: rule 'parquet-content' failed ({twin.differing} row(s) "
                        f"differ from {csv_rel}; the first is row {row}, column(s) "
                        f"{', '.join(columns)})")
    return problems


def _spec(resource: dict[str, Any]) -> TableSpec | None:
    """The table as the descriptor defines it; None when its schema cannot be read or names a
    type the package does not use (problems Frictionless and check_schemas report)."""
    try:
        spec = table_spec_from_resource(resource)
        known = all(isinstance(f.name, str) and f.type in types.ARROW for f in spec.fields)
        return spec if known else None
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
