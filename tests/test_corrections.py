"""Corrections as data: strict loading, and drop / fix / merge / add applied to frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import SourceError
from pipeline.metadata.specs import load_tables
from pipeline.tables.corrections import apply_corrections, load_corrections
from pipeline.tables.frames import to_frame
from pipeline.tables.store import TableStore

ROOT = Path(__file__).resolve().parent.parent
A, B, C = "ac_aaaaaaaaaaaa", "ac_bbbbbbbbbbbb", "ac_cccccccccccc"
DEFAULTS = {"integer": 0, "number": 1.0, "boolean": False, "string": None, "date": None}


def frames_of(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Every table, with the given rows; unset fields get a harmless value of their type."""
    out = {}
    for name, spec in load_tables().items():
        filled = [{f.name: r.get(f.name, DEFAULTS[f.type]) for f in spec.fields}
                  for r in rows.get(name, [])]
        out[name] = to_frame(spec, filled)
    return out


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    return frames_of({
        "actors": [
            {"actor_id": A, "name": "Jens Stoltenberg", "type": "person", "aliases": "Stoltenberg"},
            {"actor_id": B, "name": "Stoltenberg, Jens", "type": "person", "aliases": "J. S."},
            {"actor_id": C, "name": "NATO", "type": "organization"},
        ],
        "statements": [
            {"statement_id": "st_000000000001", "source_id": "s1", "speaker_id": B,
             "mode": "direct", "text": "We are ready."},
            {"statement_id": "st_000000000002", "source_id": "s1", "speaker_id": C,
             "mode": "indirect", "text": "talks"},
        ],
        "meetings": [{"meeting_id": "mt_000000000001", "source_id": "s1", "name": "the talks"}],
        "meeting_participants": [
            {"meeting_id": "mt_000000000001", "actor_id": A, "role": "participant"},
            {"meeting_id": "mt_000000000001", "actor_id": B, "role": "participant"},
            {"meeting_id": "mt_000000000001", "actor_id": C, "role": "host"},
        ],
        "meeting_mentions": [{"mention_id": "mm_000000000001", "meeting_id": "mt_000000000001",
                              "source_id": "s1"}],
    })


# Every required field of a meeting a correction adds (flow-style YAML).
MEETING = ("meeting_id: mt_000000000000, source_id: s1, name: the call, meeting_type: call, "
           "status: held, date_precision: day, cameo_code: '040', char_start: 3, char_end: 9")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    return load_corrections(write(tmp_path, text))


def test_shipped_file_is_an_empty_list():
    assert load_corrections(ROOT / "seeds" / "corrections.yaml") == []


def test_missing_file_means_no_corrections(tmp_path: Path):
    assert load_corrections(tmp_path / "nope.yaml") == []


