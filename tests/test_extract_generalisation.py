"""General rules added for unseen news: capitals and demonyms of the world, coordinated
demanders, nominal demands, response linking, trailing attributions, meeting status."""

from __future__ import annotations

import datetime as dt

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"


def _demands(ex, names):
    n = names(ex)
    return [
        (n[d["demander_id"]], n.get(d["addressee_id"]), d["demand"], d["status"])
        for d in ex.tables["demands"]
    ]


def _responses(ex, names):
    n = names(ex)
    by_id = {d["demand_id"]: d for d in ex.tables["demands"]}
    return sorted(
        (n[r["responder_id"]], r["response"], n[by_id[r["demand_id"]]["demander_id"]])
        for r in ex.tables["demand_responses"]
    )


def test_capital_as_agent_stands_for_its_country(extract, names):
    ex = extract(HEAD + "Minsk rejected the accusations. Talks in Warsaw ended on Monday.")
    actors = {a["name"]: a["type"] for a in ex.tables["actors"]}
    assert actors.get("Belarus") == "country"
    assert "Minsk" not in actors and "Warsaw" not in actors and "Poland" not in actors
    assert ex.tables["meetings"][0]["location"] == "Warsaw"


def test_capital_in_reported_clause_is_the_addressee(extract, names):
    ex = extract(HEAD + "Beijing insists that Canberra must drop its complaints.")
    assert _demands(ex, names) == [
        ("China", "Australia", "Canberra must drop its complaints", "made")
    ]


def test_demonym_of_any_country_names_the_country(extract, names):
    ex = extract(
        HEAD + "Kenya urged Somalia to reopen the border. "
        "The Somali Foreign Ministry rejected the demand."
    )
    assert _responses(ex, names) == [("Somali Foreign Ministry", "rejected", "Kenya")]


def test_rejection_answers_the_demands_made_of_the_responder(extract, names):
    ex = extract(
        HEAD + "Lithuania and Poland have demanded that Belarus reopen the crossings. "
        "Donald Tusk called for an emergency meeting of the European Council. "
        "The Belarusian Foreign Ministry rejected the demands."
    )
    rows = _demands(ex, names)
    assert ("Lithuania", "Belarus", "Belarus reopen the crossings", "rejected") in rows
    assert ("Poland", "Belarus", "Belarus reopen the crossings", "rejected") in rows
    assert any(r[0] == "Donald Tusk" and r[3] == "made" for r in rows)
    ids = [d["demand_id"] for d in ex.tables["demands"]]
    assert len(ids) == len(set(ids))


def test_called_for_meeting_is_a_demand_not_a_meeting(extract):
    ex = extract(HEAD + "Rwanda called for a regional summit on the crisis.")
    assert ex.tables["meetings"] == []
    assert [d["demand"] for d in ex.tables["demands"]] == ["a regional summit on the crisis"]


def test_refused_calls_to_do_x_is_a_rejected_demand(extract, names):
    ex = extract(HEAD + "Australia refused Chinese calls to lift restrictions on investment.")
    assert _demands(ex, names) == [
        ("China", "Australia", "to lift restrictions on investment", "rejected")
    ]
    assert _responses(ex, names) == [("Australia", "rejected", "China")]


def test_first_person_expectation_in_a_quote_is_a_demand(extract, names):
    ex = extract(HEAD + '"We expect Minsk to restore traffic within days," Ana Berg said.')
    assert _demands(ex, names) == [
        ("Ana Berg", "Belarus", "Minsk to restore traffic within days", "made")
    ]


def test_trailing_attribution_wins_over_continuation(extract, speaker):
    ex = extract(
        HEAD + '"We will not move," Ana Berg said. Opposition leader Tom Reed questioned '
        'whether the talks could succeed. "Why should we trust them?" he asked.'
    )
    assert speaker(ex, "Why should we trust them?") == "Tom Reed"
    row = next(s for s in ex.tables["statements"] if s["text"] == "Why should we trust them?")
    assert row["cue"] == "ask"


def test_asked_whether_is_not_the_replier_speaking(extract):
    ex = extract(HEAD + "Asked whether Uruguay would leave the bloc, he replied that it would not.")
    assert all("whether" not in s["text"] for s in ex.tables["statements"])


def test_inverted_reported_speech(extract, speaker):
    ex = extract(
        HEAD + "The ministers will meet again in Lima next month, the Chilean delegation said."
    )
    assert speaker(ex, "The ministers will meet again in Lima next month") == "Chile"


def test_reported_clause_keeps_its_closing_bracket(extract):
    ex = extract(
        HEAD + "Ana Berg said that Kenya must drop its cases at the World Trade Organization (WTO)."
    )
    texts = [s["text"] for s in ex.tables["statements"]]
    assert "Kenya must drop its cases at the World Trade Organization (WTO)" in texts


def test_portfolio_words_are_titles_not_organisations(extract):
    ex = extract(HEAD + "China's Commerce Minister Wang Wentao said the talks were useful.")
    assert "Commerce" not in {a["name"] for a in ex.tables["actors"]}


def test_ahead_of_a_summit_is_planned(extract):
    ex = extract(HEAD + "Tensions rose ahead of a regional summit in Vilnius.")
    assert [m["status"] for m in ex.tables["meetings"]] == ["planned"]


def test_next_week_has_week_precision(extract):
    ex = extract(
        HEAD + "Ana Berg said officials would meet again next week in Singapore.",
        published=dt.date(2023, 6, 16),
    )
    row = ex.tables["meetings"][0]
    assert (row["start_date"], row["date_precision"]) == (dt.date(2023, 6, 19), "week")


def test_press_conference_speaker_participates(extract, names):
    ex = extract(HEAD + '"We will not compromise," Ana Berg told a press conference in Oslo.')
    parts = [names(ex)[p["actor_id"]] for p in ex.tables["meeting_participants"]]
    assert parts == ["Ana Berg"]


def test_the_rebels_are_the_rebel_group_named_before(extract, names):
    ex = extract(
        HEAD + "Talks with the rebel Popular Liberation Front (FPL) resumed. Kinshasa gave the "
        "FPL an ultimatum to disarm within 72 hours. The rebels rejected the ultimatum."
    )
    assert _responses(ex, names) == [
        ("Popular Liberation Front", "rejected", "Democratic Republic of the Congo")
    ]


def test_bare_weekday_of_the_publication_day_is_that_day(lexicon):
    from pipeline.extract.dates import resolve_date

    friday, words = dt.date(2023, 6, 16), lexicon.date_words
    assert resolve_date("on Friday", friday, words, False) == (friday, "day")
    assert resolve_date("last Friday", friday, words, False) == (dt.date(2023, 6, 9), "day")
