"""DuckDB access: typed commented views, the read-only guard, the .duckdb file with FTS."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pipeline import query
from tests.test_publish import JENS, do_publish


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("q") / "datapackage"
    do_publish(out)
    return out


def test_views_are_typed_and_commented(package: Path) -> None:
    con = query.connect(package)
    assert con.sql("SELECT published FROM sources ORDER BY source_id").fetchall() == [
        (dt.date(2022, 1, 13),), (dt.date(2022, 1, 10),)]
    types = dict(con.sql("SELECT column_name, data_type FROM duckdb_columns() "
                         "WHERE table_name = 'statements'").fetchall())
    assert types["char_start"] == "BIGINT" and types["confidence"] == "DOUBLE"
    comment = con.sql("SELECT comment FROM duckdb_columns() WHERE table_name = 'actors' "
                      "AND column_name = 'wikidata_id'").fetchone()[0]
    assert comment.startswith("Wikidata item")
    view = con.sql("SELECT comment FROM duckdb_views() WHERE view_name = 'demands'").fetchone()
    assert view[0].startswith("One row per demand")


def test_run_query_returns_columns_and_rows(package: Path) -> None:
    columns, rows = query.run_query(
        "SELECT speaker_id, count(*) AS n FROM statements GROUP BY ALL ORDER BY n, speaker_id",
        package)
    assert columns == ["speaker_id", "n"] and (JENS, 1) in rows


def test_readable_views_over_the_csvs(package: Path) -> None:
    columns, rows = query.run_query("SELECT demander, addressee, responded_by "
                                    "FROM demands_readable", package)
    assert columns == ["demander", "addressee", "responded_by"]
    assert rows == [("Russia", "NATO", "NATO")]
    assert len(query.run_query("SELECT * FROM quotes_readable", package)[1]) == 2


def test_views_work_from_another_working_directory(package: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package.parent)
    relative = Path(package.name)
    con = query.connect(relative)
    monkeypatch.chdir(tmp_path)
    assert con.sql("SELECT count(*) FROM passages").fetchone() == (4,)
    assert query.run_query("SELECT count(*) FROM actors", package)[1] == [(3,)]


@pytest.mark.parametrize(("sql", "rule"), [
    ("DROP VIEW actors", "read-only"),
    ("SELECT 1; DROP VIEW actors", "read-only"),
    ("COPY actors TO '/tmp/x.csv'", "read-only"),
    ("ATTACH '/tmp/x.db' AS x", "read-only"),
    ("INSTALL httpfs", "read-only"),
    ("LOAD fts", "read-only"),
    ("CREATE TABLE t AS SELECT 1", "read-only"),
    ("INSERT INTO actors VALUES (1)", "read-only"),
    ("SET enable_external_access = true", "read-only"),
    ("PRAGMA database_list", "read-only"),
    ("CALL pragma_version()", "read-only"),
    ("SELECT * FROM pragma_version()", "no-file-functions"),
    ("PRAGMA create_fts_index('actors', 'actor_id', 'name')", "read-only"),
    ("  select 1;\n  checkpoint", "read-only"),
    ("EXPORT DATABASE '/tmp/x'", "read-only"),
    ("SELECT * FROM read_csv('/etc/passwd')", "no-file-functions"),
    ("SELECT * FROM read_text('/etc/hostname')", "no-file-functions"),
    ("SELECT * FROM glob('/etc/*')", "no-file-functions"),
    ("SELECT * FROM '/etc/passwd'", "no-file-scans"),
    ("SELECT getenv('HOME')", "no-file-functions"),
])
def test_run_query_refuses_writes_and_outside_reads(package: Path, sql: str, rule: str) -> None:
    with pytest.raises(query.QueryRefused, match=rf"\[{rule}\]"):
        query.run_query(sql, package)


def test_connection_is_locked_down_even_without_the_guard(package: Path) -> None:
    con = query.connect(package)
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM read_text('/etc/hostname')")
    with pytest.raises(duckdb.Error, match="locked"):
        con.execute("SET enable_external_access = true")


def test_duckdb_file_has_tables_comments_views_and_fts(package: Path) -> None:
    desc = json.loads((package / "datapackage.json").read_text())
    assert desc["x_duckdb"]["fts"] is True and desc["x_duckdb"]["storage_version"] == "v1.0.0"
    con = duckdb.connect(str(package / query.DB_FILE), read_only=True)
    tables = {r[0]: r[1] for r in con.sql("SELECT table_name, comment FROM duckdb_tables() "
                                          "WHERE schema_name = 'main'").fetchall()}
    assert set(desc_names(desc)) <= set(tables) and all(tables.values())
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
    con.execute(f"LOAD '{query.catalog.fts_extension_path()}'")
    hits = con.sql("SELECT statement_id, fts_main_statements.match_bm25(statement_id, "
                   "'compromise') AS score FROM statements WHERE score IS NOT NULL").fetchall()
    assert len(hits) == 1
    passages = con.sql("SELECT count(*) FROM passages WHERE fts_main_passages.match_bm25("
                       "passage_id, 'expansion') IS NOT NULL").fetchone()
    assert passages == (1,)


def desc_names(desc: dict) -> list[str]:
    return [r["name"] for r in desc["resources"]]
