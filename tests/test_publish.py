"""publish_release: layout, determinism, atomic swap, recovery, lock, rights.

The tiny, consistent package they publish (two sources, one of them not redistributable) is
built by tests/factories.py, which the other publish-side tests share.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.errors import PublishError, ValidationFailed
from pipeline.metadata.specs import load_tables
from pipeline.release import outdir, publish
from pipeline.tables.store import TableStore
from tests.factories import TEXT_B, do_publish, make_frames, make_rows, sha, tree_hash

STABLE = ["datapackage.json", "README.md", "CHANGELOG.md"]


def stable_files(out: Path) -> dict[str, bytes]:
    names = STABLE + [f"data/{p.name}" for p in sorted((out / "data").iterdir())]
    return {n: (out / n).read_bytes() for n in names}


# ---- tests ----------------------------------------------------------------------------------


def test_first_release_layout_and_descriptor(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    result = do_publish(out)
    assert (result.version, result.published, result.bump) == ("1.0.0", True, "initial")
    assert result.counts["actors"] == 3 and result.counts["passages"] == 4
    for name in STABLE + ["changes.csv", "SHA256SUMS", "data/actors.csv"]:
        assert (out / name).is_file() and (out / "versions" / "1.0.0" / name).is_file(), name
    for name in ["diplomatic_talks.duckdb", "data/actors.parquet"]:  # regenerable: not kept
        assert (out / name).is_file() and not (out / "versions" / "1.0.0" / name).exists(), name
    desc = json.loads((out / "datapackage.json").read_text())
    assert desc["version"] == "1.0.0" and desc["created"] == "2024-05-06T00:00:00Z"
    assert desc["x_extractor"]["cameo_codebook"] == "CAMEO 1.1b3 via PLOVER CAMEO2PLOVER-2021"
    assert [r["name"] for r in desc["resources"]] == list(load_tables())
    res = desc["resources"][0]
    data = (out / res["path"]).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert res["bytes"] == len(data) and res["x_parquet"] == "data/sources.parquet"
    assert {s["title"] for s in desc["sources"]} == {
        "NATO rejects Russia's demands", "Talks in Geneva",
        "PLOVER: CAMEO to PLOVER conversion table (Schrodt, 2021)"}
    assert all(s.get("path", "https://").startswith("https://") for s in desc["sources"])
    assert publish.frictionless_validate(out) == []
    assert not list(tmp_path.glob(".datapackage.tmp-*"))


def test_csv_format_is_deterministic_text(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    frames = make_frames()
    frames["actors"] = frames["actors"].iloc[::-1].reset_index(drop=True)  # order must not matter
    do_publish(out, frames)
    text = (out / "data" / "sources.csv").read_bytes().decode("utf-8")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[0].startswith("source_id,path,sha256,title,publisher")
    assert lines[1].startswith("src-a,") and ",2022-01-13," in lines[1] and ",true," in lines[1]
    assert ",false," in lines[2] and ",,," in lines[2]  # missing values are empty
    ids = [line.split(",")[0] for line in (out / "data/actors.csv").read_text().splitlines()[1:]]
    assert ids == sorted(ids)


def test_two_publishes_give_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "datapackage", tmp_path / "b" / "datapackage"
    do_publish(a)
    do_publish(b)
    assert stable_files(a) == stable_files(b)


def test_tables_on_disk_publish_the_same_bytes(tmp_path: Path) -> None:
    """A TableStore (read a table at a time, rights applied on lookup) publishes byte for byte
    what the same frames in a dict publish: first release, then a diff against it."""
    frames = make_frames()
    store = TableStore(tmp_path / "store")
    for name, frame in frames.items():
        store[name] = frame
    do_publish(tmp_path / "a")
    do_publish(tmp_path / "b", store)
    assert stable_files(tmp_path / "a") == stable_files(tmp_path / "b")
    assert store["passages"]["text"].notna().all()  # withheld text is blanked in the copy only
    changed = frames["statements"].iloc[1:].reset_index(drop=True)
    links = frames["statement_speakers"]
    linked = links[links["statement_id"].isin(changed["statement_id"])].reset_index(drop=True)
    store["statements"], store["statement_speakers"] = changed, linked
    first = do_publish(tmp_path / "a", {**frames, "statements": changed,
                                        "statement_speakers": linked})
    second = do_publish(tmp_path / "b", store)
    assert (first.version, second.version) == ("1.1.0", "1.1.0")
    assert stable_files(tmp_path / "a") == stable_files(tmp_path / "b")
    assert second.diff is not None and len(second.diff.tables["statements"].removed) == 1


def test_tables_in_small_chunks_publish_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    """A table stored in chunks is written a chunk at a time; in key order or not (then it is
    sorted whole), the files are those of the frames in a dict."""
    frames = make_frames()
    do_publish(tmp_path / "dict")
    monkeypatch.setattr("pipeline.tables.store.STORE_ROWS", 2)
    for name, shuffled in (("sorted", False), ("unsorted", True)):
        store = TableStore(tmp_path / "store")
        for table, frame in frames.items():
            store[table] = frame.iloc[::-1] if shuffled else frame
        assert len(list(store.chunks("passages"))) == -(-len(frames["passages"]) // 2)
        do_publish(tmp_path / name, store)
        assert stable_files(tmp_path / name) == stable_files(tmp_path / "dict"), name


def test_parquet_row_groups_hold_at_most_the_set_rows(tmp_path: Path, monkeypatch) -> None:
    """A table larger than PARQUET_ROW_GROUP rows is written in row groups of that size, in
    the CSV's order; a smaller one is one row group."""
    monkeypatch.setattr("pipeline.release.data_files.PARQUET_ROW_GROUP", 2)
    do_publish(tmp_path / "out")
    data = tmp_path / "out" / "data"
    for name, frame in make_frames().items():
        parquet = pq.ParquetFile(data / f"{name}.parquet")
        assert parquet.metadata.num_row_groups == max(1, -(-len(frame) // 2)), name
        csv_rows = pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)
        key = load_tables()[name].primary_key[0]
        assert parquet.read().column(key).to_pylist() == list(csv_rows[key]), name


def test_same_frames_publish_nothing(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    before = tree_hash(out)
    result = do_publish(out)
    assert (result.published, result.bump, result.version) == (False, "none", "1.0.0")
    assert tree_hash(out) == before


def test_parquet_twin_carries_version_and_descriptions(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    table = pq.read_table(out / "data" / "statements.parquet")
    assert table.schema.metadata[b"version"] == b"1.0.0"
    assert table.schema.field("mode").metadata[b"description"].startswith(b"direct:")
    assert str(table.schema.field("char_start").type) == "int64"
    assert table.num_rows == 2
    meetings = pq.read_table(out / "data" / "meetings.parquet").to_pylist()
    assert meetings[0]["start_date"] == dt.date(2022, 1, 12)


def test_validation_failure_leaves_previous_release_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    before = tree_hash(out)
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"
    with pytest.raises(ValidationFailed, match="broken on purpose"):
        do_publish(out, make_frames(rows), validate=lambda d: ["broken on purpose"])
    assert tree_hash(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".datapackage.")] == [
        ".datapackage.lock"]


def test_disk_full_is_a_publish_error_and_keeps_release(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    before = tree_hash(out)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", no_space)  # a crash between writes
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"
    with pytest.raises(PublishError, match="No space left"):
        do_publish(out, make_frames(rows))
    assert tree_hash(out) == before
    assert not list(tmp_path.glob(".datapackage.tmp-*"))


def test_exception_in_validator_keeps_release(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    before = tree_hash(out)
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"

    def crash(_: Path) -> list[str]:
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        do_publish(out, make_frames(rows), validate=crash)
    assert tree_hash(out) == before


def test_recover_restores_release_after_a_killed_swap(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    before = tree_hash(out)
    out.rename(tmp_path / ".datapackage.old-4242")  # killed between the two renames
    (tmp_path / ".datapackage.tmp-4242" / "data").mkdir(parents=True)
    actions = outdir.recover(out)
    assert tree_hash(out) == before and len(actions) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".datapackage.lock", "datapackage"]


def test_next_publish_cleans_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    (tmp_path / ".datapackage.tmp-1").mkdir()
    (tmp_path / ".datapackage.old-1").mkdir()
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"
    assert do_publish(out, make_frames(rows)).version == "1.0.1"
    assert not list(tmp_path.glob(".datapackage.*-*"))


def test_second_build_waits_for_the_lock_then_fails(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    fd = os.open(tmp_path / ".datapackage.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(PublishError, match=r"\[lock\].*gave up after 0.2s"):
            do_publish(out, lock_timeout=0.2)
    finally:
        os.close(fd)
    assert not out.exists()
    assert do_publish(out).published


def test_withheld_source_text_is_blank_but_offsets_and_quotes_stay(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    passages = pd.read_csv(out / "data" / "passages.csv", keep_default_na=False)
    b = passages[passages["source_id"] == "src-b"]
    assert (b["text"] == "").all() and (b["char_end"] > b["char_start"]).all()
    assert set(b["text_sha256"]) == {sha("Talks in Geneva"), sha(TEXT_B.split("\n\n")[1])}
    a = passages[passages["source_id"] == "src-a"]
    assert (a["text"] != "").all()
    quotes = pd.read_csv(out / "data" / "statements.csv")
    assert "Geneva talks were useful." in set(quotes["text"])


def test_lead_validator_accepts_the_package(tmp_path: Path) -> None:
    from pipeline.check.package import validate_package

    out = tmp_path / "datapackage"
    do_publish(out)
    assert validate_package(out) == []
