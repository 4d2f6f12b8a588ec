"""Versions of the package: releases read back, record diffs between two of them, the semver
bump a diff calls for, and changelog entries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..metadata.schema import to_frictionless
from ..metadata.specs import TableSpec, table_spec_from_resource
from ..tables.csv_text import Rows, keyed, read_csv_rows

MAX_IDS = 20  # ids listed per kind in a changelog entry before truncating


# ---- releases on disk -----------------------------------------------------------------------


class TableRows(Mapping[str, Rows]):
    """Rows per table, made by `load(name)` each time a table is looked up and not kept, so
    a diff holds one table's rows at a time, not the whole package's."""

    def __init__(self, names: list[str], load: Callable[[str], Rows]) -> None:
        self._names, self._load = list(names), load

    def __getitem__(self, name: str) -> Rows:
        if name not in self._names:
            raise KeyError(name)
        return self._load(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True)
class Release:
    """A published package read back: descriptor, specs and rows (as text) per resource."""

    descriptor: dict[str, Any]
    specs: dict[str, TableSpec]
    rows: Mapping[str, Rows]

    @property
    def version(self) -> str:
        return str(self.descriptor["version"])


def read_release(package_dir: Path) -> Release | None:
    """The release at `package_dir`, or None when it holds no datapackage.json."""
    path = package_dir / "datapackage.json"
    if not path.is_file():
        return None
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    specs, paths = {}, {}
    for res in descriptor["resources"]:
        spec = table_spec_from_resource(res)
        specs[spec.name], paths[spec.name] = spec, package_dir / res["path"]

    def load(name: str) -> Rows:
        header, body = read_csv_rows(paths[name])
        return keyed(header, body, specs[name].primary_key)

    return Release(descriptor, specs, TableRows(list(specs), load))


# ---- diff -----------------------------------------------------------------------------------


@dataclass
class RecordChange:
    key: str
    fields: dict[str, tuple[str, str]]  # field -> (old, new)


@dataclass
class TableDiff:
    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # key -> the record's words, if any

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class Diff:
    tables: dict[str, TableDiff]
    breaking: list[str]  # schema changes that need a major version
    additive: list[str]  # schema changes that need a minor version
    other: list[str]  # changes that need a patch (descriptions, constraints, extractor)

    @property
    def bump(self) -> str:
        if self.breaking:
            return "major"
        if self.additive or any(t.added or t.removed for t in self.tables.values()):
            return "minor"
        if self.other or any(t.changed for t in self.tables.values()):
            return "patch"
        return "none"


def _schema_changes(
    old: dict[str, TableSpec], new: dict[str, TableSpec]
) -> tuple[list[str], list[str], list[str]]:
    breaking, additive, other = [], [], []
    breaking += [f"resource {n!r} removed" for n in old if n not in new]
    additive += [f"resource {n!r} added" for n in new if n not in old]
    for name in (n for n in new if n in old):
        b, a = _table_schema_changes(old[name], new[name])
        breaking += b
        additive += a
        if not b and not a and to_frictionless(old[name]) != to_frictionless(new[name]):
            other.append(f"{name} schema details (descriptions, constraints, keys) changed")
    return breaking, additive, other


def _table_schema_changes(o: TableSpec, n: TableSpec) -> tuple[list[str], list[str]]:
    of, nf = {f.name: f for f in o.fields}, {f.name: f for f in n.fields}
    breaking = [f"{o.name}.{c} removed or renamed" for c in of if c not in nf]
    additive = [f"{o.name}.{c} added" for c in nf if c not in of]
    breaking += [
        f"{o.name}.{c} type {of[c].type} -> {nf[c].type}"
        for c in nf
        if c in of and of[c].type != nf[c].type
    ]
    if o.primary_key != n.primary_key:
        breaking.append(f"{o.name} primary key {list(o.primary_key)} -> {list(n.primary_key)}")
    return breaking, additive


# The column holding a record's words, shown in the changelog beside its id: the first of these
# a table has (a demand, a response, a meeting's or an actor's name, a title, a quote).
LABEL_COLUMNS = ("demand", "response", "name", "title", "text")


# A source's own text: a diff says that it changed, never what it was or became, so that the
# changelog and changes.csv cannot republish a text the package withholds.
SOURCE_TEXT = {"passages": "text"}
NOT_REPEATED = "(source text, not repeated)"


def record_label(row: dict[str, str], table: str = "") -> str:
    """The record's words (LABEL_COLUMNS), or '' for a table of links or source text."""
    return next((row[c] for c in LABEL_COLUMNS if row.get(c) and SOURCE_TEXT.get(table) != c),
                "")


