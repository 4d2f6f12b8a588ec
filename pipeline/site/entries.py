"""Ready seeds/corrections.yaml entries for a record, as the page shows them to copy.

The format is pipeline/corrections.py's (see the comments in seeds/corrections.yaml): each entry
has an `action` and a `reason`; `id` names a one-column primary key, `match` a compound one.
Entries are YAML list items indented for pasting under `corrections:`; the reason is a
placeholder the maintainer replaces. Values are written as YAML scalars that read back as the
same text (ids, enums and dates are plain; anything else is quoted).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

REASON = "…"
# The field a `fix` of each table offers first: what a reviewer most often finds wrong.
FIX_FIELD = {
    "statements": "speaker_id",
    "meetings": "status",
    "demands": "addressee_id",
    "demand_responses": "responder_id",
    "meeting_mentions": "meeting_id",
    "actor_mentions": "actor_id",
    "actors": "type",
}
# What the comment after a fix says to write there.
FIX_HINT = {
    "statements": "the speaker's actor_id, or null",
    "meetings": "held, ongoing or planned",
    "demands": "the addressee's actor_id, or null",
    "demand_responses": "the responder's actor_id",
    "meeting_mentions": "the meeting_id it refers to",
    "actor_mentions": "the actor_id it refers to",
    "actors": "person, organization, country or other",
}
PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
KEYWORDS = {"null", "true", "false", "yes", "no", "on", "off", "~", "y", "n"}


@dataclass(frozen=True)
class Entry:
    """One correction a control offers: a label for its button and the YAML to copy."""

    action: str
    label: str
    yaml: str


def scalar(value: Any) -> str:
    """`value` as a YAML scalar that reads back as itself."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if PLAIN.match(text) and text.lower() not in KEYWORDS and not _numeric(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _lines(*pairs: tuple[str, str], comment: dict[int, str] | None = None) -> str:
    comment = comment or {}
    out = []
    for n, (key, value) in enumerate(pairs):
        lead = "  - " if n == 0 else "    "
        note = f"  # {comment[n]}" if n in comment else ""
        out.append(f"{lead}{key}: {value}{note}")
    return "\n".join(out) + "\n"


def _where(key: tuple[str, ...], row: dict[str, Any]) -> tuple[str, str]:
    if len(key) == 1:
        return ("id", scalar(row[key[0]]))
    return ("match", "{" + ", ".join(f"{k}: {scalar(row[k])}" for k in key) + "}")


def drop_entry(table: str, key: tuple[str, ...], row: dict[str, Any]) -> Entry:
    """Drop this record (rows that need it go too)."""
    yaml = _lines(("action", "drop"), ("table", table), _where(key, row),
                  ("reason", json.dumps(REASON, ensure_ascii=False)))
    return Entry("drop", "drop", yaml)


def fix_entry(table: str, key: tuple[str, ...], row: dict[str, Any],
              field: str | None = None) -> Entry | None:
    """Change one field of this record; the current value is filled in to be replaced."""
    field = field or FIX_FIELD.get(table)
    if field is None or field not in row:
        return None
    setting = "{" + f"{field}: {scalar(row.get(field))}" + "}"
    yaml = _lines(("action", "fix"), ("table", table), _where(key, row), ("set", setting),
                  ("reason", json.dumps(REASON, ensure_ascii=False)),
                  comment={3: f"write {FIX_HINT[table]}"})
    return Entry("fix", f"fix {field}", yaml)


def merge_entry(actor_id: str, duplicates: list[str]) -> Entry:
    """Merge other actors into this one; the candidates are names that look alike, else a
    placeholder to replace with the other actor's id."""
    drop = "[" + ", ".join(duplicates) + "]" if duplicates else "[ac_…]"
    note = "actors that look like the same one" if duplicates else "the other actor's id"
    yaml = _lines(("action", "merge_actors"), ("keep", actor_id), ("drop", drop),
                  ("reason", json.dumps(REASON, ensure_ascii=False)), comment={2: note})
    return Entry("merge_actors", "merge into this actor", yaml)


def entry_templates(table: str, key: str) -> dict[str, str]:
    """The drop and fix entries of a table as templates, `{id}` and `{value}` to be filled in
    by the page: mentions are too many to write every entry out."""
    row = {key: "__ID__", FIX_FIELD[table]: "__VALUE__"}
    fix = fix_entry(table, (key,), row)
    made = {"drop": drop_entry(table, (key,), row).yaml, "fix": fix.yaml if fix else ""}
    return {name: yaml.replace("__ID__", "{id}").replace("__VALUE__", "{value}")
            for name, yaml in made.items()}
