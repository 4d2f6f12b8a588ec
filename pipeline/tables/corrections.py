"""Corrections as data: seeds/corrections.yaml drops, fixes, merges or adds records.

Each entry has an `action` and a `reason`:

    - {action: drop, table: statements, id: st_0123456789ab, reason: "..."}
    - {action: fix, table: statements, id: st_0123456789ab, set: {speaker_id: ac_...},
       reason: "..."}
    - {action: merge_actors, keep: ac_aaaaaaaaaaaa, drop: [ac_bbbbbbbbbbbb], reason: "..."}
    - {action: add, table: meetings, record: {meeting_id: mt_..., ...}, reason: "..."}

`id` matches the table's one-column primary key; `match: {column: value, ...}` matches rows
whose columns all equal the values (use it for compound keys). Corrections are applied after
extraction, in the package's table order (file order within a table), on every build. A
correction that matches nothing is returned as unmatched so the build can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import SourceError
from ..ingest.sources import read_yaml
from ..metadata import types
from ..metadata.enums import Table
from ..metadata.specs import TableSpec, load_tables
from .frames import join_aliases, split_aliases, to_frame
from .store import Frames

ACTIONS = {
    "drop": ({"action", "table", "reason"}, {"id", "match"}),
    "fix": ({"action", "table", "set", "reason"}, {"id", "match"}),
    "merge_actors": ({"action", "keep", "drop", "reason"}, set()),
    "add": ({"action", "table", "record", "reason"}, set()),
}
Rows = dict[str, list[dict]]
# Values an added record gets unless the entry gives them: a record a person adds is certain.
ADD_DEFAULTS = {"confidence": 1.0}


@dataclass(frozen=True)
class Correction:
    """One checked entry of corrections.yaml."""

    action: str
    reason: str
    entry: str  # "entry 3" — where it is in the file
    table: str = Table.ACTORS.value  # plain text: it is shown in warnings
    match: dict[str, Any] = field(default_factory=dict)
    set: dict[str, Any] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)
    keep: str | None = None
    drop: tuple[str, ...] = ()

    def describe(self) -> dict[str, Any]:
        """The correction as a plain mapping (for changelogs and warnings)."""
        out: dict[str, Any] = {"entry": self.entry, "action": self.action, "table": self.table}
        for name in ("match", "set", "record"):
            if getattr(self, name):
                out[name] = dict(getattr(self, name))
        if self.action == "merge_actors":
            out.update(keep=self.keep, drop=list(self.drop))
        out["reason"] = self.reason
        return out


def load_corrections(path: Path, tables: dict[str, TableSpec] | None = None) -> list[Correction]:
    """Checked corrections of `path` ([] when the file does not exist). Raises SourceError."""
    if not path.is_file():
        return []
    tables = tables or load_tables()
    where = str(path)
    raw = read_yaml(path, "corrections")
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("corrections", []), list):
        raise SourceError(where, None, "corrections-shape",
                          "expected a mapping with a 'corrections' list")
    if unknown := set(raw) - {"corrections"}:
        raise SourceError(where, None, "unknown-key",
                          f"unknown top-level key(s): {sorted(unknown)}")
    items = raw.get("corrections") or []
    return [_entry(where, f"entry {n}", item, tables) for n, item in enumerate(items, 1)]


def _entry(where: str, label: str, item: Any, tables: dict[str, TableSpec]) -> Correction:
    def fail(rule: str, detail: str) -> SourceError:
        return SourceError(where, label, rule, detail)

    if not isinstance(item, dict):
        raise fail("entry-shape", "each correction must be a mapping")
    action = item.get("action")
    if action not in ACTIONS:
        raise fail("action", f"'action' must be one of {sorted(ACTIONS)}, got {action!r}")
    label = f"{label} ({action})"
    required, either = ACTIONS[action]
    if unknown := set(item) - required - either:
        raise fail("unknown-key", f"unknown key(s) for {action}: {sorted(unknown)}")
    if not isinstance(item.get("reason"), str) or not item["reason"].strip():
        raise fail("reason-required", "every correction needs a 'reason' (a non-empty string)")
    if missing := required - set(item):
        raise fail("required-field", f"missing key(s): {sorted(missing)}")
    if either and len(set(item) & either) != 1:
        raise fail("match-required", "give exactly one of 'id' or 'match'")
    if action == "merge_actors":
        return _merge_entry(fail, item, label)
    table = item["table"]
    if table not in tables:
        raise fail("unknown-table", f"unknown table {table!r}; tables: {sorted(tables)}")
    spec = tables[table]
    return Correction(
        action=action, reason=item["reason"].strip(), entry=label, table=table,
        match=_match(fail, spec, item) if either else {},
        set=_fields(fail, spec, item.get("set"), "set") if action == "fix" else {},
        record=_record(fail, spec, item.get("record")) if action == "add" else {},
    )


def _merge_entry(fail: Any, item: dict, label: str) -> Correction:
    keep, drop = item["keep"], item["drop"]
    drop = [drop] if isinstance(drop, str) else drop
    if not isinstance(keep, str) or not isinstance(drop, list) or not drop \
            or not all(isinstance(d, str) for d in drop):
        raise fail("merge-shape", "'keep' is an actor_id, 'drop' an actor_id or a list of them")
    if keep in drop:
        raise fail("merge-shape", f"actor {keep!r} is both kept and dropped")
    return Correction(action="merge_actors", reason=item["reason"].strip(), entry=label,
                      keep=keep, drop=tuple(drop))


def _match(fail: Any, spec: TableSpec, item: dict) -> dict[str, Any]:
    if "id" in item:
        if len(spec.primary_key) != 1:
            raise fail("compound-key", f"{spec.name} has key {list(spec.primary_key)}: use 'match'")
        values = {spec.primary_key[0]: item["id"]}
    else:
        values = item["match"]
    # A match is only typed: a value breaking a constraint matches nothing, and is reported so.
    return {name: _typed(fail, spec, name, value)
            for name, value in _mapping(fail, spec, values, "match").items()}


def _mapping(fail: Any, spec: TableSpec, values: Any, what: str) -> dict[str, Any]:
    if not isinstance(values, dict) or not values:
        raise fail(f"{what}-shape", f"'{what}' must be a non-empty mapping of column -> value")
    if unknown := set(values) - set(spec.field_names):
        raise fail("unknown-field", f"{spec.name} has no field(s) {sorted(unknown)}")
    return values


def _fields(fail: Any, spec: TableSpec, values: Any, what: str) -> dict[str, Any]:
    """Values to write: typed and checked against each column's Table Schema constraints;
    columns the pipeline computes cannot be set."""
    out = {}
    for name, value in _mapping(fail, spec, values, what).items():
        if spec.field(name).computed:
            raise fail("computed-field", f"{spec.name}.{name} is computed by the pipeline and "
                       "cannot be set by a correction")
        out[name] = typed = _typed(fail, spec, name, value)
        if broken := spec.field(name).problem(typed):
            rule, detail = broken
            raise fail(rule, f"{spec.name}.{name} {detail}, got {value!r}")
    return out


def _typed(fail: Any, spec: TableSpec, name: str, value: Any) -> Any:
    try:
        return types.typed(spec.field(name).type, value)
    except ValueError as err:
        rule, expected = err.args
        raise fail(rule, f"{spec.name}.{name} must be {expected}, got {value!r}") from None


def _record(fail: Any, spec: TableSpec, record: Any) -> dict[str, Any]:
    values = _fields(fail, spec, record, "record")
    if missing := [k for k in spec.primary_key if values.get(k) is None]:
        raise fail("record-key", f"the new record needs its key field(s) {missing}")
    values = {**{k: v for k, v in ADD_DEFAULTS.items() if k in spec.field_names}, **values}
    if computed := [f.name for f in spec.fields if f.computed and f.required
                    and values.get(f.name) is None]:
        raise fail("computed-field", f"records of {spec.name} cannot be added by a correction: "
                   f"the pipeline computes {computed}")
    if missing := [f.name for f in spec.fields if f.required and values.get(f.name) is None]:
        raise fail("field-required", f"the new record needs the required field(s) {missing}")
    return values


# ---- applying ---------------------------------------------------------------------------------


def apply_corrections(
    frames: Frames, corrections: list[Correction]
) -> tuple[Frames, list[dict], list[Correction]]:
    """Frames with every correction applied, the applied ones described, the unmatched ones.
    A dict of frames is copied; a TableStore is updated in place (a copy would read every
    table into memory), its corrected tables written back one at a time."""
    tables = load_tables()
    order = {name: i for i, name in enumerate(tables)}
    ordered = sorted(corrections, key=lambda c: order.get(c.table, len(order)))
    rows: Rows = {}
    applied: list[dict] = []
    unmatched: list[Correction] = []
    for correction in ordered:
        changed = APPLY[correction.action](rows, frames, tables, correction)
        if changed:
            applied.append({**correction.describe(), "rows": changed})
        else:
            unmatched.append(correction)
    out = dict(frames) if isinstance(frames, dict) else frames
    for name in list(rows):
        out[name] = to_frame(tables[name], rows.pop(name))
    return out, applied, unmatched


def _rows(rows: Rows, frames: Frames, name: str) -> list[dict]:
    """Mutable row dicts of a table, made from its frame on first use."""
    if name not in rows:
        frame = frames[name]
        rows[name] = [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return rows[name]


def _plain(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str | dt.date) and pd.isna(value)) \
        else value


def _matches(row: dict, match: dict[str, Any]) -> bool:
    return all(row.get(k) == v for k, v in match.items())


def _drop(rows: Rows, frames: Frames, tables: dict[str, TableSpec],
          c: Correction) -> dict[str, int]:
    table = _rows(rows, frames, c.table)
    gone = [r for r in table if _matches(r, c.match)]
    if not gone:
        return {}
    rows[c.table] = [r for r in table if not _matches(r, c.match)]
    counts = {c.table: len(gone)}
    _cascade(rows, frames, tables, c.table, gone, counts)
    return counts


def _cascade(rows: Rows, frames: Frames, tables: dict[str, TableSpec], name: str,
             gone: list[dict], counts: dict[str, int]) -> None:
    """Rows pointing at dropped rows: deleted when the key is required, else set to empty."""
    key = tables[name].primary_key
    if len(key) != 1:
        return
    removed = {r[key[0]] for r in gone}
    for other, spec in tables.items():
        for fk in spec.foreign_keys:
            if fk["reference"]["resource"] != name:
                continue
            (column,) = fk["fields"]
            hit = [r for r in _rows(rows, frames, other) if r.get(column) in removed]
            if not hit:
                continue
            counts[other] = counts.get(other, 0) + len(hit)
            if spec.field(column).required:
                rows[other] = [r for r in rows[other] if r.get(column) not in removed]
                _cascade(rows, frames, tables, other, hit, counts)
            else:
                for row in hit:
                    row[column] = None


def _fix(rows: Rows, frames: Frames, tables: dict[str, TableSpec], c: Correction) -> dict[str, int]:
    hit = [r for r in _rows(rows, frames, c.table) if _matches(r, c.match)]
    for row in hit:
        row.update(c.set)
    if c.table == Table.STATEMENTS and "speaker_id" in c.set and hit:
        _relink_speakers(rows, frames, hit)
    return {c.table: len(hit)} if hit else {}


def _relink_speakers(rows: Rows, frames: Frames, statements: list[dict]) -> None:
    """A statement whose speaker was corrected has that one speaker in statement_speakers."""
    if Table.STATEMENT_SPEAKERS not in frames and Table.STATEMENT_SPEAKERS not in rows:
        return
    ids = {r["statement_id"] for r in statements}
    links = _rows(rows, frames, Table.STATEMENT_SPEAKERS)
    kept = [r for r in links if r["statement_id"] not in ids]
    rows[Table.STATEMENT_SPEAKERS] = kept + [
        {"statement_id": r["statement_id"], "actor_id": r["speaker_id"]}
        for r in statements if r.get("speaker_id")
    ]


def _add(rows: Rows, frames: Frames, tables: dict[str, TableSpec], c: Correction) -> dict[str, int]:
    key = {k: c.record[k] for k in tables[c.table].primary_key}
    table = _rows(rows, frames, c.table)
    if any(_matches(r, key) for r in table):
        return {}  # already there (the extractor found it): report it as no longer needed
    table.append({name: c.record.get(name) for name in tables[c.table].field_names})
    return {c.table: 1}


def _merge(rows: Rows, frames: Frames, tables: dict[str, TableSpec],
           c: Correction) -> dict[str, int]:
    actors = _rows(rows, frames, Table.ACTORS)
    kept = next((r for r in actors if r["actor_id"] == c.keep), None)
    merged = [r for r in actors if r["actor_id"] in c.drop]
    if kept is None or not merged:
        return {}
    names = split_aliases(kept.get("aliases")) | {
        a for r in merged for a in split_aliases(r.get("aliases")) | {r["name"]}}
    kept["aliases"] = join_aliases(names - {kept["name"]})
    rows[Table.ACTORS] = [r for r in actors if r["actor_id"] not in c.drop]
    counts = {Table.ACTORS: len(merged)}
    for name, spec in tables.items():
        columns = [fk["fields"][0] for fk in spec.foreign_keys
                   if fk["reference"]["resource"] == Table.ACTORS]
        n = _repoint(_rows(rows, frames, name), columns, set(c.drop), c.keep) if columns else 0
        if n:
            rows[name] = _dedupe(rows[name], spec.primary_key)
            counts[name] = n
    return counts


def _repoint(table: list[dict], columns: list[str], old: set[str], new: str) -> int:
    n = 0
    for row in table:
        for column in columns:
            if row.get(column) in old:
                row[column] = new
                n += 1
    return n


def _dedupe(table: list[dict], key: tuple[str, ...]) -> list[dict]:
    """First row per key: a merge can make two participants of one meeting the same actor."""
    seen: set[tuple] = set()
    out = []
    for row in table:
        k = tuple(row.get(c) for c in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


APPLY = {"drop": _drop, "fix": _fix, "add": _add, "merge_actors": _merge}
