"""validate_package checks every file a release publishes against what its descriptor records
(check/release_files.py, table_files.py, versions.py): the Parquet twins against their CSVs,
each resource's schema against schemas/, the rows and content hashes, every release kept in
versions/ against its own descriptor, the latest release against the newest version folder,
and the files every release holds.

A package of two releases is published once per session (tests/factories.py: 1.0.0, then
1.0.1 with one actor renamed: only the actors files differ between the two), then copied per
test and tampered with."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipeline.check import table_files
from pipeline.metadata.specs import load_tables
from pipeline.tables import csv_text
from tests.factories import (
    OLD,
    has,
    problems_of,
    reseal_parquet,
    resource,
    rewrite_descriptor,
    rewrite_parquet,
    set_cell,
)


def test_both_releases_are_valid(package: Path) -> None:
    assert sorted(p.name for p in (package / "versions").iterdir()) == ["1.0.0", "1.0.1"]
    assert problems_of(package) == []


# ---- the Parquet twins ----------------------------------------------------------------------


def test_parquet_value_changed(package: Path) -> None:
    speaker = pq.read_table(package / "data" / "statements.parquet").column("speaker_id")
    rewrite_parquet(package / "data" / "statements.parquet",
                    lambda t: set_cell(t, "speaker_id", 1, speaker[0].as_py()))
    problems = problems_of(package)
    assert "statements: file data/statements.parquet: rule 'hash' failed (edited after " \
        "publishing?)" in problems
    assert ("statements: file data/statements.parquet: rule 'parquet-content' failed (1 row(s) "
            "differ from data/statements.csv; the first is row 3, column(s) speaker_id)"
            ) in problems


def test_parquet_value_changed_and_resealed(package: Path) -> None:
    """The descriptor's hash made to match: the cells still differ from the CSV's."""
    rewrite_parquet(package / "data" / "meetings.parquet",
                    lambda t: set_cell(t, "location", 0, "Geneva"))
    reseal_parquet(package, "meetings")
    problems = problems_of(package, latest_only=True)
    assert problems == [
        "meetings: file data/meetings.parquet: rule 'parquet-content' failed (1 row(s) differ "
        "from data/meetings.csv; the first is row 2, column(s) location)"]


@pytest.mark.parametrize("cut", [0, 100, -100], ids=["empty", "head-only", "tail-cut"])
def test_parquet_file_empty_or_truncated(package: Path, cut: int) -> None:
    path = package / "data" / "actors.parquet"
    path.write_bytes(path.read_bytes()[:cut])
    problems = problems_of(package, latest_only=True)
    assert "actors: file data/actors.parquet: rule 'hash' failed (edited after publishing?)" \
        in problems
    assert [p.split(" (")[0] for p in problems if "'parquet'" in p] == [
        "actors: file data/actors.parquet: rule 'parquet' failed"]


def test_parquet_with_other_types(package: Path) -> None:
    rewrite_parquet(package / "data" / "statements.parquet",
                    lambda t: t.set_column(t.schema.get_field_index("char_start"), "char_start",
                                           pc.cast(t.column("char_start"), pa.string())))
    reseal_parquet(package, "statements")
    (problem,) = problems_of(package, latest_only=True)
    assert problem.startswith("statements: file data/statements.parquet: rule "
                              "'parquet-columns' failed (columns [statement_id: string,")
    assert "char_start: string" in problem and "the schema's [" in problem
    assert "char_start: int64" in problem.split("the schema's")[1]


def test_parquet_missing_a_row(package: Path) -> None:
    rewrite_parquet(package / "data" / "passages.parquet", lambda t: t.slice(0, t.num_rows - 1))
    reseal_parquet(package, "passages")
    assert problems_of(package, latest_only=True) == [
        "passages: file data/passages.parquet: rule 'rows' failed (3 rows; data/passages.csv "
        "holds 4)"]


def test_parquet_rows_in_another_order(package: Path) -> None:
    rewrite_parquet(package / "data" / "passages.parquet", lambda t: t.take([1, 0, 2, 3]))
    reseal_parquet(package, "passages")
    (problem,) = problems_of(package, latest_only=True)
    assert problem.startswith("passages: file data/passages.parquet: rule 'parquet-content' "
                              "failed (2 row(s) differ from data/passages.csv; the first is "
                              "row 2, column(s) passage_id, ")


def test_parquet_compared_in_chunks(package: Path, monkeypatch) -> None:
    """Read a few rows at a time, with Parquet batches of another size, the first differing
    row is still numbered as in the CSV."""
    monkeypatch.setattr(table_files, "CHUNK_ROWS", 3)
    rewrite_parquet(package / "data" / "passages.parquet",
                    lambda t: set_cell(t, "text", 3, "Talks elsewhere"))
    reseal_parquet(package, "passages")
    assert problems_of(package, latest_only=True) == [
        "passages: file data/passages.parquet: rule 'parquet-content' failed (1 row(s) differ "
        "from data/passages.csv; the first is row 5, column(s) text)"]


def test_every_type_is_read_back_as_its_csv_text(package: Path) -> None:
    """Numbers as Python's repr (1.0, not Arrow's "1"), dates ISO, booleans true/false,
    missing values empty: the Parquet cells format to the CSV's, row for row."""
    for spec in load_tables().values():
        facts = table_files.read_table_files(package / "data" / f"{spec.name}.csv",
                                             package / "data" / f"{spec.name}.parquet", spec)
        header, rows = csv_text.read_csv_rows(package / "data" / f"{spec.name}.csv")
        assert facts.twin is not None and facts.twin.rows == facts.rows == len(rows)
        assert (facts.twin.differing, facts.twin.mismatch) == (0, None), spec.name
        assert facts.content_hash == csv_text.content_hash(rows)
    assert "1.0" in csv_text.read_csv_rows(package / "data" / "statements.csv")[1][0]


