"""The on-disk extraction cache: keys change with every input, values round-trip exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from pipeline.models import Extraction, Passage, Source, SourceEntry
from pipeline.orchestration.cache import ExtractionCache, dumps, loads
from pipeline.orchestration.keys import extraction_key


def make_source(text: str = "NATO met Russia.", **entry: object) -> Source:
    values = {"source_id": "s1", "file": "s1.txt", "published": dt.date(2022, 1, 13),
              "language": "en", **entry}
    return Source(entry=SourceEntry(**values), path="s1.txt", text=text,
                  sha256=f"{hash(text) & 0xFFFF:064x}", bom=False)


def make_passages(source: Source) -> list[Passage]:
    return [Passage("pa_000000000001", source.source_id, 0, "body", "en", 0, len(source.text),
                    source.text)]


EXTRACTION = Extraction(
    source_id="s1",
    tables={
        "meetings": [{"meeting_id": "mt_1", "start_date": dt.date(2022, 1, 12), "confidence": 0.7,
                      "location": None, "char_start": 0, "name": "Ünïcode “talks”"}],
        "statements": [],
    },
)


def test_key_is_stable_for_equal_inputs():
    source = make_source()
    assert extraction_key(source, make_passages(source), "v1") == extraction_key(
        make_source(), make_passages(make_source()), "v1")


@pytest.mark.parametrize("change", [
    {"text": "NATO met Russia again."},
    {"published": dt.date(2022, 1, 14)},
    {"language": "fr"},
    {"source_id": "s2"},
])
def test_key_changes_with_source_and_entry(change):
    base = make_source()
    text = change.pop("text", base.text)
    other = make_source(text, **change)
    assert extraction_key(base, make_passages(base), "v1") != extraction_key(
        other, make_passages(other), "v1")


def test_key_changes_with_extractor_version_and_passages():
    source = make_source()
    passages = make_passages(source)
    moved = [dataclasses.replace(passages[0], char_end=5)]
    key = extraction_key(source, passages, "v1")
    assert key != extraction_key(source, passages, "v2")
    assert key != extraction_key(source, moved, "v1")


def test_key_ignores_metadata_extraction_does_not_use():
    source = make_source()
    retitled = make_source(title="Another headline", url="https://example.org/a")
    assert extraction_key(source, make_passages(source), "v1") == extraction_key(
        retitled, make_passages(retitled), "v1")


def test_values_round_trip_with_types():
    back = loads(dumps(EXTRACTION))
    assert back == EXTRACTION
    assert type(back.tables["meetings"][0]["start_date"]) is dt.date


def test_dumps_is_deterministic_and_sorted():
    shuffled = Extraction("s1", {k: [dict(reversed(list(r.items()))) for r in v]
                                 for k, v in reversed(list(EXTRACTION.tables.items()))})
    assert dumps(shuffled) == dumps(EXTRACTION)


def test_dumps_refuses_unknown_types():
    with pytest.raises(TypeError, match="cannot store"):
        dumps(Extraction("s1", {"meetings": [{"x": {1, 2}}]}))


def test_get_put_and_miss(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    assert cache.get("ab" * 32) is None
    path = cache.put("ab" * 32, EXTRACTION)
    assert path.parent.parent == tmp_path / "extractions"
    assert cache.get("ab" * 32) == EXTRACTION
    assert not list(path.parent.glob(".tmp-*"))  # the temporary file was renamed


def test_torn_entry_is_a_miss_and_removed(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    path = cache.put("cd" * 32, EXTRACTION)
    path.write_text('{"format": 1, "tab', encoding="utf-8")
    assert cache.get("cd" * 32) is None
    assert not path.exists()


def _edited(path: Path) -> bytes:
    """The entry with a speaker swapped, as someone editing the JSON by hand would."""
    return path.read_bytes().replace("Ünïcode".encode(), b"Poisoned")


@pytest.mark.parametrize("corrupt", [
    lambda p: b"\xff\xfe not UTF-8",
    lambda p: b'["a list", "not an entry"]',
    lambda p: b'{"sha256": "0", "body": "{}"}',
    lambda p: p.read_bytes()[: len(p.read_bytes()) // 2],
    _edited,
], ids=["bad-utf8", "wrong-shape", "wrong-digest", "truncated", "edited"])
def test_a_corrupt_entry_is_a_miss_logged_once_and_made_again(tmp_path: Path, corrupt, caplog):
    cache = ExtractionCache(tmp_path)
    path = cache.put("cd" * 32, EXTRACTION)
    path.write_bytes(corrupt(path))
    with caplog.at_level("WARNING", logger="pipeline.orchestration.cache"):
        assert cache.get("cd" * 32) is None
        assert cache.get("cd" * 32) is None  # a plain miss now: not logged again
    assert [r.getMessage() for r in caplog.records if str(path) in r.getMessage()] != []
    assert len(caplog.records) == 1
    cache.put("cd" * 32, EXTRACTION)
    assert cache.get("cd" * 32) == EXTRACTION


def test_a_passage_entry_of_another_shape_is_a_miss(tmp_path: Path):
    from pipeline.orchestration.cache import PassageCache, dumps

    cache = PassageCache(tmp_path)
    path = cache.path("ef" * 32)
    path.parent.mkdir(parents=True)
    path.write_text(dumps(EXTRACTION), encoding="utf-8")  # an extraction where passages belong
    assert cache.get("ef" * 32) is None
    source = make_source()
    cache.put("ef" * 32, make_passages(source))
    assert cache.get("ef" * 32) == make_passages(source)


def test_prune_keeps_only_named_keys(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    for key in ("aa" * 32, "bb" * 32, "cc" * 32):
        cache.put(key, EXTRACTION)
    assert cache.prune({"bb" * 32}) == 2
    assert cache.keys() == {"bb" * 32}


def test_inputs_key_follows_file_contents_not_bytecode(tmp_path: Path):
    from pipeline.orchestration.keys import inputs_key

    code, seeds = tmp_path / "code", tmp_path / "seeds"
    for folder in (code, seeds, code / "__pycache__"):
        folder.mkdir(parents=True)
    (code / "rules.py").write_text("X = 1\n")
    (seeds / "a.txt").write_text("NATO met Russia.\n")
    key = inputs_key([seeds, code], [tmp_path / "corrections.yaml"], "en_core_web_sm")
    (code / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0compiled")
    (seeds / ".hidden").write_text("editor state")
    assert inputs_key([seeds, code], [tmp_path / "corrections.yaml"], "en_core_web_sm") == key
    (code / "rules.py").write_text("X = 2\n")
    changed = inputs_key([seeds, code], [tmp_path / "corrections.yaml"], "en_core_web_sm")
    assert changed != key
    (tmp_path / "corrections.yaml").write_text("corrections: []\n")
    assert inputs_key([seeds, code], [tmp_path / "corrections.yaml"], "en_core_web_sm") != changed


def test_inputs_key_reads_only_the_seed_files_a_build_reads(tmp_path: Path):
    """Other files in the seeds folder (a video, notes) are never read: a 2 GB file there
    once cost 2 GB of memory on every no-change run."""
    from pipeline.ingest.sources import read_by_build
    from pipeline.orchestration.keys import inputs_key

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "sources.yaml").write_text("sources: []\n")
    (seeds / "a.txt").write_text("NATO met Russia.\n")
    big = seeds / "interview.mp4"
    big.write_bytes(b"\0" * 1000)

    def key() -> str:
        return inputs_key([(seeds, read_by_build)], [], "en_core_web_sm")

    first = key()
    big.write_bytes(b"\1" * 2000)
    (seeds / "notes.md").write_text("my notes\n")
    assert key() == first
    for name in ("sources.yaml", "a.txt", "actors.yaml", "corrections.yaml", "sub/b.TXT"):
        before = key()
        (seeds / name).parent.mkdir(exist_ok=True)
        (seeds / name).write_text(f"changed {name}\n")
        assert key() != before, name


def test_build_log_needs_the_same_inputs_and_an_untouched_package(tmp_path: Path):
    from pipeline.orchestration.incremental import BuildLog

    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "datapackage.json").write_text('{"version": "1.0.0"}\n')
    (out / "data" / "t.csv").write_text("a\n1\n")
    log = BuildLog(tmp_path / "cache")
    assert log.unchanged(out, "k1") is None  # nothing recorded yet
    log.add(out, "k1", {"version": "1.0.0"})
    assert log.unchanged(out, "k1")["version"] == "1.0.0"
    assert log.unchanged(out, "k2") is None
    (out.parent / ".out.tmp-123").mkdir()  # an interrupted publish left its staging folder
    assert log.unchanged(out, "k1") is None
    (out.parent / ".out.tmp-123").rmdir()
    csv = out / "data" / "t.csv"
    before = csv.stat().st_mtime_ns
    csv.write_text("a\n2\n")  # same size; the clock may not have ticked: set the time too
    os.utime(csv, ns=(before + 10**9, before + 10**9))
    assert log.unchanged(out, "k1") is None
