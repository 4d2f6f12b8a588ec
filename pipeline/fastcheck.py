"""Table Schema checks of a published package run in DuckDB: for packages too large for the
row-by-row Frictionless validator.

Every rule the descriptor states is checked over every row of every CSV: the header, each
field's type (integer, number, boolean, date), required, pattern, enum, minimum, maximum,
unique, the primary key and every foreign key. Frictionless itself still validates the
descriptor and the first `sample_rows` rows of each file (dialect, encoding, header, cells),
so the two agree on how a file is read. Problems are reported per rule with a count and a few
example row numbers, counted like Frictionless (the header is row 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

EXAMPLES = 5
SAMPLE_ROWS = 10_000
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
TYPE_TESTS = {
    "integer": "NOT regexp_full_match({c}, '[+-]?[0-9]+')",
    "number": "TRY_CAST({c} AS DOUBLE) IS NULL",
    "boolean": "{c} NOT IN ('" + "', '".join(TRUE_VALUES + FALSE_VALUES) + "')",
    "date": "NOT regexp_full_match({c}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            "OR TRY_CAST({c} AS DATE) IS NULL",
}
CASTS = {"integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _load(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> list[str]:
    """The CSV as a table of text cells (empty -> NULL) with a row number; returns its header."""
    con.execute(
        f"CREATE TABLE {_q(name)} AS SELECT row_number() OVER () + 1 AS __row, * FROM read_csv("
        f"{_lit(path)}, header = true, all_varchar = true, nullstr = '', quote = '\"', "
        f"escape = '\"', delim = ',', parallel = false)"
    )
    return [r[0] for r in con.execute(f"DESCRIBE {_q(name)}").fetchall()][1:]


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, list[int]]:
    count, examples = con.execute(
        f"SELECT count(*), list(__row ORDER BY __row)[1:{EXAMPLES}] FROM ({sql})").fetchone()
    return count, list(examples or [])


def _problem(table: str, rule: str, detail: str, count: int, examples: list[int]) -> str:
    rows = ", ".join(map(str, examples)) + (" …" if count > len(examples) else "")
    return f"{table}: {count} row(s): rule '{rule}' failed ({detail}); rows {rows}"


def _field_sql(table: str, field: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(rule, detail, SQL selecting failing __row) for one field's type and constraints."""
    c, t, ftype = _q(field["name"]), _q(table), field.get("type", "string")
    typed = f"CAST({c} AS {CASTS[ftype]})" if ftype in CASTS else c
    ok_type = f"NOT ({TYPE_TESTS[ftype].format(c=c)})" if ftype in TYPE_TESTS else "true"
    cons = field.get("constraints") or {}
    out = []
    if ftype in TYPE_TESTS:
        test = TYPE_TESTS[ftype].format(c=c)
        out.append(("type-error", f"{field['name']} is not {ftype}",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND ({test})"))
    if cons.get("required"):
        out.append(("constraint-error", f"{field['name']} is required",
                    f"SELECT __row FROM {t} WHERE {c} IS NULL"))
    if "pattern" in cons:
        out.append(("constraint-error", f"{field['name']} pattern {cons['pattern']}",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND NOT "
                    f"regexp_full_match({c}, {_lit(cons['pattern'])})"))
    if "enum" in cons:
        values = ", ".join(_lit(v) for v in cons["enum"])
        out.append(("constraint-error", f"{field['name']} enum",
                    f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND {c} NOT IN ({values})"))
    for key, op in (("minimum", "<"), ("maximum", ">")):
        if key in cons:
            out.append(("constraint-error", f"{field['name']} {key} {cons[key]}",
                        f"SELECT __row FROM {t} WHERE {c} IS NOT NULL AND {ok_type} AND "
                        f"{typed} {op} {cons[key]}"))
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
    on = " AND ".join(f"r.{_q(b)} = s.{_q(a)}" for a, b in zip(fields, ref_fields, strict=True))
    present = " AND ".join(f"s.{_q(a)} IS NOT NULL" for a in fields)
    return (f"SELECT s.__row FROM {_q(table)} s WHERE {present} AND NOT EXISTS "
            f"(SELECT 1 FROM {_q(ref_table)} r WHERE {on})")


def check_resources(package_dir: Path, descriptor: dict[str, Any]) -> list[str]:
    """Every Table Schema rule of every resource, over all rows, in DuckDB."""
    con = duckdb.connect()
    problems: list[str] = []
    resources = descriptor.get("resources", [])
    for res in resources:
        header = _load(con, res["name"], package_dir / res["path"])
        expected = [f["name"] for f in res["schema"]["fields"]]
        if header != expected:
            problems.append(f"{res['name']}: table: rule 'incorrect-header' failed "
                            f"(header {header} != schema {expected})")
    if problems:
        return problems
    for res in resources:
        name, schema = res["name"], res["schema"]
        checks = [c for f in schema["fields"] for c in _field_sql(name, f)]
        if key := schema.get("primaryKey"):
            key = [key] if isinstance(key, str) else key
            checks.append(("primary-key", f"key {key} is unique",
                           _dupes(_q(name), [_q(k) for k in key])))
        for fk in schema.get("foreignKeys") or []:
            checks.append(("foreign-key", f"{fk['fields']} -> {fk['reference']}",
                           _foreign_sql(name, fk)))
        for rule, detail, sql in checks:
            count, examples = _count(con, sql)
            if count:
                problems.append(_problem(name, rule, detail, count, examples))
    return problems


def check_sample(descriptor_path: Path, sample_rows: int) -> list[str]:
    """The official Frictionless validator on the descriptor, and on the first rows of each
    file (read with its schema minus foreign keys, which DuckDB checks on every row)."""
    from frictionless import Package, Resource

    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    report = Package.validate_descriptor(str(descriptor_path))
    problems = [f"datapackage.json: rule '{e.type}' failed ({e.note})" for e in report.errors]
    for res in descriptor.get("resources", []):
        local = {**res, "schema": {k: v for k, v in res["schema"].items() if k != "foreignKeys"}}
        local.pop("hash", None)  # a hash covers the whole file; check_hashes verifies it
        local.pop("bytes", None)
        rows = Resource(local, basepath=str(descriptor_path.parent)).validate(
            limit_rows=sample_rows)
        problems += [f"{res['name']}: row {getattr(e, 'row_number', '-')}: rule '{e.type}' "
                     f"failed ({e.note})" for task in rows.tasks for e in task.errors]
    return problems


def fast_validate(package_dir: Path, sample_rows: int = 10_000) -> list[str]:
    """Problems of a published package: file hashes, Frictionless on a sample of rows, DuckDB
    on every row."""
    from .validate import check_hashes

    descriptor_path = package_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    problems = check_hashes(package_dir, descriptor)
    problems += check_sample(descriptor_path, sample_rows)
    return problems + check_resources(package_dir, descriptor)
