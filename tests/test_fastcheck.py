"""pipeline/check/duckdb_rules.py: the DuckDB Table Schema checks that replace the row-by-row
validators in validate_package once a package has more than LARGE_PACKAGE_ROWS rows.

Every test works on a copy of the real published package (datapackage/, without versions/):

- the untouched copy passes check_resources, and validate_package forced onto the DuckDB path;
- copies broken by one small CSV text edit (foreign key to a missing actor, value outside an
  enum, non-integer in an integer column, bad ISO date, empty required cell, duplicated primary
  key, renamed or missing header column) are reported by check_resources with the right rule,
  resource and row (or header). The descriptor's hash and bytes are re-sealed after the edit so
  that only that rule fails, and (all but the removed column) the official Frictionless
  validator, check_frictionless, flags the same rule on the same row or header label:
  both count the header as row 1, also after a quoted cell that spans two lines;
- an edit that is not re-sealed is reported by validate_package on the DuckDB path with its
  hash problem as well;
- check_sample runs Frictionless on the first rows only and leaves foreign keys to DuckDB;
- files DuckDB cannot read the way Frictionless does (a row of the wrong length, a blank line)
  are validated by Frictionless in full, reported exactly as check_frictionless reports
  them, while the other tables stay in DuckDB; a header line of the wrong length is reported as
  it is; integers beyond 64 (and 128) bits are checked against their bounds.

Rows are numbered as in the CSV file and by Frictionless: the header is row 1, and since no
cell of the published files spans lines, row n is line n.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipeline.check import duckdb_rules
from pipeline.check.frictionless_checks import SAMPLE_ROWS, check_frictionless, check_sample
from pipeline.check.package import validate_package

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "datapackage"
MISSING_ACTOR = "ac_000000000000"


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    """A copy of the published package: datapackage.json, data/ and the DuckDB file."""
    copy = tmp_path / "datapackage"
    copy.mkdir()
    for item in PUBLISHED.iterdir():
        if item.name == "versions":
            continue
        if item.is_dir():
            shutil.copytree(item, copy / item.name)
        else:
            shutil.copy2(item, copy / item.name)
    return copy


# ---- editing a copy ---------------------------------------------------------------------------


def descriptor_of(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def reseal(package: Path, table: str) -> None:
    """Write the edited file's sha256 and size into the descriptor, as publishing would."""
    descriptor = descriptor_of(package)
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    data = (package / resource["path"]).read_bytes()
    resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    resource["bytes"] = len(data)
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def edit_lines(package: Path, table: str, change: Callable[[list[str]], None],
               seal: bool = True) -> None:
    """Edit a CSV as text, line by line (line 1 is the header); other lines stay byte-identical."""
    path = package / "data" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    change(lines)
    path.write_text("\n".join(lines), encoding="utf-8")
    if seal:
        reseal(package, table)


def edit_line(package: Path, table: str, line: int, change: Callable[[str], str],
              seal: bool = True) -> None:
    def apply(lines: list[str]) -> None:
        lines[line - 1] = change(lines[line - 1])
    edit_lines(package, table, apply, seal)


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]))


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)  # quotes a cell holding "\n"
    return out.getvalue().removesuffix("\n")


def set_cell(package: Path, table: str, row: int, column: str, value: str,
             seal: bool = True) -> None:
    def change(lines: list[str]) -> None:
        cells = _cells(lines[row - 1])
        cells[_cells(lines[0]).index(column)] = value
        lines[row - 1] = _line(cells)
    edit_lines(package, table, change, seal)


def drop_column(package: Path, table: str, column: str) -> None:
    def change(lines: list[str]) -> None:
        at = _cells(lines[0]).index(column)
        for n, line in enumerate(lines):
            if line:
                cells = _cells(line)
                del cells[at]
                lines[n] = _line(cells)
    edit_lines(package, table, change)


# ---- reading the reports ----------------------------------------------------------------------


