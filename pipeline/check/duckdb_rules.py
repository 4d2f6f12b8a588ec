"""Table Schema checks of a published package run in DuckDB: for packages too large for the
row-by-row Frictionless validator.

Every rule the descriptor states is checked over every row of every CSV: the header, each
field's type (integer, number, boolean, date), required, pattern, enum, minimum, maximum,
unique, the primary key and every foreign key. Frictionless itself still validates the
descriptor and the first `sample_rows` rows of each file (dialect, encoding, header, cells),
so the two agree on how a file is read. Problems are reported per rule with a count and a few
example row numbers, counted like Frictionless (the header is row 1).

The header line is read with Python's csv module, as Frictionless reads it, and compared with
the schema before DuckDB reads the rows by position. A file DuckDB cannot read as a regular
table (a row with too few or too many cells, bad encoding: a duckdb.Error) or one holding a
blank line (DuckDB skips blank lines, so later rows would be numbered too low; a byte scan for
an empty line, which may also hit a quoted cell spanning an empty line) is instead validated
by the official Frictionless validator, fully (every row, its foreign keys too), so its rows
and rules are reported exactly as frictionless_checks.check_frictionless words them. Such a
file is still loaded leniently, where DuckDB can, so that the foreign keys of other tables
into it are checked.
"""

from __future__ import annotations

import csv
from contextlib import suppress
from pathlib import Path
from typing import Any

import duckdb

from ..metadata import types
from ..processes import temp_dir
from ..sql import ident, literal
from .frictionless_checks import check_with_frictionless

EXAMPLES = 5
# The rows are loaded into a scratch database on disk that may hold this much in memory and
# spills the rest to disk, so checking a large package does not grow the process with it.
MEMORY_LIMIT = "256MB"