def _changed(table: str, old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    changed = {c: (old[c], new[c]) for c in new if c in old and old[c] != new[c]}
    if (column := SOURCE_TEXT.get(table)) in changed:
        changed[column] = (NOT_REPEATED, NOT_REPEATED)
    return changed


def _table_diff(name: str, old: Rows, new: Rows) -> TableDiff:
    diff = TableDiff(name, added=sorted(set(new) - set(old)), removed=sorted(set(old) - set(new)))
    for key in sorted(set(old) & set(new)):
        if changed := _changed(name, old[key], new[key]):
            diff.changed.append(RecordChange(key, changed))
            diff.labels[key] = record_label(new[key], name)
    diff.labels |= {k: record_label(new[k], name) for k in diff.added}
    diff.labels |= {k: record_label(old[k], name) for k in diff.removed}
    return diff


def diff_releases(old: Release, new: Release) -> Diff:
    """Schema changes and record-level diff (by primary key) from `old` to `new`."""
    breaking, additive, other = _schema_changes(old.specs, new.specs)
    old_x = old.descriptor.get("x_extractor", {}).get("version")
    if old_x != new.descriptor.get("x_extractor", {}).get("version"):
        other.append(f"extractor version {old_x} -> {new.descriptor['x_extractor']['version']}")
    tables = {
        n: _table_diff(n, old.rows.get(n, {}), new.rows[n]) for n in new.specs
    } | {n: _table_diff(n, old.rows[n], {}) for n in old.specs if n not in new.specs}
    return Diff(tables, breaking, additive, other)


def diff_packages(old_dir: Path, new_dir: Path) -> Diff:
    """Diff of two published package folders (each holding datapackage.json)."""
    old, new = read_release(old_dir), read_release(new_dir)
    if old is None or new is None:
        missing = old_dir if old is None else new_dir
        raise FileNotFoundError(f"{missing}: no datapackage.json")
    return diff_releases(old, new)


def _ids(ids: list[str], limit: int = MAX_IDS) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", … and {len(ids) - limit} more" if len(ids) > limit else "")


def format_diff(diff: Diff, limit: int = MAX_IDS) -> str:
    """Readable diff: schema changes, then per table the records added/removed/changed."""
    lines = [f"bump: {diff.bump}"]
    lines += [f"breaking: {c}" for c in diff.breaking] + [f"added: {c}" for c in diff.additive]
    lines += [f"changed: {c}" for c in diff.other]
    for name, t in diff.tables.items():
        if t.empty:
            continue
        lines.append(f"{name}: +{len(t.added)} -{len(t.removed)} ~{len(t.changed)}")
        if t.added:
            lines.append(f"  added: {_ids(t.added, limit)}")
        if t.removed:
            lines.append(f"  removed: {_ids(t.removed, limit)}")
        for ch in t.changed[:limit]:
            vals = "; ".join(f"{c}: {o!r} -> {n!r}" for c, (o, n) in ch.fields.items())
            lines.append(f"  changed {ch.key}: {vals}")
        if len(t.changed) > limit:
            lines.append(f"  … and {len(t.changed) - limit} more changed")
    return "\n".join(lines) + "\n"


# ---- versions and changelog -----------------------------------------------------------------


def bump_version(version: str | None, bump: str) -> str:
    """Next semver: None -> 1.0.0; major/minor/patch reset the lower parts."""
    if version is None:
        return "1.0.0"
    major, minor, patch = (int(p) for p in version.split("."))
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def prepend_changelog(previous: str | None, entry: str) -> str:
    """CHANGELOG.md text with `entry` placed first under the heading."""
    head = "# Changelog\n\n"
    body = previous[len(head):] if previous and previous.startswith(head) else (previous or "")
    return head + entry + ("\n" + body if body.strip() else "")
