"""The evaluation harness: span location, matching rules, scores on the gold annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import (
    evaluate,
    format_report,
    locate,
    score_demands,
    score_meetings,
    score_statements,
    throughput,
)
from pipeline.ids import actor_id
from pipeline.models import Extraction

pytest_plugins = ["tests.conftest_extract"]

GOLD = Path(__file__).resolve().parent / "gold"
TEXT = 'Report\n\n"We will talk," Ann Lee said. Ann Lee urged Bo to leave. They met in Arlo.'


class FakeSource:
    text = TEXT


def _statement(start: int, end: int, speaker: str | None) -> dict:
    return {
        "char_start": start,
        "char_end": end,
        "speaker_id": actor_id(speaker) if speaker else None,
    }


def test_locate_finds_a_unique_text():
    assert locate(TEXT, "We will talk") == (9, 21)


def test_locate_refuses_an_ambiguous_text():
    with pytest.raises(ValueError, match="occurs 2 times"):
        locate(TEXT, "Ann Lee")


def test_locate_takes_an_occurrence():
    assert locate(TEXT, {"text": "Ann Lee", "occurrence": 1}) == (
        TEXT.index("Ann Lee urged"),
        TEXT.index("Ann Lee urged") + 7,
    )


def test_statement_matches_with_half_of_the_gold_span():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [_statement(9, 15, "Ann Lee")]})
    counts, matched, right = score_statements(gold, FakeSource, ex)
    assert (counts.tp, counts.pred, counts.gold, matched, right) == (1, 1, 1, 1, 1)


def test_statement_below_half_overlap_does_not_match():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [_statement(9, 13, "Ann Lee")]})
    assert score_statements(gold, FakeSource, ex)[0].tp == 0


def test_wrong_speaker_counts_against_speaker_accuracy_only():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [_statement(9, 21, "Bo")]})
    counts, matched, right = score_statements(gold, FakeSource, ex)
    assert (counts.tp, matched, right) == (1, 1, 0)


def test_one_prediction_matches_one_gold_statement_only():
    gold = {
        "statements": [
            {"text": "We will talk", "speaker": "Ann Lee"},
            {"text": "We will", "speaker": "Ann Lee"},
        ]
    }
    ex = Extraction("t", {"statements": [_statement(9, 21, "Ann Lee")]})
    assert score_statements(gold, FakeSource, ex)[0].tp == 1


def test_meeting_matches_on_any_mention_overlap():
    gold = {"meetings": [{"mentions": ["met in Arlo"]}]}
    start = TEXT.index("met")
    ex = Extraction(
        "t",
        {
            "meetings": [{"meeting_id": "mt_1"}],
            "meeting_mentions": [
                {"meeting_id": "mt_1", "char_start": start, "char_end": start + 3}
            ],
        },
    )
    assert score_meetings(gold, FakeSource, ex).tp == 1


def test_demand_needs_the_same_demander():
    gold = {"demands": [{"demander": "Ann Lee", "demand": "to leave", "status": "made"}]}
    start = TEXT.index("to leave")
    rows = [
        {
            "char_start": start,
            "char_end": start + 8,
            "demander_id": actor_id("Bo"),
            "status": "made",
        }
    ]
    assert score_demands(gold, FakeSource, Extraction("t", {"demands": rows}))[0].tp == 0
    rows[0]["demander_id"] = actor_id("Ann Lee")
    assert score_demands(gold, FakeSource, Extraction("t", {"demands": rows}))[0].tp == 1


@pytest.fixture(scope="module")
def result(nlp):
    return evaluate(GOLD)


def test_gold_scores_meet_the_targets(result):
    scores = result["scores"]
    for name in ("statements", "meetings", "demands"):
        assert scores[name]["recall"] >= 0.90, name
        assert scores[name]["precision"] >= 0.85, name
    assert result["speaker_accuracy"] >= 0.95


def test_nothing_comes_from_non_english_passages(result):
    assert result["foreign_passage_records"] == 0


def test_every_gold_file_is_scored(result):
    assert len(result["sources"]) == len(list(GOLD.glob("*.gold.yaml"))) >= 4


def test_report_names_every_figure(result):
    report = format_report(
        {**result, "throughput": {"words_per_second": 1000.0, "words": 10, "seconds": 0.01}}
    )
    for word in (
        "statements",
        "meetings",
        "demands",
        "speaker accuracy",
        "non-English",
        "throughput",
    ):
        assert word in report


def test_throughput_counts_words_per_second(nlp):
    figures = throughput(repeats=2)
    assert figures["repeats"] == 2 and figures["words"] > 1000 and figures["words_per_second"] > 0