def _header(path: Path) -> list[str] | None:
    """The header line as Python's csv module (and Frictionless) reads it; None if unreadable."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeError, csv.Error):
        return None


def _has_blank_line(path: Path) -> bool:
    """Whether the file holds an empty line (which DuckDB would skip without counting it)."""
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            block = tail + chunk
            if b"\n\n" in block or b"\n\r\n" in block:
                return True
            tail = block[-2:]
    return False


def _load(con: duckdb.DuckDBPyConnection, name: str, path: Path, fields: list[str],
          lenient: bool = False) -> None:
    """The CSV as a table of text cells (empty -> NULL) with a row number, the cells named by
    position after the schema's fields (the header line is skipped: _header checks it).
    Raises duckdb.Error on a row of the wrong length unless lenient (pad, cut, skip rows)."""
    columns = "{" + ", ".join(f"{literal(f)}: 'VARCHAR'" for f in fields) + "}"
    loose = ", null_padding = true, strict_mode = false, ignore_errors = true" if lenient else ""
    con.execute(
        f"CREATE TABLE {ident(name)} AS SELECT row_number() OVER () + 1 AS __row, * FROM read_csv("
        f"{literal(path)}, header = true, columns = {columns}, auto_detect = false, nullstr = '', "
        f"quote = '\"', escape = '\"', delim = ',', parallel = false{loose})"
    )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, list[int]]:
    count, examples = con.execute(
        f"SELECT count(*), list(__row ORDER BY __row)[1:{EXAMPLES}] FROM ({sql})").fetchone()
    return count, list(examples or [])


def _problem(table: str, rule: str, detail: str, count: int, examples: list[int]) -> str:
    rows = ", ".join(map(str, examples)) + (" …" if count > len(examples) else "")
    return f"{table}: {count} row(s): rule '{rule}' failed ({detail}); rows {rows}"


def _field_sql(table: str, field: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(rule, detail, SQL selecting failing __row) for one field's type and constraints."""
    c, t, ftype = ident(field["name"]), ident(table), field.get("type", "string")
    test = types.DUCKDB_TEXT_TESTS[ftype].format(c=c) if ftype in types.DUCKDB_TEXT_TESTS else None
    ok_type = f"NOT ({test})" if test else "true"
    cons = field.get("constraints") or {}
    out = []
    if test:
        out.append(("type-error", f"{field['name']} is not {ftype}",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND ({test})"))
    if cons.get("required"):
        out.append(("constraint-error", f"{field['name']} is required",
                    f"SELECT __row FROM {t} WHERE {c} IS NULL"))
    if "pattern" in cons:
        out.append(("constraint-error", f"{field['name']} pattern {cons['pattern']}",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND NOT "
                    f"regexp_full_match({c}, {literal(cons['pattern'])})"))
    if "enum" in cons:
        values = ", ".join(literal(v) for v in cons["enum"])
        out.append(("constraint-error", f"{field['name']} enum",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND {c} NOT IN ({values})"))
    for key, op in (("minimum", "<"), ("maximum", ">")):
        if key in cons:
            bound = literal(cons[key])
            beyond = ", ".join(f"TRY_CAST({c} AS {cast}) {op} CAST({bound} AS {cast})"
                               for cast in types.DUCKDB_BOUND_CASTS.get(ftype, ("VARCHAR",)))
            out.append(("constraint-error", f"{field['name']} {key} {cons[key]}",
                        f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND {ok_type} AND "
                        f"coalesce({beyond})"))
    if cons.get("unique"):
        out.append(("unique-error", f"{field['name']} is unique", _dupes(t, [c])))
    return out


def _dupes(table: str, columns: list[str]) -> str:
    cols = ", ".join(columns)
    return (f"SELECT __row FROM (SELECT __row, count(*) OVER (PARTITION BY {cols}) AS n "
            f"FROM {table} WHERE " + " AND ".join(f"{c} IS NOT NULL" for c in columns)
            + ") WHERE n > 1")


def _foreign_sql(table: str, fk: dict[str, Any]) -> str:
    fields, ref = fk["fields"], fk["reference"]
    fields = [fields] if isinstance(fields, str) else fields
    ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
    ref_table = ref.get("resource") or table
    on = " AND ".join(f"r.{ident(b)} = s.{ident(a)}"
                      for a, b in zip(fields, ref_fields, strict=True))
    present = " AND ".join(f"s.{ident(a)} IS NOT NULL" for a in fields)
    return (f"SELECT s.__row FROM {ident(table)} s WHERE {present} AND NOT EXISTS "
            f"(SELECT 1 FROM {ident(ref_table)} r WHERE {on})")


def check_resources(package_dir: Path, descriptor: dict[str, Any]) -> list[str]:
    """Every Table Schema rule of every resource, over all rows, in DuckDB; a file DuckDB
    cannot read or number like Frictionless is left to check_with_frictionless."""
    with temp_dir("fastcheck") as tmp:
        con = duckdb.connect(str(Path(tmp) / "check.duckdb"),
                             config={"memory_limit": MEMORY_LIMIT, "temp_directory": tmp})
        try:
            return _check(con, package_dir, descriptor)
        finally:
            con.close()


def _check(con: duckdb.DuckDBPyConnection, package_dir: Path, descriptor: dict[str, Any]
           ) -> list[str]:
    problems: list[str] = []
    resources = descriptor.get("resources", [])
    loaded, by_frictionless = set(), []
    for res in resources:
        name, path = res["name"], package_dir / res["path"]
        expected = [f["name"] for f in res["schema"]["fields"]]
        header = _header(path)
        if header is not None and header != expected:
            problems.append(f"{name}: table: rule 'incorrect-header' failed "
                            f"(header {header} != schema {expected})")
            if len(header) != len(expected):
                continue  # cells cannot be matched to fields: skip its rows and keys into it
        try:
            _load(con, name, path, expected)
            loaded.add(name)
            if header is None or _has_blank_line(path):
                by_frictionless.append(name)
        except duckdb.Error:
            by_frictionless.append(name)
            with suppress(duckdb.Error):  # still the target of other tables' foreign keys
                _load(con, name, path, expected, lenient=True)
                loaded.add(name)
    for res in resources:
        name, schema = res["name"], res["schema"]
        if name in by_frictionless:
            problems += check_with_frictionless(package_dir, descriptor, name)
            continue
        if name not in loaded:
            continue
        checks = [c for f in schema["fields"] for c in _field_sql(name, f)]
        if key := schema.get("primaryKey"):
            key = [key] if isinstance(key, str) else key
            checks.append(("primary-key", f"key {key} is unique",
                           _dupes(ident(name), [ident(k) for k in key])))
        for fk in schema.get("foreignKeys") or []:
            if (fk["reference"].get("resource") or name) not in loaded:
                continue  # its file is reported unreadable or with a wrong header
            checks.append(("foreign-key", f"{fk['fields']} -> {fk['reference']}",
                           _foreign_sql(name, fk)))
        for rule, detail, sql in checks:
            count, examples = _count(con, sql)
            if count:
                problems.append(_problem(name, rule, detail, count, examples))
    return problems
