"""The package's tables inside a DuckDB database: typed tables loaded from the CSVs, comments,
the readable views and the full-text indexes. Shared by the `.duckdb` file written at publish
time (release/duckdb_file.py) and the private database each `query` reads (engine.py).

Names reach SQL only through `ident` and text only through `literal` (DuckDB's own quoting
rules: double the quote character); CSV paths never reach SQL at all: the relational API reads
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..metadata.schema import TableSpec, to_duckdb_columns

FTS_COLUMNS = {"statements": ("statement_id", "text"), "passages": ("passage_id", "text")}
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


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal (DuckDB strings have no backslash escapes)."""
    return "'" + text.replace("'", "''") + "'"


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
    """demands_readable and quotes_readable, with comments, when their tables exist."""
    for view, (description, sql, columns) in READABLE_VIEWS.items():
        if VIEW_NEEDS[view] <= names:
            con.execute(f"CREATE VIEW {ident(view)} AS {sql}")
            comment(con, "VIEW", ident(view), description)
            comment_columns(con, view, columns)


def fts_extension_path() -> Path | None:
    """The fts extension shipped by the duckdb-extension-fts wheel, for this DuckDB version."""
    try:
        import duckdb_extension_fts
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
    """BM25 indexes over statements.text and passages.text (fts loaded first); facts for the
    descriptor."""
    try:
        for table, (key, column) in FTS_COLUMNS.items():
            if table in tables:
                con.execute(f"PRAGMA create_fts_index({literal(table)}, {literal(key)}, "
                            f"{literal(column)}, overwrite=1)")
    except duckdb.Error as err:
        return {"fts": False, "fts_error": str(err).splitlines()[0]}
    return {"fts": True, "fts_indexes": sorted(t for t in FTS_COLUMNS if t in tables)}
