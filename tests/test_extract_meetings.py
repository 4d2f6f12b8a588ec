"""Meetings: one row per event, mentions, participants, location, dates and status."""

from __future__ import annotations

import datetime as dt

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"
PUBLISHED = dt.date(2022, 1, 13)  # a Thursday


def _meeting(ex):
    assert len(ex.tables["meetings"]) == 1, [m["text"] for m in ex.tables["meetings"]]
    return ex.tables["meetings"][0]


def _summary(row):
    keys = ("meeting_type", "status", "location", "start_date", "date_precision", "cameo_code")
    return tuple(row[k] for k in keys)


def test_rows_have_exactly_the_schema_columns(extract, fields):
    ex = extract(HEAD + "Harlan will host the summit in Tarsk on Monday.")
    for table in ("meetings", "meeting_mentions", "meeting_participants"):
        assert ex.tables[table]
        assert all(list(row) == fields(table) for row in ex.tables[table])


def test_people_who_met_today(extract, names):
    ex = extract(
        HEAD
        + "Foreign Minister Lena Ober and her Harlan counterpart Miro Kalev met today in Tarsk."
    )
    assert _summary(_meeting(ex)) == ("meeting", "held", "Tarsk", PUBLISHED, "day", "040")
    people = {names(ex)[r["actor_id"]] for r in ex.tables["meeting_participants"]}
    assert {"Lena Ober", "Miro Kalev"} <= people


def test_planned_meeting_on_monday_is_the_next_monday(extract):
    ex = extract(HEAD + "Ostmark and Harlan will meet on Monday in Arlo.")
    assert _summary(_meeting(ex)) == (
        "meeting",
        "planned",
        "Arlo",
        dt.date(2022, 1, 17),
        "day",
        "040",
    )


def test_talks_on_a_day_and_month_take_the_nearest_year(extract):
    ex = extract(HEAD + "Envoys of Ostmark and Harlan began talks on 10 January in Geneva.")
    assert _summary(_meeting(ex)) == ("talks", "held", "Geneva", dt.date(2022, 1, 10), "day", "046")


def test_talks_next_week_are_planned(extract):
    ex = extract(HEAD + "The two sides will hold talks next week.")
    row = _meeting(ex)
    assert (row["status"], row["start_date"]) == ("planned", dt.date(2022, 1, 17))


def test_ongoing_meeting_today(extract):
    ex = extract(HEAD + "NATO and EU defence ministers are meeting today in Brest.")
    assert _summary(_meeting(ex))[:4] == ("meeting", "ongoing", "Brest", PUBLISHED)


def test_later_mentions_of_the_same_summit_are_one_meeting(extract):
    text = HEAD + (
        "Ostmark and Harlan held a summit in Tarsk on Monday. The summit ended without a deal. "
        "Critics said this summit changed nothing."
    )
    ex = extract(text)
    row = _meeting(ex)
    assert [m["text"] for m in ex.tables["meeting_mentions"]] == [
        "a summit",
        "The summit",
        "this summit",
    ]
    assert {m["meeting_id"] for m in ex.tables["meeting_mentions"]} == {row["meeting_id"]}


def test_press_conference_after_the_meeting_is_its_own_event(extract):
    text = HEAD + (
        "Ostmark and Harlan held talks in Tarsk. Lena Ober gave a press conference after the talks."
    )
    ex = extract(text)
    assert sorted(m["meeting_type"] for m in ex.tables["meetings"]) == ["press_conference", "talks"]


def test_host_role_and_location_from_hosting_city(extract, names):
    ex = extract(HEAD + "Vienna will host the meeting of the League of Coastal Towns (LCT).")
    row = _meeting(ex)
    assert (row["location"], row["status"], row["cameo_code"]) == ("Vienna", "planned", "043")
    parts = {names(ex)[r["actor_id"]]: r["role"] for r in ex.tables["meeting_participants"]}
    assert parts == {"League of Coastal Towns": "participant"}


def test_host_country_is_a_host_participant(extract, names):
    ex = extract(HEAD + "Harlan will host the summit in Tarsk.")
    parts = {names(ex)[r["actor_id"]]: r["role"] for r in ex.tables["meeting_participants"]}
    assert parts == {"Harlan": "host"}


def test_generic_future_meetings_are_not_events(extract):
    ex = extract(HEAD + "Both sides agreed to set a timetable for future meetings.")
    assert ex.tables["meetings"] == []


def test_hypothetical_talks_are_not_events(extract):
    ex = extract(HEAD + "Kalev said talks could begin once the last unit had left.")
    assert ex.tables["meetings"] == []