def check(package: Path) -> list[str]:
    return duckdb_rules.check_resources(package, descriptor_of(package))


def frictionless(package: Path) -> list[str]:
    return check_frictionless(package / "datapackage.json")


def sample(package: Path) -> list[str]:
    """Frictionless as check_sample runs it beside DuckDB: no foreign keys; here every row."""
    return check_sample(package / "datapackage.json", SAMPLE_ROWS)


def fastcheck_rows(problem: str) -> list[int]:
    """The example rows of one fastcheck problem ('...; rows 3, 13')."""
    return [int(n) for n in re.search(r"; rows ([\d, ]+)", problem).group(1).split(", ")]


def frictionless_rows(problems: list[str], table: str, rule: str) -> list[int]:
    return [int(m.group(1)) for p in problems
            if (m := re.match(rf"{table}: row (\d+)\b.*rule '{rule}'", p))]


# ---- the untouched package --------------------------------------------------------------------


def test_published_copy_passes_every_rule(package: Path, monkeypatch) -> None:
    def no_fallback(*args) -> list[str]:
        raise AssertionError("a clean file must be checked in DuckDB, not by Frictionless")
    monkeypatch.setattr("pipeline.check.duckdb_rules.check_with_frictionless", no_fallback)

    assert check(package) == []


def test_validate_package_on_the_duckdb_path_passes_the_copy(package: Path, monkeypatch) -> None:
    calls = []
    real = duckdb_rules.check_resources

    def spy(*args) -> list[str]:
        calls.append(args)
        return real(*args)
    monkeypatch.setattr("pipeline.check.package.LARGE_PACKAGE_ROWS", 0)
    monkeypatch.setattr("pipeline.check.duckdb_rules.check_resources", spy)

    def no_full_frictionless(path: Path) -> list[str]:
        raise AssertionError("the DuckDB path must not run Frictionless over every row")
    monkeypatch.setattr("pipeline.check.package.check_frictionless", no_full_frictionless)

    assert validate_package(package) == []
    assert len(calls) == 1


# ---- one broken cell --------------------------------------------------------------------------

CELLS = [  # table, row, column, value, rule, detail fastcheck gives
    pytest.param("statements", 5, "speaker_id", MISSING_ACTOR, "foreign-key",
                 "['speaker_id'] -> {'resource': 'actors', 'fields': ['actor_id']}",
                 id="foreign-key-to-missing-actor"),
    pytest.param("actors", 3, "type", "alien", "constraint-error", "type enum",
                 id="value-outside-enum"),
    pytest.param("statements", 7, "char_start", "12a", "type-error", "char_start is not integer",
                 id="non-integer"),
    pytest.param("sources", 2, "published", "2022-02-30", "type-error", "published is not date",
                 id="bad-iso-date"),
    pytest.param("passages", 9, "text_sha256", "", "constraint-error",
                 "text_sha256 is required", id="empty-required-cell"),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "rule", "detail"), CELLS)
def test_broken_cell_is_named_by_rule_resource_and_row(
        package: Path, table: str, row: int, column: str, value: str, rule: str,
        detail: str) -> None:
    set_cell(package, table, row, column, value)

    assert check(package) == [f"{table}: 1 row(s): rule '{rule}' failed ({detail}); rows {row}"]

    # The official validator flags the same rule on the same row, and nothing else (re-sealed).
    (official,) = frictionless(package)
    assert frictionless_rows([official], table, rule) == [row]
    if rule != "foreign-key":  # Frictionless names no column for a foreign key
        assert f": column {column}:" in official


