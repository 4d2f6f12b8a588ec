"""CHANGELOG.md entries: what changed in a release, in words a reader can check: the records
added, changed and removed with their text, the corrections applied, and per-table summaries
where a table changed too much to list (changes.csv holds every change)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from .versions import NOT_REPEATED, Diff, TableDiff

LISTED = 20  # records listed per table before the entry only summarises it
WORDS = 100  # characters of a record's text shown


def _words(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:WORDS]}…”" if len(text) > WORDS else f"“{text}”" if text else ""


def _value(value: str) -> str:
    return value if value == NOT_REPEATED else _words(value) if value else "(empty)"


def _table_lines(t: TableDiff) -> list[str]:
    n = len(t.added) + len(t.changed) + len(t.removed)
    if n > LISTED:
        fields = Counter(c for ch in t.changed for c in ch.fields)
        summary = f"{len(t.added)} added, {len(t.changed)} changed, {len(t.removed)} removed"
        if fields:
            summary += " (fields changed: " + ", ".join(
                f"{c} ×{k}" for c, k in sorted(fields.items(), key=lambda i: (-i[1], i[0]))) + ")"
        return [f"- {summary}; every change is listed in `changes.csv`."]
    lines = [f"- added `{k}` {_words(t.labels.get(k, ''))}".rstrip() for k in t.added]
    for ch in t.changed:
        what = "; ".join(f"{c}: {_value(o)} → {_value(v)}" for c, (o, v) in ch.fields.items())
        lines.append(f"- changed `{ch.key}` {_words(t.labels.get(ch.key, ''))}".rstrip()
                     + f": {what}")
    return lines + [f"- removed `{k}` {_words(t.labels.get(k, ''))}".rstrip() for k in t.removed]


def _match(match: dict[str, Any]) -> str:
    return " and ".join(f"{c} = `{v}`" for c, v in match.items())


def correction_words(c: dict[str, Any]) -> str:
    """One applied correction (corrections.Correction.describe(), with `rows`) as a sentence."""
    table, reason = c.get("table", ""), c.get("reason", "")
    if c.get("action") == "drop":
        said = f"Dropped the {table} record(s) where {_match(c.get('match', {}))}"
    elif c.get("action") == "fix":
        sets = ", ".join(f"{k} to `{v}`" for k, v in c.get("set", {}).items())
        said = f"Set {sets} in the {table} record(s) where {_match(c.get('match', {}))}"
    elif c.get("action") == "merge_actors":
        drop = ", ".join(f"`{d}`" for d in c.get("drop", []))
        said = f"Merged actor(s) {drop} into `{c.get('keep')}`"
    elif c.get("action") == "add":
        said = f"Added a {table} record ({_match(c.get('record', {}))})"
    else:
        said = f"{c.get('action')} on {table}"
    return f"{said}. Reason: {reason}" if reason else f"{said}."


def changelog_entry(version: str, date: dt.date | None, counts: dict[str, int],
                    diff: Diff | None, corrections: list[dict],
                    notes: list[str] | None = None) -> str:
    """Markdown entry for one release: why, counts per table, schema changes, the records
    changed (with their text) per table, and the corrections in words."""
    lines = [f"## {version} ({date.isoformat() if date else 'undated'})", ""]
    lines.append("First release." if diff is None else f"Change: {diff.bump}.")
    lines += [""] + [f"- {note}" for note in notes] if notes else []
    lines += ["", "| table | rows | added | removed | changed |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for name, n in counts.items():
        t = diff.tables.get(name) if diff else None
        a, r, c = (len(t.added), len(t.removed), len(t.changed)) if t else (n, 0, 0)
        lines.append(f"| {name} | {n} | {a} | {r} | {c} |")
    if diff is not None:
        schema = ([f"- breaking: {c}" for c in diff.breaking]
                  + [f"- schema addition: {c}" for c in diff.additive]
                  + [f"- other change: {c}" for c in diff.other])
        lines += ["", *schema] if schema else []
        for name, t in diff.tables.items():
            if not t.empty:
                lines += ["", f"### {name}", "", *_table_lines(t)]
    lines += ["", f"Corrections applied: {len(corrections) if corrections else 'none'}"]
    lines += [f"- {correction_words(c)}" for c in corrections]
    return "\n".join(lines).rstrip() + "\n"
