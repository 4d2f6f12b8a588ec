"""The on-disk extraction cache: keys change with every input, values round-trip exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.cache import ExtractionCache, dumps, extraction_key, loads
from pipeline.models import Extraction, Passage, Source, SourceEntry


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


def test_prune_keeps_only_named_keys(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    for key in ("aa" * 32, "bb" * 32, "cc" * 32):
        cache.put(key, EXTRACTION)
    assert cache.prune({"bb" * 32}) == 2
    assert cache.keys() == {"bb" * 32}