@pytest.mark.parametrize("entry, rule", [
    ("{action: drop, table: statements, id: st_000000000001}", "reason-required"),
    ("{action: drop, table: statements, id: x, reason: ' '}", "reason-required"),
    ("{action: drop, table: statement, id: x, reason: r}", "unknown-table"),
    ("{action: fix, table: statements, id: x, set: {speaker: a}, reason: r}", "unknown-field"),
    ("{action: drop, table: statements, id: x, reason: r, why: y}", "unknown-key"),
    ("{action: erase, table: statements, id: x, reason: r}", "action"),
    ("{action: drop, table: statements, reason: r}", "match-required"),
    ("{action: drop, table: meeting_participants, id: x, reason: r}", "compound-key"),
    ("{action: add, table: meetings, record: {name: x}, reason: r}", "record-key"),
    ("{action: merge_actors, keep: a, drop: [a], reason: r}", "merge-shape"),
    ("{action: fix, table: meetings, id: x, set: {start_date: soon}, reason: r}", "field-type"),
    # a quoted boolean would be truthy: text meant to be withheld would stay public
    ("{action: fix, table: sources, id: s, set: {redistribute_text: 'false'}, reason: r}",
     "field-type"),
    ("{action: fix, table: statements, id: x, set: {char_start: abc}, reason: r}", "field-type"),
    ("{action: fix, table: statements, id: x, set: {char_start: true}, reason: r}", "field-type"),
    ("{action: fix, table: statements, match: {char_start: abc}, set: {mode: direct}, "
     "reason: r}", "field-type"),
    ("{action: fix, table: statements, id: x, set: {mode: shouted}, reason: r}", "field-enum"),
    ("{action: fix, table: statements, id: x, set: {speaker_id: Jens}, reason: r}",
     "field-pattern"),
    ("{action: fix, table: statements, id: x, set: {char_start: -1}, reason: r}", "field-range"),
    ("{action: fix, table: statements, id: x, set: {confidence: 2}, reason: r}", "field-range"),
    ("{action: fix, table: statements, id: x, set: {mode: null}, reason: r}", "field-required"),
    ("{action: fix, table: sources, id: s, set: {sha256: " + "0" * 64 + "}, reason: r}",
     "computed-field"),
    ("{action: fix, table: sources, id: s, set: {n_chars: 5}, reason: r}", "computed-field"),
    ("{action: add, table: meetings, record: {meeting_id: mt_000000000009}, reason: r}",
     "field-required"),
    ("{action: add, table: passages, record: {passage_id: pa_000000000009}, reason: r}",
     "computed-field"),
])
def test_bad_entries_name_file_entry_and_rule(tmp_path: Path, entry: str, rule: str):
    with pytest.raises(SourceError) as err:
        load(tmp_path, f"corrections:\n  - {{action: drop, table: actors, id: x, reason: ok}}\n"
                       f"  - {entry}\n")
    assert err.value.rule == rule
    assert err.value.record.startswith("entry 2")
    assert str(tmp_path / "corrections.yaml") in str(err.value)


def test_unknown_top_level_key(tmp_path: Path):
    with pytest.raises(SourceError, match="unknown-key"):
        load(tmp_path, "corrections: []\nfixes: []\n")