def test_meeting_id_is_stable_when_other_text_changes(extract):
    body = "Ostmark and Harlan held a summit in Tarsk on Monday."
    first = extract(HEAD + body)
    second = extract(HEAD + "Snow fell overnight.\n\n" + body)
    assert _meeting(first)["meeting_id"] == _meeting(second)["meeting_id"]


def test_seed_has_one_row_per_event(extract, seed):
    ex = extract(seed.text, seed.published)
    found = sorted((m["location"] or "", m["status"]) for m in ex.tables["meetings"])
    assert found == [
        ("", "held"),
        ("", "held"),
        ("Brest", "ongoing"),
        ("Geneva", "held"),
        ("Vienna", "planned"),
    ]


def test_headline_mention_joins_the_event_of_the_lead(extract):
    text = (
        "Ministers agree deal after Solvik summit\n\n"
        "Dravonia and Lusk agreed on Sunday to swap prisoners, ending a summit in Solvik.\n\n"
        "A second round of talks will take place in Marrow on 2 June."
    )
    ex = extract(text)
    by_id = {m["meeting_id"]: m["location"] for m in ex.tables["meetings"]}
    assert {m["text"]: by_id[m["meeting_id"]] for m in ex.tables["meeting_mentions"]} == {
        "Solvik summit": "Solvik",
        "a summit": "Solvik",
        "A second round of talks": "Marrow",
    }


def test_place_named_before_summit_is_not_a_participant(extract, names):
    text = HEAD + "Dravonia and Lusk held the Solvik summit in Solvik on Sunday."
    ex = extract(text)
    parts = {names(ex)[r["actor_id"]] for r in ex.tables["meeting_participants"]}
    assert "Solvik" not in parts


def test_called_for_meeting_is_a_demand_not_a_meeting(extract):
    ex = extract(HEAD + "Rwanda called for a regional summit on the crisis.")
    assert ex.tables["meetings"] == []
    assert [d["demand"] for d in ex.tables["demands"]] == ["a regional summit on the crisis"]


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


# ---- calls, visits, ranges, one record per event, status --------------------------------------


def _people(ex, names):
    return {names(ex)[r["actor_id"]] for r in ex.tables["meeting_participants"]}


def test_spoke_with_by_telephone_is_a_call(extract, names):
    ex = extract(
        HEAD + "Foreign Minister Lena Ober spoke with Harlan's President Ana Berg by telephone"
        " on Tuesday."
    )
    row = _meeting(ex)
    assert _summary(row) == ("call", "held", None, dt.date(2022, 1, 11), "day", "041")
    assert {"Lena Ober", "Ana Berg"} <= _people(ex, names)


def test_called_a_person_is_a_call_but_called_for_is_not(extract):
    assert _meeting(extract(HEAD + "Lena Ober called Ana Berg on Monday."))["meeting_type"] == (
        "call"
    )
    assert extract(HEAD + "Lena Ober and Ana Berg called for calm.").tables["meetings"] == []


def test_spoke_to_reporters_is_no_meeting(extract):
    ex = extract(HEAD + "Lena Ober spoke to reporters in Tarsk on Monday.")
    assert [m["meeting_type"] for m in ex.tables["meetings"]] != ["call"]


def test_travel_to_a_place_next_month_is_a_planned_visit(extract, names):
    ex = extract(HEAD + "Lena Ober will travel to Tarsk next month.")
    row = _meeting(ex)
    assert _summary(row) == ("visit", "planned", "Tarsk", dt.date(2022, 2, 1), "month", "042")
    assert _people(ex, names) == {"Lena Ober"}


def test_meetings_on_two_days_have_a_start_and_an_end(extract):
    ex = extract(HEAD + "Meetings are scheduled for Tuesday and Wednesday in Arlo.")
    row = _meeting(ex)
    assert (row["status"], row["start_date"], row["end_date"]) == (
        "planned",
        dt.date(2022, 1, 18),
        dt.date(2022, 1, 19),
    )


def test_a_day_range_gives_start_and_end(extract):
    ex = extract(HEAD + "Envoys of Ostmark and Harlan held talks in Arlo from 3 to 5 January.")
    row = _meeting(ex)
    assert (row["start_date"], row["end_date"], row["date_precision"]) == (
        dt.date(2022, 1, 3),
        dt.date(2022, 1, 5),
        "day",
    )


def test_talks_mentioned_many_ways_are_one_meeting(extract):
    text = HEAD + (
        "Talks on the border dispute are stuck in Arlo. "
        "A new round of talks between Ostmark, Harlan and Veld began on Monday. "
        "Aides said the mediation talks have stalled."
    )
    ex = extract(text)
    row = _meeting(ex)
    assert (row["status"], row["start_date"], row["location"]) == (
        "ongoing",
        dt.date(2022, 1, 10),
        "Arlo",
    )


