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
