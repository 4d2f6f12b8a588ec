"""DuckDB access: typed commented tables, the read-only guarantee enforced by the engine, the
one-statement rule, limits, full-text search, and the .duckdb file with FTS."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.metadata.layout import DB_FILE
from pipeline.query import engine
from pipeline.query.engine import Limits, QueryRefused
from tests.factories import JENS, do_publish


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("q") / "datapackage"
    do_publish(out)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(sql: str, package: Path, limits: Limits = engine.DEFAULT_LIMITS) -> QueryRefused:
    with pytest.raises(QueryRefused) as info:
        engine.run_query(sql, package, limits=limits)
    return info.value


def test_tables_are_typed_and_commented(package: Path) -> None:
    with engine.connect(package) as con:
        assert con.sql("SELECT published FROM sources ORDER BY source_id").fetchall() == [
            (dt.date(2022, 1, 13),), (dt.date(2022, 1, 10),)]
        types = dict(con.sql("SELECT column_name, data_type FROM duckdb_columns() "
                             "WHERE table_name = 'statements'").fetchall())
        assert types["char_start"] == "BIGINT" and types["confidence"] == "DOUBLE"
        comment = con.sql("SELECT comment FROM duckdb_columns() WHERE table_name = 'actors' "
                          "AND column_name = 'wikidata_id'").fetchone()[0]
        assert comment.startswith("Wikidata item")
        table = con.sql("SELECT comment FROM duckdb_tables() WHERE table_name = 'demands'")
        assert table.fetchone()[0].startswith("One row per demand")


def test_run_query_returns_columns_and_rows(package: Path) -> None:
    columns, rows = engine.run_query(
        "SELECT speaker_id, count(*) AS n FROM statements GROUP BY ALL ORDER BY n, speaker_id",
        package)
    assert columns == ["speaker_id", "n"] and (JENS, 1) in rows


def test_readable_views(package: Path) -> None:
    columns, rows = engine.run_query("SELECT demander, addressee, responded_by "
                                    "FROM demands_readable", package)
    assert columns == ["demander", "addressee", "responded_by"]
    assert rows == [("Russia", "NATO", "NATO")]
    assert len(engine.run_query("SELECT * FROM quotes_readable", package)[1]) == 2


def test_connection_works_from_another_working_directory(package: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package.parent)
    with engine.connect(Path(package.name)) as con:
        monkeypatch.chdir(tmp_path)
        assert con.sql("SELECT count(*) FROM passages").fetchone() == (4,)
    assert engine.run_query("SELECT count(*) FROM actors", Path(package))[1] == [(3,)]


def test_the_private_database_is_removed_afterwards(package: Path) -> None:
    with engine.connect(package) as con:
        folder = Path(con.sql("SELECT file FROM pragma_database_list").fetchone()[0]).parent
        assert folder.is_dir() and folder.stat().st_mode & 0o077 == 0
    assert not folder.exists()


# ---- the engine enforces read-only: no file is opened, nothing is written --------------------

ENGINE_REFUSES = [
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv('{data}/actors.csv')",
    "SELECT * FROM read_parquet('{data}/actors.parquet')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM '/etc/passwd'",
    "COPY (SELECT 1 AS x) TO '{out}/leak.csv'",
    "COPY (SELECT 1 AS x) TO '{data}/actors.csv' (USE_TMP_FILE false)",
    "EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{data}/actors.csv' (USE_TMP_FILE false)",
    "EXPORT DATABASE '{out}/export'",
    "ATTACH '{out}/other.duckdb' AS other",
    "ATTACH ':memory:' AS other",
    "INSTALL httpfs",
    "LOAD fts",
    "SET enable_external_access = true",
    "SET memory_limit = '100GB'",
    "PRAGMA threads = 64",
    "CREATE TABLE t AS SELECT 1",
    "CREATE VIEW v AS SELECT 1",
    "DROP TABLE actors",
    "INSERT INTO actors (actor_id) VALUES ('x')",
    "DELETE FROM actors",
    "SELECT getenv('HOME')",
]


@pytest.mark.parametrize("sql", ENGINE_REFUSES)
def test_the_engine_refuses_without_any_statement_check(sql: str, package: Path,
                                                        tmp_path: Path) -> None:
    """Straight on the connection, no check_sql: DuckDB itself refuses."""
    before = snapshot(package)
    with engine.connect(package) as con, pytest.raises(duckdb.Error):
        con.execute(sql.format(data=package / "data", out=tmp_path))
    assert list(tmp_path.iterdir()) == [] and snapshot(package) == before


def test_the_default_temporary_folder_is_not_readable(package: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB allows its temporary folder (by default CWD/.tmp) when external access is off."""
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "secret.txt").write_text("secret")
    monkeypatch.chdir(tmp_path)
    with engine.connect(package) as con:
        settings = dict(con.sql("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                "('temp_directory', 'allowed_directories')").fetchall())
        assert settings == {"temp_directory": "", "allowed_directories": "[]"}
        for sql in ["SELECT content FROM read_text('.tmp/secret.txt')",
                    f"SELECT content FROM read_text('{tmp_path}/.tmp/*')"]:
            with pytest.raises(duckdb.PermissionException):
                con.execute(sql)
    assert "Permission Error" in refused("SELECT * FROM read_text('.tmp/*')", package).detail


@pytest.mark.parametrize(("sql", "rule", "words"), [
    ("SELECT * FROM read_text('/etc/hostname')", "read-only", "Cannot access file"),
    ("SELECT * FROM glob('/*')", "read-only", "Cannot access file"),
    ("COPY actors TO '/tmp/x.csv'", "read-only", "COPY statements are not allowed"),
    ("ATTACH '/tmp/x.db' AS x", "read-only", "ATTACH statements are not allowed"),
    ("INSTALL httpfs", "read-only", "INSTALL statements are not allowed"),
    ("LOAD fts", "read-only", "LOAD statements are not allowed"),
    ("SET threads = 1", "read-only", "SET statements are not allowed"),
    ("PRAGMA database_list", "read-only", "PRAGMA statements are not allowed"),
    ("CALL pragma_version()", "read-only", "CALL statements are not allowed"),
    ("CREATE TABLE t AS SELECT 1", "read-only", "CREATE statements are not allowed"),
    ("DROP VIEW demands_readable", "read-only", "DROP statements are not allowed"),
    ("INSERT INTO actors VALUES (1)", "read-only", "INSERT statements are not allowed"),
    ("EXPLAIN ANALYZE SELECT 1", "read-only", "EXPLAIN statements are not allowed"),
    ("SELECT 1; SELECT 2", "one-statement", "one statement at a time"),
    ("SELECT 1; DROP VIEW actors", "one-statement", "one statement at a time"),
    ("SELEC * FROM actors", "syntax", 'syntax error at or near "SELEC"'),
    ("", "empty", "no SQL statement"),
])
def test_refusals_name_their_rule(sql: str, rule: str, words: str, package: Path) -> None:
    err = refused(sql, package)
    assert err.rule == rule and words in err.detail and "\n" not in str(err)


@pytest.mark.parametrize(("sql", "detail", "hint"), [
    ("SELECT nmae FROM actors", 'Referenced column "nmae" not found', 'Candidate bindings: "name"'),
    ("SELECT * FROM actor", "Table with name actor does not exist", 'Did you mean "actors"?'),
])
def test_mistakes_get_duckdbs_own_hint(sql: str, detail: str, hint: str, package: Path) -> None:
    err = refused(sql, package)
    assert err.rule == "sql" and detail in err.detail and hint in err.hint


@pytest.mark.parametrize("sql", [
    "WITH n AS (SELECT count(*) AS n FROM actors) SELECT n FROM n",
    "VALUES (1), (2)", "FROM actors", "DESCRIBE actors", "SHOW TABLES", "SUMMARIZE actors",
])
def test_select_like_statements_are_answered(sql: str, package: Path) -> None:
    assert engine.run_query(sql, package)[1]


# ---- limits ---------------------------------------------------------------------------------


def test_time_limit_interrupts_the_query(package: Path) -> None:
    started = time.perf_counter()
    err = refused("SELECT count(*) FROM range(100000000000) a", package,
                  Limits(timeout=0.5))
    assert err.rule == "timeout" and "0.5 s" in err.detail and "--timeout" in err.hint
    assert time.perf_counter() - started < 30


def test_memory_limit_stops_the_query(package: Path) -> None:
    err = refused("SELECT list(range) FROM range(50000000)", package, Limits(memory="64MB"))
    assert err.rule == "memory-limit" and "64MB" in err.detail and "--memory-limit" in err.hint


def test_a_bad_memory_limit_is_refused(package: Path) -> None:
    assert refused("SELECT 1", package, Limits(memory="lots")).rule == "memory-limit"


def test_row_limit_cuts_and_says_so(package: Path) -> None:
    with engine.answer("SELECT * FROM range(30000000)", package, Limits(max_rows=5)) as result:
        rows = [row for chunk in result.chunks() for row in chunk]
    assert rows == [(i,) for i in range(5)] and result.cut
    with engine.answer("SELECT * FROM range(5)", package, Limits(max_rows=5)) as result:
        assert len(list(result.chunks())[0]) == 5 and not result.cut


# ---- full-text search -----------------------------------------------------------------------


def test_bm25_search_over_statements_and_passages(package: Path) -> None:
    _, hits = engine.run_query(
        "SELECT statement_id FROM (SELECT *, fts_main_statements.match_bm25(statement_id, "
        "'compromise') AS score FROM statements) WHERE score IS NOT NULL", package)
    assert len(hits) == 1
    _, count = engine.run_query("SELECT count(*) FROM passages WHERE fts_main_passages"
                               ".match_bm25(passage_id, 'expansion') IS NOT NULL", package)
    assert count == [(1,)]


def test_indexes_are_built_only_when_the_sql_searches(package: Path) -> None:
    assert engine.run_query("SELECT count(*) FROM fts_main_statements.docs", package)[1] == [(2,)]
    with engine.connect(package) as con:
        assert "fts_main_statements" not in {
            r[0] for r in con.sql("SELECT schema_name FROM duckdb_schemas()").fetchall()}


# ---- the .duckdb file -----------------------------------------------------------------------


def test_duckdb_file_has_tables_comments_views_and_fts(package: Path) -> None:
    desc = json.loads((package / "datapackage.json").read_text())
    assert desc["x_duckdb"]["fts"] is True and desc["x_duckdb"]["storage_version"] == "v1.0.0"
    con = duckdb.connect(str(package / DB_FILE), read_only=True)
    tables = {r[0]: r[1] for r in con.sql("SELECT table_name, comment FROM duckdb_tables() "
                                          "WHERE schema_name = 'main'").fetchall()}
    assert {r["name"] for r in desc["resources"]} <= set(tables) and all(tables.values())
    uncommented = con.sql("SELECT table_name, column_name FROM duckdb_columns() "
                          "WHERE database_name = 'diplomatic_talks' AND schema_name = 'main' "
                          "AND NOT internal AND comment IS NULL").fetchall()
    assert uncommented == []
    assert con.sql("SELECT demander, addressee, status, responded_by, date "
                   "FROM demands_readable").fetchall() == [
        ("Russia", "NATO", "rejected", "NATO", dt.date(2022, 1, 13))]
    quotes = dict(con.sql("SELECT speaker, sentence FROM quotes_readable").fetchall())
    assert quotes == {"Jens Stoltenberg":
                      'Jens Stoltenberg said: "We will not compromise on security."',
                      "Russia": None}  # withheld source: no passage text to cut from
    con.execute(f"LOAD '{engine.catalog.fts_extension_path()}'")
    hits = con.sql("SELECT statement_id, fts_main_statements.match_bm25(statement_id, "
                   "'compromise') AS score FROM statements WHERE score IS NOT NULL").fetchall()
    assert len(hits) == 1


def test_a_package_copy_without_the_duckdb_file_is_queried_the_same(package: Path,
                                                                   tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(package, copy)
    (copy / DB_FILE).unlink()
    assert engine.run_query("SELECT count(*) FROM actors", copy)[1] == [(3,)]
