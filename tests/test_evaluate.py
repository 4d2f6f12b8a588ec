"""The evaluation: span location, name matching, the scores of each record type on inline gold
and hand-built extractions, the quality file, and the scores on the fixtures' gold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluation.actors import score_actors
from pipeline.evaluation.demands import score_demands, score_responses
from pipeline.evaluation.gold import Part, load_parts, locate
from pipeline.evaluation.names import Names, name_keys
from pipeline.evaluation.quality import load_quality, save_quality
from pipeline.evaluation.records import date_right, score_meetings, score_statements
from pipeline.evaluation.report import HELDOUT_REFUSAL, format_details, format_figures
from pipeline.evaluation.run import Extractor, PartResult, evaluate_part, throughput
from pipeline.ids import actor_id
from pipeline.models import Extraction

pytest_plugins = ["tests.conftest_extract"]

GOLD = Path(__file__).resolve().parent / "gold"
TEXT = 'Report\n\n"We will talk," Ann Lee said. Ann Lee urged Bo to leave. They met in Arlo.'
WE = (TEXT.index("We will talk"), TEXT.index("We will talk") + len("We will talk"))


def actor(name: str, type_: str = "person", aliases: str | None = None) -> dict:
    return {"actor_id": actor_id(name), "name": name, "type": type_, "aliases": aliases}


def statement(span: tuple[int, int], speaker: str | None, sid: str = "st_1") -> dict:
    return {"statement_id": sid, "char_start": span[0], "char_end": span[1], "text": "x",
            "mode": "direct", "speaker_id": actor_id(speaker) if speaker else None}


def names_of(gold_actors: list[dict], rows: list[dict]) -> Names:
    return Names.of({"actors": gold_actors}, Extraction("t", {"actors": rows}))


def test_locate_finds_a_unique_text():
    assert locate(TEXT, "We will talk") == WE


def test_locate_refuses_an_ambiguous_text():
    with pytest.raises(ValueError, match="occurs 2 times"):
        locate(TEXT, "Ann Lee")


def test_locate_takes_an_occurrence():
    start = TEXT.index("Ann Lee urged")
    assert locate(TEXT, {"text": "Ann Lee", "occurrence": 1}) == (start, start + 7)


# Name matching


def test_name_keys_drop_the_a_title_and_middle_initials():
    assert {"the kremlin", "kremlin"} <= name_keys("The Kremlin")
    assert "putin" in name_keys("President Putin")
    assert "antony blinken" in name_keys("Antony J. Blinken")
    assert name_keys("Prime Minister") == {"prime minister"}  # a bare title stays a name


def test_an_alias_on_either_side_makes_the_same_actor():
    gold = [{"name": "John Kerry", "type": "person", "aliases": ["Kerry", "Secretary Kerry"]}]
    names = names_of(gold, [actor("John F. Kerry"), actor("The Secretary", aliases="Kerry"),
                            actor("J. Kerry")])
    assert names.same(actor_id("John F. Kerry"), "John Kerry")  # middle initial
    assert names.same(actor_id("The Secretary"), "John Kerry")  # its alias is a gold alias
    assert not names.same(actor_id("J. Kerry"), "John Kerry")  # an initial is not a name


def test_titles_and_the_are_ignored():
    gold = [{"name": "Vladimir Putin", "type": "person", "aliases": ["Putin"]},
            {"name": "Russia", "type": "country", "aliases": ["Kremlin"]}]
    names = names_of(gold, [actor("President Putin"), actor("the Kremlin", "organization")])
    assert names.same(actor_id("President Putin"), "Vladimir Putin")
    assert names.same(actor_id("the Kremlin"), "Russia")
    assert not names.same(actor_id("President Putin"), "Russia")


def test_a_full_gold_name_ends_a_longer_extracted_name():
    gold = [{"name": "Simon Coveney", "type": "person"},
            {"name": "Bashar al-Assad", "type": "person"},
            {"name": "Prime Minister", "type": "person"},
            {"name": "Syrian National Coalition", "type": "organization"}]
    names = names_of(gold, [actor("Tánaiste Simon Coveney"), actor("Syrian leader Bashar al-Assad"),
                            actor("Deputy Prime Minister"),
                            actor("Members of the Syrian National Coalition", "other")])
    assert names.same(actor_id("Tánaiste Simon Coveney"), "Simon Coveney")
    assert names.same(actor_id("Syrian leader Bashar al-Assad"), "Bashar al-Assad")
    assert not names.same(actor_id("Deputy Prime Minister"), "Prime Minister")  # a title
    assert not names.same(actor_id("Members of the Syrian National Coalition"),
                          "Syrian National Coalition")  # persons' names only


def test_a_name_not_in_the_gold_actors_is_compared_as_it_is():
    names = names_of([], [actor("Ann Lee")])
    assert names.same(actor_id("Ann Lee"), "ann  lee") and not names.same(None, "Ann Lee")
    assert names.same(None, None)


# Statements and speakers


def test_statement_matches_with_half_of_the_gold_span():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [statement((WE[0], WE[0] + 6), "Ann Lee")],
                          "actors": [actor("Ann Lee")]})
    score = score_statements(gold, TEXT, ex)
    c = score.counts["statements"]
    assert (c.tp, c.pred, c.gold, score.ratio("speaker_strict").right) == (1, 1, 1, 1)


def test_statement_below_half_overlap_does_not_match():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [statement((WE[0], WE[0] + 4), "Ann Lee")]})
    score = score_statements(gold, TEXT, ex)
    assert score.counts["statements"].tp == 0
    assert [(e.kind, e.text) for e in score.errors] == [("missed", "We will talk"),
                                                         ("extra", "x")]


def test_one_prediction_matches_one_gold_statement_only():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"},
                           {"text": "We will", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {"statements": [statement(WE, "Ann Lee")]})
    assert score_statements(gold, TEXT, ex).counts["statements"].tp == 1


def test_joint_speakers_strict_and_lenient():
    """Five gold statements over the same text span, five predictions in gold order:
    both speakers (link table) -> strict and lenient; one of two -> lenient only; another
    actor -> neither; null gold with no speaker -> both; null gold with a speaker -> neither.
    Strict 2/5, lenient 3/5."""
    gold = {
        "actors": [{"name": "Ann Lee", "type": "person", "aliases": ["Lee"]},
                   {"name": "Bo Chen", "type": "person"}, {"name": "Cy Dorn", "type": "person"}],
        "statements": [
            {"text": "We will talk", "speakers": ["Ann Lee", "Bo Chen"]},
            {"text": {"text": "We will talk", "occurrence": 0}, "speakers": ["Ann Lee", "Bo Chen"]},
            {"text": "We will tal", "speakers": ["Ann Lee", "Bo Chen"]},
            {"text": "We will ta", "speaker": None},
            {"text": "We will t", "speaker": None},
        ],
    }
    rows = [statement(WE, None, "st_ab"), statement(WE, "Lee", "st_a"),
            statement(WE, "Cy Dorn", "st_c"), statement(WE, None, "st_none"),
            statement(WE, "Ann Lee", "st_ann")]
    ex = Extraction("t", {
        "statements": rows,
        "statement_speakers": [{"statement_id": "st_ab", "actor_id": actor_id("Bo Chen")},
                               {"statement_id": "st_ab", "actor_id": actor_id("Lee")}],
        "actors": [actor("Lee"), actor("Ann Lee"), actor("Bo Chen"), actor("Cy Dorn")],
    })
    score = score_statements(gold, TEXT, ex)
    strict, lenient = score.ratio("speaker_strict"), score.ratio("speaker_lenient")
    assert (strict.right, lenient.right, strict.total) == (2, 3, 5)
    assert [e.kind for e in score.errors] == ["one of the joint speakers", "wrong speaker",
                                              "wrong speaker"]


def test_two_extracted_speakers_for_one_gold_speaker_are_wrong():
    gold = {"statements": [{"text": "We will talk", "speaker": "Ann Lee"}]}
    ex = Extraction("t", {
        "statements": [statement(WE, "Ann Lee")],
        "statement_speakers": [{"statement_id": "st_1", "actor_id": actor_id("Ann Lee")},
                               {"statement_id": "st_1", "actor_id": actor_id("Bo Chen")}],
        "actors": [actor("Ann Lee"), actor("Bo Chen")],
    })
    score = score_statements(gold, TEXT, ex)
    assert (score.ratio("speaker_strict").right, score.ratio("speaker_lenient").right) == (0, 0)


# Meetings and their dates


def row(date: dt.date | None, precision: str) -> dict:
    return {"start_date": date, "date_precision": precision}


def test_a_month_gold_date_takes_any_day_or_the_month():
    gold = {"date": "2007-03"}
    assert date_right(gold, row(dt.date(2007, 3, 15), "day"))
    assert date_right(gold, row(dt.date(2007, 3, 1), "month"))
    assert not date_right(gold, row(dt.date(2007, 3, 5), "week"))
    assert not date_right(gold, row(dt.date(2007, 4, 1), "day"))
    assert not date_right(gold, row(None, "unknown"))


def test_a_day_gold_date_needs_that_day():
    gold = {"date": dt.date(2014, 1, 28)}
    assert date_right(gold, row(dt.date(2014, 1, 28), "day"))
    assert not date_right(gold, row(dt.date(2014, 1, 1), "month"))
    assert not date_right(gold, row(dt.date(2014, 1, 27), "day"))
    two_days = {"date": dt.date(2005, 5, 16), "end_date": dt.date(2005, 5, 17)}
    assert date_right(two_days, row(dt.date(2005, 5, 17), "day"))


def test_meeting_dates_are_scored_over_matched_meetings_with_a_gold_date():
    """Three gold meetings; two matched, one of them dated: date accuracy 1/1, status 1/2."""
    met, talk = TEXT.index("met in Arlo"), TEXT.index("talk")
    gold = {"meetings": [
        {"mentions": ["met in Arlo"], "date": "2022-01", "status": "held"},
        {"mentions": ["We will talk"], "date": None, "status": "planned"},
        {"mentions": ["Report"], "date": "2022-01-10", "status": "held"},
    ]}
    ex = Extraction("t", {
        "meetings": [{"meeting_id": "mt_1", "status": "held", "text": "met",
                      "start_date": dt.date(2022, 1, 9), "date_precision": "day"},
                     {"meeting_id": "mt_2", "status": "held", "text": "talk",
                      "start_date": None, "date_precision": "unknown"}],
        "meeting_mentions": [{"meeting_id": "mt_1", "char_start": met, "char_end": met + 3},
                             {"meeting_id": "mt_2", "char_start": talk, "char_end": talk + 4}],
    })
    score = score_meetings(gold, TEXT, ex)
    c = score.counts["meetings"]
    assert (c.tp, c.pred, c.gold) == (2, 2, 3)
    assert (score.ratio("meeting_date").right, score.ratio("meeting_date").total) == (1, 1)
    assert (score.ratio("meeting_status").right, score.ratio("meeting_status").total) == (1, 2)


# Demands and responses


def demand(demander: str, addressee: str | None, status: str = "made") -> dict:
    start = TEXT.index("to leave")
    return {"demand_id": "dm_1", "char_start": start, "char_end": start + 8, "text": "to leave",
            "demander_id": actor_id(demander),
            "addressee_id": actor_id(addressee) if addressee else None, "status": status}


DEMAND_GOLD = {
    "actors": [{"name": "Ann Lee", "type": "person", "aliases": ["Lee"]},
               {"name": "Bo", "type": "person"}],
    "demands": [{"demander": "Ann Lee", "addressee": "Bo", "demand": "to leave",
                 "status": "rejected", "responses": [{"responder": "Bo", "response": "rejected"}]}],
}


def test_demand_needs_the_same_demander_by_name():
    rows = [actor("Minister Lee"), actor("Bo"), actor("Cy")]
    wrong = Extraction("t", {"demands": [demand("Cy", "Bo")], "actors": rows})
    assert score_demands(DEMAND_GOLD, TEXT, wrong).counts["demands"].tp == 0
    right = Extraction("t", {"demands": [demand("Minister Lee", None, "rejected")],
                             "actors": rows})
    score = score_demands(DEMAND_GOLD, TEXT, right)
    assert score.counts["demands"].tp == 1 and score.ratio("demand_status").right == 1
    assert (score.ratio("demand_addressee").right, score.ratio("demand_addressee").total) == (0, 1)


def test_response_needs_the_same_responder_by_name_and_kind():
    rows = [actor("Ann Lee"), actor("Bo", aliases="Mr. Bo")]
    responses = [{"response_id": "rs_1", "demand_id": "dm_1", "responder_id": actor_id("Bo"),
                  "response": "rejected", "text": "no"},
                 {"response_id": "rs_2", "demand_id": "dm_1", "responder_id": actor_id("Bo"),
                  "response": "accepted", "text": "yes"}]
    ex = Extraction("t", {"demands": [demand("Ann Lee", "Bo", "rejected")],
                          "demand_responses": responses, "actors": rows})
    c = score_responses(DEMAND_GOLD, TEXT, ex).counts["responses"]
    assert (c.tp, c.pred, c.gold) == (1, 2, 1)


# Actor typing


def test_actor_typing_counts():
    """Gold: Ann Lee (person), Arlo (country), Arlo officials (group), Foreign Ministry
    (organisation, not extracted); place Bontown. Extracted: Ann Lee person (right), Arlo
    person (wrong; a person that is a gold country), Arlo officials other (wrong; a group typed
    other), Bontown person (a gold place), Talks Stall person seen only in the headline and Bo
    Chen person in the body (no gold actor). Typing 1/3; 5 persons: 1 place, 1 country, 2
    unknown of which 1 only in the headline."""
    gold = {"actors": [{"name": "Ann Lee", "type": "person"},
                       {"name": "Arlo", "type": "country", "aliases": ["Arlo government"]},
                       {"name": "Arlo officials", "type": "group", "of": "Arlo"},
                       {"name": "Foreign Ministry", "type": "organization"}],
            "places": ["Bontown"]}
    rows = [actor("Ann Lee"), actor("Arlo"), actor("Arlo officials", "other"), actor("Bontown"),
            actor("Talks Stall"), actor("Bo Chen")]
    mentions = [{"actor_id": actor_id("Talks Stall"), "char_start": 0, "char_end": 6},
                {"actor_id": actor_id("Talks Stall"), "char_start": 50, "char_end": 52,
                 "method": "pronoun"},  # a pronoun does not make it more than a headline word
                {"actor_id": actor_id("Bo Chen"), "char_start": 40, "char_end": 42}]
    ex = Extraction("t", {"actors": rows, "actor_mentions": mentions})
    score = score_actors(gold, ex, headline=(0, 6))
    typing = score.ratio("actor_type")
    assert (typing.right, typing.total) == (1, 3)
    assert score.tallies == {"gold_actors": 4, "gold_actors_found": 3, "groups_found": 1,
                             "groups_typed_other": 1, "persons": 5, "persons_places": 1,
                             "persons_other_actors": 1, "persons_unknown": 2,
                             "persons_headline_only": 1}
    assert score.names["persons_unknown"] == ["Talks Stall", "Bo Chen"]
    assert score.names["persons_headline_only"] == ["Talks Stall"]


# Parts, reports and the quality file


def test_parts_put_the_held_out_texts_first_and_never_inspect_them():
    parts = load_parts()
    assert list(parts) == ["heldout", "dev", "fixtures"]
    assert parts["heldout"].frozen_in == ("475551c", "42b46cb") and not parts["heldout"].inspect
    assert parts["fixtures"].gold_dir == GOLD and parts["dev"].inspect


def test_the_quality_file_is_keyed_by_extractor_version(tmp_path: Path):
    path = tmp_path / "quality.json"
    assert load_quality("v1", path) is None
    save_quality("v1", {"measured_on": "2026-01-01", "heldout": {"texts": 40}}, path)
    save_quality("v2", {"measured_on": "2026-01-02"}, path)
    assert load_quality("v1", path) == {"measured_on": "2026-01-01", "heldout": {"texts": 40}}
    assert load_quality("v3", path) is None and path.read_text().endswith("}\n")


def test_details_are_refused_for_the_held_out_part(capsys):
    assert main(["eval", "--part", "heldout", "--details"]) == 2
    assert "never inspected record by record" in capsys.readouterr().err
    part = Part("heldout", "Held-out", GOLD, "texts", inspect=False)
    assert format_details(PartResult(part, {})) == [HELDOUT_REFUSAL]


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:
    return Extractor.load()


@pytest.fixture(scope="module")
def fixtures(extractor) -> PartResult:
    return evaluate_part(load_parts()["fixtures"], extractor)


def test_fixture_scores_meet_the_targets(fixtures):
    f = fixtures.figures
    for name in ("statements", "meetings", "demands"):
        assert f[name]["recall"] >= 0.90, name
        assert f[name]["precision"] >= 0.85, name
    assert f["speaker_accuracy"]["strict"] >= 0.95
    assert f["foreign_passage_records"] == 0


def test_every_fixture_gold_file_is_scored(fixtures):
    files = list(GOLD.glob("*.gold.yaml"))
    assert len(fixtures.per_text) == fixtures.figures["texts"] == len(files)


def test_a_part_that_is_not_inspected_keeps_no_text_and_no_error(extractor, tmp_path):
    seed = (GOLD / "seed.gold.yaml").read_text(encoding="utf-8")
    seeds = (GOLD.parent.parent / "seeds").as_posix()
    (tmp_path / "seed.gold.yaml").write_text(seed.replace("../../seeds", seeds), encoding="utf-8")
    result = evaluate_part(Part("heldout", "Held-out", tmp_path, "texts", ("abc1234",), False),
                           extractor)
    assert result.figures["texts"] == 1 and result.figures["frozen_in"] == ["abc1234"]
    assert result.per_text == {} and result.total.errors == [] and result.total.names == {}
    assert "gold frozen in abc1234" in "\n".join(format_figures("heldout", result.figures))


def test_throughput_counts_words_per_second(extractor):
    figures = throughput(extractor, repeats=2)
    assert figures["repeats"] == 2 and figures["words"] > 1000 and figures["words_per_second"] > 0


def test_a_torn_quality_file_means_no_figures_not_a_crash(tmp_path, caplog) -> None:
    from pipeline.evaluation.quality import load_quality

    path = tmp_path / "quality.json"
    path.write_text('{"abc": {"heldout": ', encoding="utf-8")
    with caplog.at_level("WARNING"):
        assert load_quality("abc", path) is None
    assert "unreadable" in caplog.text
