import datetime as dt

import pandas as pd

from pipeline.ingest import segment
from pipeline.models import Extraction, Source, SourceEntry
from pipeline.tables.frames import FrameBuilder, build_frames, merge_actors, passage_rows, to_frame
from pipeline.tables.store import TableStore


def _source(text: str, redistribute: bool = True) -> Source:
    entry = SourceEntry(source_id="fixture-1", file="a.txt", title="T",
                        published=dt.date(2024, 3, 4), redistribute_text=redistribute)
    return Source(entry=entry, path="a.txt", text=text, sha256="0" * 64, bom=False)


TEXT = "Mayors meet\n\nMayor Ana Ruiz met strikers on Monday.\n\nShe said talks would go on.\n"


def test_merge_actors_unites_aliases_and_prefers_registry_facts():
    rows = [
        {"actor_id": "ac_1", "name": "Ruiz", "type": "person", "wikidata_id": None,
         "wikidata_verified": False, "aliases": "Ruiz", "in_registry": False},
        {"actor_id": "ac_1", "name": "Ana Ruiz", "type": "person", "wikidata_id": "Q1",
         "wikidata_verified": True, "aliases": "Mayor Ruiz", "in_registry": True},
    ]
    (merged,) = merge_actors(rows)
    assert merged["name"] == "Ana Ruiz"
    assert merged["wikidata_id"] == "Q1"
    assert merged["aliases"] == "Mayor Ruiz | Ruiz"


def test_withheld_text_keeps_offsets_and_hash():
    source = _source(TEXT, redistribute=False)
    passages = segment.split(source)
    rows = passage_rows(passages, redistribute=False)
    assert all(r["text"] is None for r in rows)
    assert [(r["char_start"], r["char_end"]) for r in rows] == [
        (p.char_start, p.char_end) for p in passages]
    assert len({r["text_sha256"] for r in rows}) == len(rows)


def test_frames_have_schema_columns_sorted_by_key():
    source = _source(TEXT)
    passages = {source.source_id: segment.split(source)}
    actor = {"actor_id": "ac_0123456789ab", "name": "Ana Ruiz", "type": "person",
             "wikidata_id": None, "wikidata_verified": False, "aliases": None,
             "in_registry": False}
    frames = build_frames([source], passages, [Extraction(source.source_id,
                                                                  {"actors": [actor]})])
    assert list(frames["sources"].columns)[:3] == ["source_id", "path", "sha256"]
    assert frames["sources"].loc[0, "n_chars"] == len(TEXT)
    ids = list(frames["passages"]["passage_id"])
    assert ids == sorted(ids)
    assert len(frames["actors"]) == 1
    assert frames["statements"].empty and list(frames["statements"].columns)[0] == "statement_id"


def test_frames_built_in_small_chunks_equal_frames_built_at_once(monkeypatch, seed_sources):
    """FrameBuilder turns rows into frames CHUNK_ROWS at a time; the result must not depend on
    the chunk size (seed passages plus many actor-mention rows spread over sources)."""
    source = seed_sources[0]
    passages = {source.source_id: segment.split(source)}
    mentions = [{"mention_id": f"am_{i:012x}", "actor_id": f"ac_{i % 7:012x}",
                 "source_id": source.source_id, "passage_id": passages[source.source_id][0]
                 .passage_id, "char_start": i, "char_end": i + 1, "text": "x", "method": "name"}
                for i in range(50, 0, -1)]
    extractions = [Extraction(source.source_id, {"actor_mentions": mentions[:30]}),
                   Extraction(source.source_id, {"actor_mentions": mentions[30:]})]
    whole = build_frames([source], passages, extractions)
    monkeypatch.setattr("pipeline.tables.frames.CHUNK_ROWS", 3)
    # sorted in buckets, stored in small chunks
    monkeypatch.setattr("pipeline.tables.store.STORE_ROWS", 7)
    chunked = build_frames([source], passages, iter(extractions))
    for name, frame in whole.items():
        assert list(chunked[name].dtypes) == list(frame.dtypes), name
        assert chunked[name].equals(frame), name
    assert len(whole["passages"]) > 3
    ids = list(chunked["actor_mentions"]["mention_id"])
    assert ids == sorted(m["mention_id"] for m in mentions)
    parts = list(chunked.chunks("actor_mentions"))
    sizes = [len(p) for p in parts]
    assert len(parts) >= 50 // 7 and max(sizes) <= 7 and sum(sizes) == 50
    assert [p.index[0] for p in parts] == [sum(sizes[:i]) for i in range(len(parts))]


