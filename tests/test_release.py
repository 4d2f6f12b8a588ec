"""Versioning: semver bumps from record and schema diffs, immutable version folders,
changelog entries, `diff_packages`/`format_diff` and `verify`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.ids import actor_id
from pipeline.metadata.specs import load_tables
from pipeline.release import changelog, versions
from pipeline.release.verify import verify
from pipeline.tables import csv_text
from tests.factories import do_publish, make_context, make_frames, make_rows, tree_hash


def _with_new_actor() -> dict:
    rows = make_rows()
    rows["actors"].append({"actor_id": actor_id("Antony Blinken"), "name": "Antony Blinken",
                           "type": "person", "wikidata_id": "Q2293636",
                           "wikidata_verified": True, "aliases": None, "in_registry": True})
    return rows


def test_adding_a_row_is_minor_and_keeps_old_version_folder(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    v1 = tree_hash(out / "versions" / "1.0.0")
    result = do_publish(out, make_frames(_with_new_actor()))
    assert (result.version, result.bump) == ("1.1.0", "minor")
    assert tree_hash(out / "versions" / "1.0.0") == v1
    assert (out / "versions" / "1.1.0" / "datapackage.json").is_file()
    new_id = actor_id("Antony Blinken")
    assert result.diff is not None and result.diff.tables["actors"].added == [new_id]
    log = (out / "CHANGELOG.md").read_text()
    assert log.startswith("# Changelog\n\n## 1.1.0 (2024-05-06)")
    assert f"### actors\n\n- added `{new_id}` “Antony Blinken”" in log and "## 1.0.0" in log
    assert log.index("## 1.1.0") < log.index("## 1.0.0")


def test_changing_a_value_is_patch_with_old_and_new_values(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    rows = make_rows()
    rows["demands"][0]["status"] = "accepted"
    result = do_publish(out, make_frames(rows))
    assert (result.version, result.bump) == ("1.0.1", "patch")
    change = result.diff.tables["demands"].changed[0]
    assert change.key == rows["demands"][0]["demand_id"]
    assert change.fields == {"status": ("rejected", "accepted")}
    demand = rows["demands"][0]
    assert (f"- changed `{demand['demand_id']}` “{demand['demand']}”: status: “rejected” → "
            "“accepted”") in (out / "CHANGELOG.md").read_text()
    changes = (out / "changes.csv").read_text(encoding="utf-8").splitlines()
    assert changes == ["operation,table,id,field,old_value,new_value",
                       f"MOD,demands,{demand['demand_id']},status,rejected,accepted"]


def test_removing_a_row_is_minor(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    rows = make_rows()
    removed = rows["meeting_participants"].pop()
    result = do_publish(out, make_frames(rows))
    assert result.bump == "minor"
    key = f"{removed['meeting_id']}|{removed['actor_id']}"
    assert result.diff.tables["meeting_participants"].removed == [key]


def test_new_extractor_version_alone_is_patch(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    result = do_publish(out, context=make_context(extractor_version="y" * 12))
    assert (result.bump, result.version) == ("patch", "1.0.1")


def test_renaming_a_column_is_major(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    tables = dict(load_tables())
    actors = tables["actors"]
    fields = tuple(dataclasses.replace(f, name="other_names") if f.name == "aliases" else f
                   for f in actors.fields)
    tables["actors"] = dataclasses.replace(actors, fields=fields)
    rows = make_rows()
    for row in rows["actors"]:
        row["other_names"] = row.pop("aliases")
    result = do_publish(out, make_frames(rows, tables), tables=tables)
    assert (result.version, result.bump) == ("2.0.0", "major")
    assert "actors.aliases removed or renamed" in result.diff.breaking
    assert "other_names" in (out / "data" / "actors.csv").read_text().splitlines()[0]
    assert "aliases" in (out / "versions/1.0.0/data/actors.csv").read_text().splitlines()[0]


def test_diff_packages_between_version_folders(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    rows = _with_new_actor()
    rows["actors"][0]["name"] = "North Atlantic Treaty Organization"
    do_publish(out, make_frames(rows))
    diff = versions.diff_packages(out / "versions" / "1.0.0", out / "versions" / "1.1.0")
    text = versions.format_diff(diff)
    assert text.startswith("bump: minor\n")
    assert "actors: +1 -0 ~1" in text
    assert "'NATO' -> 'North Atlantic Treaty Organization'" in text
    assert "sources:" not in text  # unchanged tables are not listed


def test_format_diff_truncates_long_lists() -> None:
    tdiff = versions.TableDiff("actors", added=[f"ac_{i:012d}" for i in range(30)])
    text = versions.format_diff(versions.Diff({"actors": tdiff}, [], [], []), limit=5)
    assert "… and 25 more" in text and "ac_000000000005" not in text


def test_content_hash_ignores_row_order() -> None:
    rows = [["a", "1"], ["b", "2"]]
    assert csv_text.content_hash(rows) == csv_text.content_hash(rows[::-1])
    assert csv_text.content_hash(rows) != csv_text.content_hash([["a", "1"], ["b", "3"]])


@pytest.mark.parametrize("row", [
    [], [""], ["a", "1"], ['say "no"', "back\\slash", "tab\tline\nfeed\r"],
    ["\x00\x01\x1f\x7f", "caf\u00e9 \u2019quoted\u2019", "\U0001f600", "\ud800"],
])
def test_row_digest_is_the_sha256_of_the_rows_json(row: list[str]) -> None:
    """row_digest spells json.dumps out; the bytes hashed are the same."""
    import hashlib
    import json

    assert csv_text.row_digest(row) == hashlib.sha256(json.dumps(row).encode("utf-8")).digest()


def test_bump_version() -> None:
    assert versions.bump_version(None, "initial") == "1.0.0"
    assert versions.bump_version("1.2.3", "major") == "2.0.0"
    assert versions.bump_version("1.2.3", "minor") == "1.3.0"
    assert versions.bump_version("1.2.3", "patch") == "1.2.4"


def test_changelog_says_corrections_in_words() -> None:
    entry = changelog.changelog_entry("1.0.0", None, {"actors": 3}, None, [
        {"action": "fix", "table": "actors", "match": {"actor_id": "ac_1"},
         "set": {"name": "X"}, "reason": "Misspelt."},
        {"action": "merge_actors", "keep": "ac_1", "drop": ["ac_2"], "reason": "One person."}])
    assert entry.startswith("## 1.0.0 (undated)") and "Corrections applied: 2" in entry
    assert "- Set name to `X` in the actors record(s) where actor_id = `ac_1`. Reason: " \
        "Misspelt." in entry
    assert "- Merged actor(s) `ac_2` into `ac_1`. Reason: One person." in entry


def test_changelog_summarises_a_table_beyond_the_limit() -> None:
    table = versions.TableDiff("statements", added=[f"st_{n:03}" for n in range(30)],
                               changed=[versions.RecordChange("st_999", {"text": ("a", "b")})])
    diff = versions.Diff({"statements": table}, [], [], [])
    entry = changelog.changelog_entry("1.1.0", None, {"statements": 31}, diff, [])
    assert "- 30 added, 1 changed, 0 removed (fields changed: text ×1); every change is " \
        "listed in `changes.csv`." in entry
    assert "st_000" not in entry


def test_verify_reproduces_each_release(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    do_publish(out)
    assert verify(seeds, out, lambda o, d: do_publish(o, context=make_context(
        release_date=d))) == []
    # the release date is the release's own: a rebuild dated otherwise differs
    later = make_context(release_date=dt.date(2030, 1, 1))
    assert "datapackage.json: bytes differ from the rebuild" in verify(
        seeds, out, lambda o, d: do_publish(o, context=later))
    frames2 = make_frames(_with_new_actor())
    do_publish(out, frames2)
    assert verify(seeds, out, lambda o, d: do_publish(o, frames2)) == []
    # a build that differs from the committed release is reported, file by file
    rows = _with_new_actor()
    rows["actors"][0]["name"] = "NATO!"
    problems = verify(seeds, out, lambda o, d: do_publish(o, make_frames(rows)))
    assert "data/actors.csv: bytes differ from the rebuild" in problems
    assert "data/sources.csv: bytes differ from the rebuild" not in problems


def test_csv_written_in_small_chunks_is_byte_identical(tmp_path: Path, monkeypatch) -> None:
    """write_table formats and hashes csv_text.CHUNK_ROWS rows at a time; the files,
    hashes and content hashes must not depend on the chunk size."""
    do_publish(tmp_path / "whole")
    monkeypatch.setattr(csv_text, "CHUNK_ROWS", 1)
    do_publish(tmp_path / "chunked")
    whole, chunked = tree_hash(tmp_path / "whole"), tree_hash(tmp_path / "chunked")
    assert {k: v for k, v in chunked.items() if "duckdb" not in k} == {
        k: v for k, v in whole.items() if "duckdb" not in k}


def test_row_order_breaks_ties_between_duplicate_keys_by_the_whole_row() -> None:
    spec = load_tables()["meeting_participants"]
    frame = make_frames()["meeting_participants"].iloc[[0, 0, 0]].reset_index(drop=True)
    frame.loc[0, "role"], frame.loc[1, "role"], frame.loc[2, "role"] = "z", "a", "m"
    order = csv_text.row_order(frame, spec)
    assert [frame.loc[i, "role"] for i in order] == ["a", "m", "z"]


def test_a_release_reads_each_table_only_when_asked(tmp_path: Path) -> None:
    """read_release keeps no rows: a diff holds one table's rows at a time."""
    out = tmp_path / "datapackage"
    do_publish(out)
    read = versions.read_release(out)
    (out / "data" / "demands.csv").unlink()
    assert set(read.rows["actors"]) == set(make_frames()["actors"]["actor_id"])
    with pytest.raises(FileNotFoundError):  # not read before it was asked for
        read.rows["demands"]
