"""`changes.csv`: the machine-readable delta of a release against the one before it, one row per
added or deleted record and one per changed field of a modified record."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .versions import Diff

CHANGES_FILE = "changes.csv"
HEADER = ["operation", "table", "id", "field", "old_value", "new_value"]


def change_rows(diff: Diff) -> Iterator[list[str]]:
    """Rows of changes.csv: per table (in package order) ADD, then MOD (one row per changed
    field, with its old and new CSV cell), then DEL, each by id. A compound key's parts are
    joined by '|'."""
    for name, table in diff.tables.items():
        yield from (["ADD", name, key, "", "", ""] for key in table.added)
        for change in table.changed:
            for column, (old, new) in change.fields.items():
                yield ["MOD", name, change.key, column, old, new]
        yield from (["DEL", name, key, "", "", ""] for key in table.removed)


def write_changes(path: Path, diff: Diff) -> int:
    """Write changes.csv (UTF-8, LF, quoted as the data files are); returns its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    rows = 0
    for row in change_rows(diff):
        writer.writerow(row)
        rows += 1
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return rows