@pytest.mark.parametrize(("table", "copied_row", "rules", "detail"), [
    pytest.param("meeting_participants", 3, ["primary-key"],
                 "key ['meeting_id', 'actor_id'] is unique", id="composite-key"),
    pytest.param("actors", 2, ["unique-error", "primary-key"], "key ['actor_id'] is unique",
                 id="unique-actor-id"),
])
def test_duplicated_primary_key(package: Path, table: str, copied_row: int, rules: list[str],
                                detail: str) -> None:
    resource = next(r for r in descriptor_of(package)["resources"] if r["name"] == table)
    copy_row = resource["x_rows"] + 2  # appended after the last row (the header is row 1)
    edit_lines(package, table, lambda lines: lines.insert(-1, lines[copied_row - 1]))

    problems = check(package)
    assert [re.search(r"rule '([^']+)'", p).group(1) for p in problems] == rules
    assert all(p.startswith(f"{table}: 2 row(s): ") for p in problems)
    assert detail in problems[-1]
    # fastcheck names both rows sharing the key; Frictionless the later one, as a duplicate.
    assert [fastcheck_rows(p) for p in problems] == [[copied_row, copy_row]] * len(rules)
    official = frictionless(package)
    assert len(official) == len(rules)
    for rule in rules:
        assert frictionless_rows(official, table, rule) == [copy_row]


def test_row_numbers_agree_after_a_cell_spanning_lines(package: Path) -> None:
    set_cell(package, "passages", 8, "kind", "footnote")
    set_cell(package, "passages", 5, "text", "two\nlines")  # row 8 is now on line 9

    assert check(package) == ["passages: 1 row(s): rule 'constraint-error' failed (kind enum); "
                              "rows 8"]
    assert frictionless_rows(frictionless(package), "passages", "constraint-error") == [8]


# ---- the header -------------------------------------------------------------------------------


def test_renamed_header_column(package: Path) -> None:
    edit_line(package, "statements", 1, lambda header: header.replace("speaker_id,", "speaker,"))

    (problem,) = check(package)
    assert problem.startswith("statements: table: rule 'incorrect-header' failed (header [")
    header, schema = re.search(r"header (\[.*\]) != schema (\[.*\])", problem).groups()
    assert "'speaker'" in header and "'speaker_id'" not in header
    assert "'speaker_id'" in schema
    (official,) = frictionless(package)
    assert official == "statements: table: column speaker_id: rule 'incorrect-label' failed ()"


def test_column_missing_from_the_file(package: Path) -> None:
    drop_column(package, "statements", "speaker_id")

    (problem,) = check(package)
    assert problem.startswith("statements: table: rule 'incorrect-header' failed")
    header = re.search(r"header (\[.*\]) !=", problem).group(1)
    assert header.startswith("['statement_id', 'source_id', 'passage_id', 'mode',")
    assert "speaker_id" not in header


# ---- validate_package and check_sample --------------------------------------------------------