def test_drop_cascades_to_rows_that_need_the_dropped_one(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n  - {action: drop, table: meetings, "
                                 "id: mt_000000000001, reason: not a meeting}\n")
    out, applied, unmatched = apply_corrections(frames, corrections)
    assert out["meetings"].empty and out["meeting_participants"].empty
    assert out["meeting_mentions"].empty
    assert applied[0]["rows"] == {"meetings": 1, "meeting_participants": 3, "meeting_mentions": 1}
    assert applied[0]["reason"] == "not a meeting" and unmatched == []


def test_dropping_an_actor_empties_nullable_references(tmp_path: Path, frames):
    corrections = load(tmp_path, f"corrections:\n  - {{action: drop, table: actors, id: {C}, "
                                 "reason: noise}\n")
    out, _, _ = apply_corrections(frames, corrections)
    speakers = dict(zip(out["statements"]["statement_id"], out["statements"]["speaker_id"],
                        strict=True))
    assert speakers["st_000000000001"] == B and pd.isna(speakers["st_000000000002"])
    assert C not in set(out["meeting_participants"]["actor_id"])  # required: row removed


def test_fix_sets_a_speaker(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n  - {action: fix, table: statements, "
                                 f"id: st_000000000002, set: {{speaker_id: {A}}}, reason: r}}\n")
    out, applied, _ = apply_corrections(frames, corrections)
    row = out["statements"].set_index("statement_id").loc["st_000000000002"]
    assert row["speaker_id"] == A and applied[0]["rows"] == {"statements": 1}
    assert out["statements"].dtypes.equals(frames["statements"].dtypes)


def test_fixed_speaker_replaces_the_statements_speaker_rows(tmp_path: Path, frames):
    links = [{"statement_id": "st_000000000002", "actor_id": C},
             {"statement_id": "st_000000000002", "actor_id": B},
             {"statement_id": "st_000000000001", "actor_id": B}]
    frames = {**frames, "statement_speakers": frames_of({"statement_speakers": links})[
        "statement_speakers"]}
    corrections = load(tmp_path, "corrections:\n  - {action: fix, table: statements, "
                                 f"id: st_000000000002, set: {{speaker_id: {A}}}, reason: r}}\n")
    out, _, _ = apply_corrections(frames, corrections)
    pairs = set(map(tuple, out["statement_speakers"][["statement_id", "actor_id"]].values))
    assert pairs == {("st_000000000002", A), ("st_000000000001", B)}


def test_merge_rewrites_every_reference_and_unites_aliases(tmp_path: Path, frames):
    corrections = load(tmp_path, f"corrections:\n  - {{action: merge_actors, keep: {A}, "
                                 f"drop: {B}, reason: same person}}\n")
    out, applied, unmatched = apply_corrections(frames, corrections)
    actors = out["actors"].set_index("actor_id")
    assert list(actors.index) == [A, C]
    assert actors.loc[A, "aliases"] == "J. S. | Stoltenberg | Stoltenberg, Jens"
    assert B not in set(out["statements"]["speaker_id"].dropna())
    participants = out["meeting_participants"]
    assert sorted(participants["actor_id"]) == [A, C]  # A and B were one participant twice
    assert applied[0]["rows"] == {"actors": 1, "statements": 1, "meeting_participants": 1}


def test_add_inserts_a_missed_record_and_keeps_key_order(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n  - action: add\n    table: meetings\n"
                                 f"    record: {{{MEETING}, start_date: 2022-01-12}}\n"
                                 "    reason: missed\n")
    out, applied, _ = apply_corrections(frames, corrections)
    assert list(out["meetings"]["meeting_id"]) == ["mt_000000000000", "mt_000000000001"]
    added = out["meetings"].loc[0]
    assert str(added["start_date"]) == "2022-01-12"
    assert added["confidence"] == 1.0
    assert out["meetings"]["char_start"].dtype == frames["meetings"]["char_start"].dtype


def test_corrections_that_match_nothing_are_returned(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n"
                       "  - {action: drop, table: statements, id: st_ffffffffffff, reason: a}\n"
                       "  - {action: fix, table: statements, match: {mode: partial}, "
                       "set: {mode: direct}, reason: b}\n"
                       f"  - {{action: merge_actors, keep: {A}, drop: [ac_ffffffffffff], "
                       "reason: c}\n"
                       "  - {action: add, table: meetings, record: {"
                       + MEETING.replace("mt_000000000000", "mt_000000000001") + "}, reason: d}\n")
    out, applied, unmatched = apply_corrections(frames, corrections)
    assert applied == []
    assert sorted(c.reason for c in unmatched) == ["a", "b", "c", "d"]
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(out[name], frame)


def test_order_is_the_table_order_then_the_file_order(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n"
                       "  - {action: fix, table: statements, id: st_000000000001, "
                       "set: {text: second}, reason: b}\n"
                       "  - {action: fix, table: statements, id: st_000000000001, "
                       "set: {text: third}, reason: c}\n"
                       f"  - {{action: fix, table: actors, id: {A}, set: {{name: J}}, "
                       "reason: a}\n")
    out, applied, _ = apply_corrections(frames, corrections)
    assert [a["reason"] for a in applied] == ["a", "b", "c"]
    assert out["statements"].set_index("statement_id").loc["st_000000000001", "text"] == "third"


def test_untouched_tables_are_the_same_objects(tmp_path: Path, frames):
    corrections = load(tmp_path, "corrections:\n  - {action: fix, table: statements, "
                                 "id: st_000000000001, set: {text: x}, reason: r}\n")
    out, _, _ = apply_corrections(frames, corrections)
    assert out["meetings"] is frames["meetings"]


def test_a_table_store_is_corrected_in_place_like_a_dict(tmp_path: Path, frames):
    """Frames on disk: the corrected tables are written back, each equal to the dict result."""
    corrections = load(tmp_path, f"corrections:\n  - {{action: merge_actors, keep: {A}, "
                                 f"drop: {B}, reason: same person}}\n"
                                 "  - {action: drop, table: statements, id: st_000000000001, "
                                 "reason: wrong}\n")
    store = TableStore(tmp_path)
    for name, frame in frames.items():
        store[name] = frame
    expected, applied, _ = apply_corrections(frames, corrections)
    out, applied_store, unmatched = apply_corrections(store, corrections)
    assert out is store and applied_store == applied and unmatched == []
    assert list(store) == list(frames)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(store[name], frame, check_exact=True)
    assert len(store["statements"]) == len(frames["statements"]) - 1