def test_table_store_gives_back_equal_frames_in_table_order(tmp_path):
    """Every dtype the pipeline uses (strings with missing values, nullable integers, dates,
    booleans, floats) comes back from disk equal; a lookup is a new frame."""
    from tests.factories import make_frames

    frames = make_frames()
    store = TableStore(tmp_path)
    for name, frame in frames.items():
        store[name] = frame
    assert list(store) == list(frames) and len(store) == len(frames)
    assert store.rows == {name: len(frame) for name, frame in frames.items()}
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(store[name], frame, check_exact=True)
        assert list(store[name].dtypes) == list(frame.dtypes)
    changed = store["statements"]
    changed.loc[0, "text"] = "changed"
    assert store["statements"].loc[0, "text"] == frames["statements"].loc[0, "text"]
    store["statements"] = changed
    assert store["statements"].loc[0, "text"] == "changed" and list(store) == list(frames)
    del store["statements"]
    assert "statements" not in store and "actors" in store and len(store) == len(frames) - 1


def test_table_store_folder_goes_with_the_store(tmp_path):
    store = TableStore(tmp_path)
    store["sources"] = pd.DataFrame({"source_id": ["a"]})
    root = store.root
    assert any(root.iterdir())
    del store
    assert not root.exists()


def test_build_frames_leaves_only_the_tables_on_disk(monkeypatch, seed_sources):
    """The pieces spilled while rows arrive are joined and removed: one file per table."""
    source = seed_sources[0]
    passages = {source.source_id: segment.split(source)}
    monkeypatch.setattr("pipeline.tables.frames.CHUNK_ROWS", 2)
    frames = build_frames([source], passages, [])
    assert isinstance(frames, TableStore)
    assert sorted(p.name for p in frames.root.iterdir()) == sorted(
        f"{i}.pkl" for i in range(len(frames)))
    assert frames.rows["passages"] == len(passages[source.source_id]) > 2
    ids = list(frames["passages"]["passage_id"])
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_bucket_sort_orders_a_compound_key_like_sorting_the_whole_table(monkeypatch):
    """Rows arriving in shuffled order, dealt into many small buckets (cut at sampled keys,
    some keys repeated in the first column), come out in the order of sorting them at once."""
    import random

    rnd = random.Random(3)
    rows = [{"meeting_id": f"mt_{rnd.randrange(40):012x}", "actor_id": f"ac_{i:012x}",
             "role": "participant"} for i in range(500)]
    rnd.shuffle(rows)
    monkeypatch.setattr("pipeline.tables.frames.CHUNK_ROWS", 17)
    monkeypatch.setattr("pipeline.tables.store.STORE_ROWS", 30)
    monkeypatch.setattr("pipeline.tables.frames.SAMPLE_EVERY", 7)
    builder = FrameBuilder()
    for start in range(0, len(rows), 9):
        builder.add("meeting_participants", rows[start : start + 9])
    store = builder.frames()
    spec = builder.specs["meeting_participants"]
    expected = to_frame(spec, rows)
    assert store.rows["meeting_participants"] == 500
    assert len(list(store.chunks("meeting_participants"))) >= 500 // 30
    pd.testing.assert_frame_equal(store["meeting_participants"], expected, check_exact=True)
    assert [p.name for p in store.root.iterdir() if not p.name[0].isdigit()] == []