# ---- the descriptor's schemas against schemas/ ------------------------------------------------


def _field(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


SCHEMA_EDITS = {  # edit, the problem it gives
    "type": (lambda d: _field(d, "statements", "confidence").update(type="string"),
             "resource statements: field confidence: rule 'schema' failed (type: 'string' in "
             "the descriptor, 'number' in schemas/)"),
    "enum": (lambda d: _field(d, "statements", "mode")["constraints"].update(
        enum=["direct", "partial", "indirect", "shouted"]),
             "resource statements: field mode: rule 'schema' failed (constraints.enum: "
             "['direct', 'partial', 'indirect', 'shouted'] in the descriptor, ['direct', "
             "'partial', 'indirect'] in schemas/)"),
    "constraint": (lambda d: _field(d, "statements", "char_start")["constraints"].pop("minimum"),
                   "resource statements: field char_start: rule 'schema' failed "
                   "(constraints.minimum: '(none)' in the descriptor, 0 in schemas/)"),
    "primary-key": (lambda d: resource(d, "actors")["schema"].update(primaryKey=["name"]),
                    "resource actors: rule 'schema' failed (primaryKey: ['name'] in the "
                    "descriptor, ['actor_id'] in schemas/)"),
    "foreign-key": (lambda d: resource(d, "statements")["schema"].update(foreignKeys=[
        fk for fk in resource(d, "statements")["schema"]["foreignKeys"]
        if fk["fields"] != ["speaker_id"]]),
                    "resource statements: field speaker_id: rule 'schema' failed (foreignKeys: "
                    "the key to actors.['actor_id'] is missing from the descriptor)"),
    "field-removed": (lambda d: resource(d, "actors")["schema"]["fields"].pop(3),
                      "resource actors: field wikidata_id: rule 'schema' failed (the field is "
                      "missing from the descriptor)"),
}


@pytest.mark.parametrize("edit", list(SCHEMA_EDITS))
def test_descriptor_schema_edited(package: Path, edit: str) -> None:
    change, problem = SCHEMA_EDITS[edit]
    rewrite_descriptor(package, change)
    assert f"datapackage.json: {problem}" in problems_of(package)


def test_resource_added_to_the_descriptor(package: Path) -> None:
    def add(descriptor: dict) -> None:
        extra = json.loads(json.dumps(resource(descriptor, "actors")))
        descriptor["resources"].append({**extra, "name": "actors_copy"})
    rewrite_descriptor(package, add)
    assert "datapackage.json: resource actors_copy: rule 'schema' failed (schemas/ defines no " \
        "such table)" in problems_of(package)


def test_description_edited(package: Path) -> None:
    rewrite_descriptor(package, lambda d: _field(d, "statements", "mode").update(
        description="Edited."))
    description = load_tables()["statements"].field("mode").description
    assert problems_of(package, latest_only=True) == [
        "datapackage.json: resource statements: field mode: rule 'schema' failed (description: "
        f"'Edited.' in the descriptor, {description!r} in schemas/)"]


def test_another_package_is_not_compared_with_schemas(package: Path) -> None:
    """Only the pipeline's own packages (by name) must have the schemas schemas/ derives."""
    def rename(descriptor: dict) -> None:
        descriptor["name"] = "someone-elses"
        _field(descriptor, "statements", "mode").update(description="Edited.")
    rewrite_descriptor(package, rename)
    assert problems_of(package, latest_only=True) == []


MALFORMED = {  # an edit of the descriptor Frictionless or DuckDB would have raised on
    "field-not-an-object": lambda d: resource(d, "actors")["schema"]["fields"].__setitem__(1, None),
    "reference-a-list": lambda d: resource(d, "statements")["schema"]["foreignKeys"][0].update(
        reference=[]),
    "minimum-a-list": lambda d: _field(d, "statements", "char_start")["constraints"].update(
        minimum=[]),
    "name-a-list": lambda d: resource(d, "sources").update(name=["sources"]),
    "key-of-no-field": lambda d: resource(d, "passages")["schema"].update(primaryKey=["x"]),
    "reference-to-no-field": lambda d: resource(d, "statements")["schema"]["foreignKeys"][0][
        "reference"].update(fields=["x"]),
}


@pytest.mark.parametrize("large", [False, True], ids=["row-by-row", "duckdb"])
@pytest.mark.parametrize("edit", list(MALFORMED))
def test_malformed_schema_is_a_problem_not_a_crash(package: Path, edit: str, large: bool,
                                                   monkeypatch) -> None:
    if large:
        monkeypatch.setattr("pipeline.check.package.LARGE_PACKAGE_ROWS", 0)
    rewrite_descriptor(package, MALFORMED[edit])
    problems = problems_of(package, latest_only=True)
    assert has(problems, "datapackage.json", "'resource-shape'") or has(
        problems, "datapackage.json", "'frictionless'"), problems


# ---- rows and content hashes ------------------------------------------------------------------


def test_garbage_in_content_hash_and_rows(package: Path) -> None:
    def garble(descriptor: dict) -> None:
        resource(descriptor, "actors")["x_content_hash"] = "sha256:garbage"
        resource(descriptor, "statements")["x_rows"] = 7
    rewrite_descriptor(package, garble)
    problems = problems_of(package, latest_only=True)
    assert [p.split(" (")[0] for p in problems] == [
        "actors: file data/actors.csv: rule 'content-hash' failed",
        "statements: file data/statements.csv: rule 'rows' failed"]
    assert "x_content_hash says 'sha256:garbage'" in problems[0]
    assert problems[1].endswith("(the file holds 2 rows; x_rows says 7)")


def test_recorded_values_missing_from_the_descriptor(package: Path) -> None:
    rewrite_descriptor(package, lambda d: resource(d, "actors").pop("x_content_hash"))
    assert problems_of(package, latest_only=True) == [
        "datapackage.json: resource actors: rule 'resource-shape' failed (no x_content_hash)"]


# ---- the files of a release ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "diplomatic_talks.duckdb"])
def test_release_file_deleted(package: Path, name: str) -> None:
    (package / name).unlink()
    assert f"{name}: rule 'file-missing' failed (a release holds datapackage.json, " \
        "README.md, CHANGELOG.md, diplomatic_talks.duckdb)" in problems_of(package)


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md"])
def test_kept_file_of_an_older_version_deleted(package: Path, name: str) -> None:
    (package / OLD / name).unlink()
    assert f"{OLD}{name}: rule 'file-missing' failed (a release holds datapackage.json, " \
        "README.md, CHANGELOG.md)" in problems_of(package)


def test_files_the_checksums_list_are_checked(package: Path) -> None:
    with (package / "changes.csv").open("a", encoding="utf-8") as fh:
        fh.write("ADD,actors,ac_000000000000,,,\n")
    (package / "diplomatic_talks.duckdb").unlink()
    problems = problems_of(package)
    assert "changes.csv: rule 'sums' failed (its sha256 differs from SHA256SUMS's)" in problems
    assert "diplomatic_talks.duckdb: rule 'file-missing' failed (listed in SHA256SUMS)" \
        in problems


def test_everything_at_once(package: Path) -> None:
    (package / "README.md").unlink()
    (package / OLD / "CHANGELOG.md").unlink()
    rewrite_parquet(package / "data" / "actors.parquet", lambda t: t.slice(1))
    rewrite_descriptor(package, lambda d: _field(d, "actors", "type").update(type="integer"))
    rewrite_descriptor(package / OLD, lambda d: resource(d, "demands").update(x_rows=0))
    problems = problems_of(package)
    for parts in [("README.md", "'file-missing'"), (f"{OLD}CHANGELOG.md", "'file-missing'"),
                  ("data/actors.parquet", "'hash'"), ("data/actors.parquet", "'rows'"),
                  ("field type", "'schema'"), (f"{OLD}data/demands.csv", "'rows'"),
                  ("datapackage.json", "'latest-copy'")]:
        assert has(problems, *parts), parts


