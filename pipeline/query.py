"""DuckDB over a published package: typed read-only views over the CSVs, a guarded
`run_query`, and the `diplomatic_talks.duckdb` file written at publish time."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from . import fastcheck
from .errors import PipelineError
from .schema import TableSpec, table_spec_from_resource, to_duckdb_columns

DB_FILE = "diplomatic_talks.duckdb"
# Storage format v1.0.0: DuckDB 1.0.0 and every later release open the file (checked by
# opening a 1.5.5-written file with DuckDB 1.0.0). The 1.5.5 default (v0.10.2) is older still,
# but naming the format pins it: a future DuckDB default cannot silently change it.
STORAGE_VERSION = "v1.0.0"
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


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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


def package_specs(package_dir: Path) -> list[tuple[TableSpec, Path]]:
    """(spec, csv path) per resource, from the package's own datapackage.json."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    return [(table_spec_from_resource(r), package_dir / r["path"]) for r in descriptor["resources"]]


def _comment(con: duckdb.DuckDBPyConnection, kind: str, target: str, text: str) -> None:
    con.execute(f"COMMENT ON {kind} {target} IS {_sql_str(text)}")


def _comment_columns(con: duckdb.DuckDBPyConnection, table: str, comments: dict[str, str]) -> None:
    for column, text in comments.items():
        _comment(con, "COLUMN", f'"{table}"."{column}"', text)


