"""Query answers as a table, CSV, TSV, JSON and Parquet; files written atomically."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.query import results
from pipeline.query.engine import Answer

SQL = ("SELECT * FROM (VALUES ('a,b \"c\"', NULL, true, DATE '2022-01-13', 1.5), "
       "('tab\there\nline \\ end', '', false, NULL, NULL)) t(text, note, flag, day, x)")


def answer(sql: str = SQL, max_rows: int | None = None) -> Answer:
    return Answer(duckdb.connect().sql(sql), max_rows)


def written(fmt: str, sql: str = SQL) -> str:
    out = io.StringIO()
    results.write_stream(answer(sql), fmt, out)
    return out.getvalue()


def test_tsv_keeps_the_old_shape_and_escapes_tabs_and_newlines() -> None:
    assert written("tsv").splitlines() == [
        "text\tnote\tflag\tday\tx",
        'a,b "c"\t\tTrue\t2022-01-13\t1.5',
        "tab\\there\\nline \\\\ end\t\tFalse\t\t",
    ]


def test_csv_quotes_and_writes_null_as_an_empty_cell() -> None:
    assert written("csv").splitlines() == [
        "text,note,flag,day,x",
        '"a,b ""c""",,True,2022-01-13,1.5',
        '"tab\there',
        'line \\ end",,False,,',
    ]


def test_json_is_an_array_of_objects_with_null() -> None:
    assert json.loads(written("json")) == [
        {"text": 'a,b "c"', "note": None, "flag": True, "day": "2022-01-13", "x": 1.5},
        {"text": "tab\there\nline \\ end", "note": "", "flag": False, "day": None, "x": None},
    ]
    assert json.loads(written("json", "SELECT 1 AS a WHERE false")) == []
    assert written("json", "SELECT 1 AS a, 2 AS a") == '[\n{"a": 1, "a": 2}\n]\n'


def test_table_shows_null_and_prints_text_as_is() -> None:
    text = written("table", "SELECT * FROM (VALUES ('[bold]x[/bold]', NULL), ('', 'y')) t(a, b)")
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0].split() == ["a", "b"]
    assert lines[2].split() == ["[bold]x[/bold]", "NULL"] and lines[3].split() == ["y"]


def test_parquet_keeps_types_and_nulls(tmp_path: Path) -> None:
    path = tmp_path / "answer.parquet"
    results.write_file(answer(), "parquet", path)
    table = pq.read_table(path)
    assert table.column_names == ["text", "note", "flag", "day", "x"]
    assert table.column("day").to_pylist() == [dt.date(2022, 1, 13), None]
    assert table.column("note").to_pylist() == [None, ""]
    empty = tmp_path / "empty.parquet"
    results.write_file(answer("SELECT 1 AS a WHERE false"), "parquet", empty)
    assert pq.read_table(empty).num_rows == 0


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_failure_midway_leaves_the_old_file(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"answer.{fmt}"
    path.write_text("old")
    failing = answer("SELECT CASE WHEN range < 50000 THEN range ELSE error('boom') END AS n "
                     "FROM range(100000)")
    with pytest.raises((duckdb.Error, OSError), match="boom"):
        results.write_file(failing, fmt, path)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_row_limit_applies_to_every_format(tmp_path: Path) -> None:
    limited = answer("SELECT * FROM range(100000)", max_rows=3)
    results.write_file(limited, "parquet", tmp_path / "a.parquet")
    assert pq.read_table(tmp_path / "a.parquet").num_rows == 3 and limited.cut


@pytest.mark.parametrize(("requested", "output", "terminal", "fmt"), [
    ("csv", None, True, "csv"),
    (None, None, True, "table"),
    (None, None, False, "tsv"),
    (None, Path("x.parquet"), False, "parquet"),
    (None, Path("x.JSON"), False, "json"),
    (None, Path("x.out"), False, "tsv"),
])
def test_format_choice(requested: str | None, output: Path | None, terminal: bool,
                       fmt: str) -> None:
    assert results.choose_format(requested, output, terminal) == fmt


def test_parquet_needs_an_output_file() -> None:
    with pytest.raises(results.OutputError, match="needs --output"):
        results.choose_format("parquet", None, False)


def test_output_is_refused_inside_the_package(tmp_path: Path) -> None:
    (tmp_path / "package" / "data").mkdir(parents=True)
    with pytest.raises(results.OutputError, match="inside the package folder"):
        results.check_output(tmp_path / "package" / "data" / "actors.csv", tmp_path / "package")
    with pytest.raises(results.OutputError, match="does not exist"):
        results.check_output(tmp_path / "nowhere" / "a.csv", tmp_path / "package")
    assert results.check_output(tmp_path / "a.csv", tmp_path / "package") == tmp_path / "a.csv"
