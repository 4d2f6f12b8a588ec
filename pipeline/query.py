"""DuckDB over a published package: typed read-only views over the CSVs and a guarded
`run_query`. The package's descriptor is checked (descriptor.py) before any SQL is built
from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from . import catalog, descriptor
from .dbfile import DB_FILE, write_duckdb  # noqa: F401  (publish writes the file through here)
from .errors import PipelineError
from .schema import TableSpec, to_duckdb_columns

# EXPLAIN is refused too: EXPLAIN ANALYZE runs the statement it explains.
ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT}
# Table functions that read files, other databases or the environment.
DENIED_FUNCTIONS = {
    "glob", "getenv", "query_table", "iceberg_scan", "delta_scan", "sqlite_scan",
    "postgres_scan", "mysql_scan", "sqlite_attach", "postgres_attach", "load_aws_credentials",
}
DENIED_PREFIXES = ("read_", "parquet_", "sniff_", "pragma_", "duckdb_secrets", "which_secret")
FROM_WORDS = {"from", "join"}
LEADING_WORDS = {"select", "with", "from", "describe", "show", "summarize", "values",
                 "table", "("}
LOCKED_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class QueryRefused(PipelineError):
    """A query broke a read-only rule; the message names the rule."""


def _refuse(rule: str, detail: str) -> QueryRefused:
    return QueryRefused("query", None, rule, detail)


def _words(sql: str) -> list[tuple[str, Any]]:
    """(lower-cased text, token type) of each token, from DuckDB's own tokenizer."""
    tokens = duckdb.tokenize(sql)
    ends = [t[0] for t in tokens[1:]] + [len(sql)]
    return [(sql[start:end].strip().lower(), kind)
            for (start, kind), end in zip(tokens, ends, strict=True)]


def _check_tokens(sql: str) -> None:
    words = _words(sql)
    starts = [0] + [i + 1 for i, (w, _) in enumerate(words) if w.startswith(";")]
    for i in starts:
        if i < len(words) and words[i][0].split("(")[0] not in LEADING_WORDS:
            raise _refuse("read-only", f"statements starting with {words[i][0].upper()!r} are "
                          "not allowed; only SELECT")
    for i, (word, kind) in enumerate(words):
        name = word.split("(")[0].strip('"')
        if name in DENIED_FUNCTIONS or name.startswith(DENIED_PREFIXES):
            raise _refuse("no-file-functions", f"{name} reads outside the package")
        if kind == duckdb.token_type.string_const and i and words[i - 1][0] in FROM_WORDS:
            raise _refuse("no-file-scans", f"scanning a path ({word}) is not allowed")


def check_sql(sql: str) -> None:
    """Raise QueryRefused unless every statement is a plain SELECT that reads
    only the package's views: no DDL/DML, COPY, ATTACH, INSTALL/LOAD, SET, PRAGMA, CALL, EXPORT,
    and no file-reading table functions. Tokens are checked before parsing (parsing a PRAGMA
    can autoload extensions), then statement types, on a connection that cannot autoload."""
    _check_tokens(sql)
    with duckdb.connect(":memory:", config=LOCKED_CONFIG) as con:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as err:
            raise _refuse("parse", str(err).splitlines()[0]) from None
    if not statements:
        raise _refuse("empty", "no SQL statement given")
    for st in statements:
        if st.type not in ALLOWED_STATEMENTS:
            raise _refuse("read-only", f"{st.type.name} statements are not allowed; only SELECT")
        _check_tokens(st.query)


_sql_str = catalog.literal


def _columns_struct(spec: TableSpec) -> str:
    items = ", ".join(f"{_sql_str(n)}: {_sql_str(t)}" for n, t in to_duckdb_columns(spec).items())
    return "{" + items + "}"


def read_csv_sql(csv_path: Path, spec: TableSpec) -> str:
    """`read_csv(...)` over one published CSV with explicit column types (no sniffing)."""
    return (
        f"read_csv({_sql_str(str(csv_path.resolve()))}, header=true, auto_detect=false, "
        f"delim=',', quote='\"', escape='\"', dateformat='%Y-%m-%d', "
        f"columns={_columns_struct(spec)})"
    )


def connect(package_dir: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with one typed, commented view per resource over the package CSVs
    (absolute paths), plus the demands_readable and quotes_readable views. With read_only,
    external access is then limited to the package's data folder and the configuration is
    locked."""
    package_dir = package_dir.resolve()
    con = duckdb.connect(":memory:", config=LOCKED_CONFIG)
    specs = descriptor.read_tables(package_dir)
    for spec, csv_path in specs:
        con.execute(f"CREATE VIEW {catalog.ident(spec.name)} AS SELECT * FROM "
                    f"{read_csv_sql(csv_path, spec)}")
        catalog.comment(con, "VIEW", catalog.ident(spec.name), spec.description or spec.title)
        catalog.comment_columns(con, spec.name, {f.name: f.description for f in spec.fields})
    catalog.create_readable_views(con, {spec.name for spec, _ in specs})
    if read_only:
        data_dir = str(package_dir / "data") + "/"
        con.execute(f"SET allowed_directories = [{_sql_str(data_dir)}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def run_query(sql: str, package_dir: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run read-only SQL over the package; returns (column names, rows)."""
    check_sql(sql)
    con = connect(package_dir, read_only=True)
    try:
        rel = con.execute(sql)
        columns = [d[0] for d in rel.description or []]
        return columns, rel.fetchall()
    finally:
        con.close()