def connect(package_dir: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with one typed, commented view per resource over the package CSVs
    (absolute paths), plus the demands_readable and quotes_readable views. With read_only,
    external access is then limited to the package's data folder and the configuration is
    locked."""
    package_dir = package_dir.resolve()
    con = duckdb.connect(":memory:", config=LOCKED_CONFIG)
    specs = package_specs(package_dir)
    for spec, csv_path in specs:
        con.execute(f'CREATE VIEW "{spec.name}" AS SELECT * FROM {read_csv_sql(csv_path, spec)}')
        _comment(con, "VIEW", f'"{spec.name}"', spec.description or spec.title)
        _comment_columns(con, spec.name, {f.name: f.description for f in spec.fields})
    _create_readable_views(con, {spec.name for spec, _ in specs})
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


# ---- the .duckdb file -----------------------------------------------------------------------

READABLE_VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "demands_readable": (
        "One row per demand with actor names, outcome, responders, date and evidence.",
        """
        SELECT d.demand_id, dem.name AS demander, adr.name AS addressee, d.demand, d.status,
          (SELECT string_agg(DISTINCT a.name, ' | ' ORDER BY a.name)
             FROM demand_responses r JOIN actors a ON a.actor_id = r.responder_id
            WHERE r.demand_id = d.demand_id) AS responded_by,
          s.published AS date, s.title AS source_title, d.text AS evidence
        FROM demands d
        JOIN actors dem ON dem.actor_id = d.demander_id
        LEFT JOIN actors adr ON adr.actor_id = d.addressee_id
        JOIN sources s ON s.source_id = d.source_id
        """,
        {
            "demand_id": "Stable identifier of the demand.",
            "demander": "Name of the actor who makes the demand.",
            "addressee": "Name of the actor the demand is addressed to; NULL when not said.",
            "demand": "The demanded action, in the source's words.",
            "status": "Outcome of the demand: made, rejected or accepted.",
            "responded_by": "Names of the actors reported responding, separated by ' | '.",
            "date": "Publication date of the source reporting the demand.",
            "source_title": "Headline of the source.",
            "evidence": "Exact source text that states the demand.",
        },
    ),
    "quotes_readable": (
        "One row per statement with the speaker's name, the quote and its sentence.",
        """
        SELECT st.statement_id, sp.name AS speaker, st.text AS quote, st.mode,
          (SELECT string_agg(substr(p.text,
                     greatest(st.sentence_start, p.char_start) - p.char_start + 1,
                     least(st.sentence_end, p.char_end)
                       - greatest(st.sentence_start, p.char_start)),
                   ' ' ORDER BY p.char_start)
             FROM passages p
            WHERE p.source_id = st.source_id AND p.text IS NOT NULL
              AND p.char_start < st.sentence_end AND p.char_end > st.sentence_start) AS sentence,
          s.title AS source_title
        FROM statements st
        LEFT JOIN actors sp ON sp.actor_id = st.speaker_id
        JOIN sources s ON s.source_id = st.source_id
        """,
        {
            "statement_id": "Stable identifier of the statement.",
            "speaker": "Name of the speaker; NULL when no speaker was found.",
            "quote": "The statement's text (quoted words without quotation marks).",
            "mode": "direct, partial or indirect speech.",
            "sentence": "The sentence(s) holding the statement, cut from the passages; NULL "
            "when the source's passage text may not be redistributed.",
            "source_title": "Headline of the source.",
        },
    ),
}
VIEW_NEEDS = {
    "demands_readable": {"demands", "actors", "demand_responses", "sources"},
    "quotes_readable": {"statements", "actors", "passages", "sources"},
}
FTS_COLUMNS = {"statements": ("statement_id", "text"), "passages": ("passage_id", "text")}


def _create_readable_views(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """demands_readable and quotes_readable, with comments, when their tables exist."""
    for view, (description, sql, columns) in READABLE_VIEWS.items():
        if VIEW_NEEDS[view] <= names:
            con.execute(f'CREATE VIEW "{view}" AS {sql}')
            _comment(con, "VIEW", f'"{view}"', description)
            _comment_columns(con, view, columns)


def fts_extension_path() -> Path | None:
    """The fts extension shipped by the duckdb-extension-fts wheel, for this DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = (Path(duckdb_extension_fts.__file__).parent / "extensions"
            / f"v{duckdb.__version__}" / "fts.duckdb_extension")
    return path if path.is_file() else None


def _create_tables(con: duckdb.DuckDBPyConnection, specs: list[tuple[TableSpec, Path]]) -> None:
    for spec, csv_path in specs:
        cols = ", ".join(f'"{n}" {t}' for n, t in to_duckdb_columns(spec).items())
        # No PRIMARY KEY: DuckDB 1.0 cannot read index metadata written by 1.5 (measured), and
        # the keys are checked by the package validator before publishing.
        con.execute(f'CREATE TABLE "{spec.name}" ({cols})')
        con.execute(f'INSERT INTO "{spec.name}" SELECT * FROM {read_csv_sql(csv_path, spec)}')
        _comment(con, "TABLE", f'"{spec.name}"', spec.description or spec.title)
        _comment_columns(con, spec.name, {f.name: f.description for f in spec.fields})


def _create_fts(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict[str, Any]:
    path = fts_extension_path()
    if path is None:
        return {"fts": False, "fts_error": "duckdb-extension-fts for this DuckDB is not installed"}
    try:
        con.execute(f"LOAD {_sql_str(str(path))}")
        for table, (key, column) in FTS_COLUMNS.items():
            if table in tables:
                con.execute(f"PRAGMA create_fts_index({_sql_str(table)}, {_sql_str(key)}, "
                            f"{_sql_str(column)}, overwrite=1)")
    except duckdb.Error as err:
        return {"fts": False, "fts_error": str(err).splitlines()[0]}
    return {"fts": True, "fts_indexes": sorted(t for t in FTS_COLUMNS if t in tables)}


def write_duckdb(db_path: Path, specs: list[tuple[TableSpec, Path]]) -> dict[str, Any]:
    """Write `db_path` from (spec, CSV path) pairs: typed, commented tables, the readable views
    and FTS indexes over statements.text and passages.text. Returns facts for the descriptor
    (DuckDB version, storage version, whether FTS indexes were built)."""
    with tempfile.TemporaryDirectory(prefix="duckdb-") as tmp:  # spills beyond the memory limit
        con = duckdb.connect(":memory:", config={"memory_limit": fastcheck.MEMORY_LIMIT,
                                                 "temp_directory": tmp})
        return _write_duckdb(con, db_path, specs)


def _write_duckdb(con: duckdb.DuckDBPyConnection, db_path: Path,
                  specs: list[tuple[TableSpec, Path]]) -> dict[str, Any]:
    try:
        con.execute(f"ATTACH {_sql_str(str(db_path))} AS pkg (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE pkg")
        _create_tables(con, specs)
        names = {spec.name for spec, _ in specs}
        _create_readable_views(con, names)
        facts = _create_fts(con, names)
        con.execute("CHECKPOINT")
        con.execute("USE memory")
        con.execute("DETACH pkg")
    finally:
        con.close()
    return {"path": DB_FILE, "duckdb_version": duckdb.__version__,
            "storage_version": STORAGE_VERSION, **facts}