def test_unsealed_edit_on_the_duckdb_path(package: Path, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.check.package.LARGE_PACKAGE_ROWS", 0)
    set_cell(package, "statements", 5, "speaker_id", MISSING_ACTOR, seal=False)

    problems = validate_package(package)
    assert "statements: file data/statements.csv: rule 'hash' failed (edited after publishing?)" \
        in problems
    assert ("statements: 1 row(s): rule 'foreign-key' failed (['speaker_id'] -> "
            "{'resource': 'actors', 'fields': ['actor_id']}); rows 5") in problems


def test_check_sample_reads_the_first_rows_and_leaves_foreign_keys_to_duckdb(
        package: Path) -> None:
    set_cell(package, "actors", 3, "type", "alien")  # the second row of data
    set_cell(package, "statements", 5, "speaker_id", MISSING_ACTOR)
    descriptor_path = package / "datapackage.json"

    assert check_sample(descriptor_path, 1) == []
    (problem,) = check_sample(descriptor_path, 2)
    assert problem.startswith(
        "actors: row 3: column type: rule 'constraint-error' failed (constraint \"enum\"")
    assert sample(package) == [problem]


# ---- what DuckDB alone would get wrong ---------------------------------------------------------


@pytest.mark.parametrize(("column", "value", "bound"), [
    pytest.param("char_start", "-99999999999999999999", "minimum 0", id="below-64-bits"),
    pytest.param("char_start", "-" + "9" * 40, "minimum 0", id="below-128-bits"),
    pytest.param("char_start", "99999999999999999999", None, id="above-64-bits-no-maximum"),
    pytest.param("confidence", "1.5", "maximum 1", id="number-above-maximum"),
])
def test_bounds_of_numbers_of_any_size(package: Path, column: str, value: str,
                                       bound: str | None) -> None:
    set_cell(package, "statements", 5, column, value)
    expected = [5] if bound else []
    assert frictionless_rows(sample(package), "statements", "constraint-error") == expected

    assert check(package) == [f"statements: 1 row(s): rule 'constraint-error' failed ({column} "
                              f"{bound}); rows 5"] * bool(bound)


@pytest.mark.parametrize(("change", "rule", "where"), [
    pytest.param(lambda row: row.rsplit(",", 1)[0], "missing-cell", "column confidence",
                 id="missing-cell"),
    pytest.param(lambda row: row + ",x", "extra-cell", None, id="extra-cell"),
])
def test_row_of_the_wrong_length_is_reported_by_frictionless(
        package: Path, change: Callable[[str], str], rule: str, where: str | None) -> None:
    edit_line(package, "statements", 5, change)

    problems = check(package)
    assert f"statements: row 5: {where + ': ' if where else ''}rule '{rule}' failed ()" \
        in problems
    assert problems == frictionless(package)  # the whole report, in its words


def test_unreadable_file_falls_back_and_other_tables_still_use_it(package: Path) -> None:
    set_cell(package, "actors", 12, "type", "alien")
    edit_line(package, "actors", 6, lambda row: row + ",x")
    set_cell(package, "statements", 5, "speaker_id", MISSING_ACTOR)
    fields = [f["name"] for f in next(r for r in descriptor_of(package)["resources"]
                                      if r["name"] == "actors")["schema"]["fields"]]
    with pytest.raises(duckdb.Error):  # the file DuckDB cannot read as a table
        duckdb_rules._load(duckdb.connect(), "actors", package / "data" / "actors.csv", fields)

    problems = check(package)
    official = [p for p in frictionless(package) if p.startswith("actors: ")]
    assert official[0] == "actors: row 6: rule 'extra-cell' failed ()"
    assert frictionless_rows(official, "actors", "constraint-error") == [12]
    # The statements stay in DuckDB, and their foreign key into actors is still checked.
    assert problems == official + [
        "statements: 1 row(s): rule 'foreign-key' failed (['speaker_id'] -> "
        "{'resource': 'actors', 'fields': ['actor_id']}); rows 5"]


def test_row_numbers_agree_after_a_blank_line(package: Path) -> None:
    set_cell(package, "actors", 10, "type", "alien")
    edit_lines(package, "actors", lambda lines: lines.insert(3, ""))  # the error is now row 11

    problems = check(package)
    assert "actors: row 4: rule 'blank-row' failed ()" in problems
    assert frictionless_rows(problems, "actors", "constraint-error") == [11]
    assert problems == frictionless(package)


def test_header_of_the_wrong_length_is_reported_as_it_is(package: Path) -> None:
    set_cell(package, "actors", 3, "type", "alien")
    edit_line(package, "statements", 1, lambda header: header.removesuffix(",confidence"))
    edit_line(package, "meetings", 1, lambda header: header + ",extra")

    problems = check(package)
    assert [p.split(" (")[0] for p in problems] == [
        "statements: table: rule 'incorrect-header' failed",
        "meetings: table: rule 'incorrect-header' failed",
        "actors: 1 row(s): rule 'constraint-error' failed"]  # the other tables are still checked
    assert "(header ['statement_id', 'source_id'," in problems[0]
    assert "'confidence', 'extra'] != schema [" in problems[1]