def test_another_round_of_talks_is_another_meeting(extract):
    text = HEAD + (
        "Ostmark and Harlan held talks in Arlo on Monday. "
        "They will hold another round of talks in Tarsk in March."
    )
    ex = extract(text)
    found = sorted((m["location"], m["status"]) for m in ex.tables["meetings"])
    assert found == [("Arlo", "held"), ("Tarsk", "planned")]


def test_a_cancelled_session_did_not_take_place(extract):
    text = HEAD + "Ostmark and Harlan held talks in Arlo. The second session was postponed."
    ex = extract(text)
    status = {m["text"]: m["status"] for m in ex.tables["meetings"]}
    assert status["The second session"] == "planned"


def test_date_of_a_later_summit_is_not_the_date_of_the_talks(extract):
    ex = extract(HEAD + "Ministers met in Arlo for talks before the July summit in Tarsk.")
    talks = [m for m in ex.tables["meetings"] if m["meeting_type"] == "talks"]
    assert [(m["location"], m["start_date"]) for m in talks] == [("Arlo", None)]


def test_a_headline_in_the_present_is_the_publication_day(extract):
    ex = extract("Ober Meets Berg in Tarsk\n\nThe two leaders discussed trade.")
    row = _meeting(ex)
    assert (row["start_date"], row["date_precision"], row["confidence"]) == (
        dt.date(2022, 1, 13),
        "day",
        0.8,
    )


def test_quoted_meeting_with_a_place_counts(extract):
    ex = extract(HEAD + '"The talks in Arlo this morning were frank," Lena Ober said.')
    assert [(m["meeting_type"], m["location"]) for m in ex.tables["meetings"]] == [
        ("talks", "Arlo")
    ]


def test_quoted_meeting_without_place_or_date_does_not(extract):
    ex = extract(HEAD + '"Talks are the only way," Lena Ober said.')
    assert ex.tables["meetings"] == []


def test_meeting_a_target_is_no_meeting(extract):
    ex = extract(HEAD + "Ostmark failed to meet the targets of the Harlan Council.")
    assert ex.tables["meetings"] == []


def test_talks_scheduled_to_conclude_are_under_way_until_that_day(extract):
    ex = extract(HEAD + "Harlan has scheduled the Arlo summit to end on Monday.")
    row = _meeting(ex)
    assert (row["status"], row["end_date"]) == ("ongoing", dt.date(2022, 1, 17))


def test_an_undated_meeting_takes_the_day_of_the_one_told_before(extract):
    text = HEAD + (
        "Envoys of Ostmark and Harlan resumed talks in Arlo on Monday. "
        "After landing, Lena Ober held a meeting with Ana Berg."
    )
    ex = extract(text)
    dated = {m["meeting_type"]: (m["start_date"], m["confidence"]) for m in ex.tables["meetings"]}
    assert dated == {"talks": (dt.date(2022, 1, 10), 1.0), "meeting": (dt.date(2022, 1, 10), 0.8)}


def test_agreeing_to_resume_a_dialogue_plans_it(extract):
    ex = extract(HEAD + "Ostmark and Harlan agreed to resume the dialogue at a high level.")
    assert [(m["meeting_type"], m["status"]) for m in ex.tables["meetings"]] == [
        ("talks", "planned")
    ]


def test_update_on_conversations_is_not_planned(extract):
    ex = extract(HEAD + "Lena Ober called Ana Berg to brief her on the conversations with Veld.")
    assert {m["status"] for m in ex.tables["meetings"]} == {"held"}


def test_quoted_meeting_held_with_a_named_side_counts(extract):
    ex = extract(HEAD + '"We held a meeting with Ana Berg, and she listened," Lena Ober said.')
    assert [(m["meeting_type"], m["status"]) for m in ex.tables["meetings"]] == [
        ("meeting", "held")
    ]


def test_flying_back_to_a_place_is_a_planned_trip(extract):
    ex = extract(HEAD + "The minister said: I am flying back to Tarsk.")
    assert [(m["meeting_type"], m["status"], m["location"]) for m in ex.tables["meetings"]] == [
        ("visit", "planned", "Tarsk")
    ]


def test_ministers_of_two_countries_are_their_countries(extract, names):
    ex = extract(HEAD + "The foreign ministers of Ostmark and Harlan began talks in Arlo.")
    assert {"Ostmark", "Harlan"} <= _people(ex, names)
