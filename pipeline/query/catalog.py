"""The package's tables inside a DuckDB database: typed tables loaded from the CSVs, comments,
the readable views and the full-text indexes. Shared by the `.duckdb` file written at publish
time (release/duckdb_file.py) and the private database each `query` reads (engine.py).

Names reach SQL only through `sql.ident` and text only through `sql.literal` (DuckDB's own
quoting rules: double the quote character); CSV paths never reach SQL at all: the relational
API reads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..metadata.schema import to_duckdb_columns
from ..metadata.specs import TableSpec, load_tables, load_views
from ..sql import ident, literal


def read_csv(con: duckdb.DuckDBPyConnection, csv_path: Path,
             spec: TableSpec) -> duckdb.DuckDBPyRelation:
    """One published CSV read with the spec's column types (no sniffing)."""
    return con.read_csv(str(csv_path), header=True, auto_detect=False, sep=",", quotechar='"',
                        escapechar='"', date_format="%Y-%m-%d", columns=to_duckdb_columns(spec))


def comment(con: duckdb.DuckDBPyConnection, kind: str, target: str, text: str) -> None:
    """COMMENT ON `kind` `target` (already quoted) IS `text`."""
    con.execute(f"COMMENT ON {kind} {target} IS {literal(text)}")


def comment_columns(con: duckdb.DuckDBPyConnection, table: str, comments: dict[str, str]) -> None:
    """A comment on each named column of `table`."""
    for column, text in comments.items():
        comment(con, "COLUMN", f"{ident(table)}.{ident(column)}", text)


def create_tables(con: duckdb.DuckDBPyConnection, specs: list[tuple[TableSpec, Path]]) -> None:
    """A typed, commented table per (spec, CSV path), in the connection's default database.
    No PRIMARY KEY: DuckDB 1.0 cannot read index metadata written by 1.5 (measured), and the
    keys are checked by the package validator before publishing."""
    for spec, csv_path in specs:
        read_csv(con, csv_path, spec).create(ident(spec.name))
        comment(con, "TABLE", ident(spec.name), spec.description or spec.title)
        comment_columns(con, spec.name, {f.name: f.description for f in spec.fields})


def create_readable_views(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """The readable views of schemas/views.yaml (demands_readable, quotes_readable), with
    comments, when their tables exist."""
    for view in load_views().values():
        if view.tables <= names:
            con.execute(f"CREATE VIEW {ident(view.name)} AS {view.sql}")
            comment(con, "VIEW", ident(view.name), view.description)
            comment_columns(con, view.name, view.columns)


def fts_columns(tables: set[str]) -> dict[str, tuple[str, ...]]:
    """Table -> (its key, the columns schemas/ gives a full-text index), for those of `tables`:
    statements.text and passages.text."""
    return {spec.name: (spec.primary_key[0], *spec.full_text) for spec in load_tables().values()
            if spec.full_text and spec.name in tables}


def fts_extension_path() -> Path | None:
    """The fts extension shipped by the duckdb-extension-fts wheel, for this DuckDB version."""
    try:
        import duckdb_extension_fts  # optional: a package without it gets no index
    except ImportError:
        return None
    path = (Path(duckdb_extension_fts.__file__).parent / "extensions"
            / f"v{duckdb.__version__}" / "fts.duckdb_extension")
    return path if path.is_file() else None


def load_fts(con: duckdb.DuckDBPyConnection) -> str | None:
    """Load the wheel's fts extension; None, or why it could not be loaded."""
    path = fts_extension_path()
    if path is None:
        return "duckdb-extension-fts for this DuckDB is not installed"
    try:
        con.execute(f"LOAD {literal(str(path))}")
    except duckdb.Error as err:
        return str(err).splitlines()[0]
    return None


def create_fts(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict[str, Any]:
    """BM25 indexes over the columns of fts_columns (fts loaded first); facts for the
    descriptor."""
    indexed = fts_columns(tables)
    try:
        for table, columns in indexed.items():
            names = ", ".join(literal(c) for c in columns)
            con.execute(f"PRAGMA create_fts_index({literal(table)}, {names}, overwrite=1)")
    except duckdb.Error as err:
        return {"fts": False, "fts_error": str(err).splitlines()[0]}
    return {"fts": True, "fts_indexes": sorted(indexed)}
