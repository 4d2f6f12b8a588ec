"""Date expressions resolved against the publication date (dateparser underneath)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import UNKNOWN, When, resolve_date

pytest_plugins = ["tests.conftest_extract"]

PUBLISHED = dt.date(2022, 1, 13)  # a Thursday


def resolve(text, published, words, future):
    """The date found, without whether it lies ahead (tested on its own)."""
    found = resolve_date(text, published, words, future)
    return When(found.start, found.end, found.precision)


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("today", None, When(PUBLISHED, None, "day")),
        ("yesterday", None, When(dt.date(2022, 1, 12), None, "day")),
        ("on Monday", False, When(dt.date(2022, 1, 10), None, "day")),
        ("on Monday", True, When(dt.date(2022, 1, 17), None, "day")),
        ("on 10 January", None, When(dt.date(2022, 1, 10), None, "day")),
        ("on December 28", None, When(dt.date(2021, 12, 28), None, "day")),
        ("Jan. 10", False, When(dt.date(2022, 1, 10), None, "day")),
        ("9 January 2020", None, When(dt.date(2020, 1, 9), None, "day")),
        ("in March", None, When(dt.date(2022, 3, 1), None, "month")),
        ("in March", False, When(dt.date(2021, 3, 1), None, "month")),
        ("next month", None, When(dt.date(2022, 2, 1), None, "month")),
        ("next month's", True, When(dt.date(2022, 2, 1), None, "month")),
        ("later this month", True, When(dt.date(2022, 1, 1), None, "month")),
        ("late Tuesday", False, When(dt.date(2022, 1, 11), None, "day")),
        ("this afternoon", False, When(PUBLISHED, None, "day")),
        ("in 2012", False, When(dt.date(2012, 1, 1), None, "year")),
        ("soon", None, UNKNOWN),
    ],
)
def test_resolve_date(lexicon, text, future, expected):
    assert resolve(text, PUBLISHED, lexicon.date_words, future) == expected


def test_next_week_has_week_precision(lexicon):
    found = resolve("next week", PUBLISHED, lexicon.date_words, True)
    assert found == When(dt.date(2022, 1, 17), None, "week")  # the week's Monday


@pytest.mark.parametrize(
    ("text", "future", "start", "end"),
    [
        ("Feb. 8-12", True, dt.date(2022, 2, 8), dt.date(2022, 2, 12)),
        ("8-12 February", True, dt.date(2022, 2, 8), dt.date(2022, 2, 12)),
        ("Tuesday and Wednesday", True, dt.date(2022, 1, 18), dt.date(2022, 1, 19)),
        ("from Monday to Wednesday", False, dt.date(2022, 1, 10), dt.date(2022, 1, 12)),
    ],
)
def test_a_range_has_a_start_and_an_end(lexicon, text, future, start, end):
    assert resolve(text, PUBLISHED, lexicon.date_words, future) == When(start, end, "day")


@pytest.mark.parametrize(
    "text", ["four days", "14 months", "a year", "nearly three hours", "two-day"]
)
def test_a_length_of_time_is_no_date(lexicon, text):
    assert resolve(text, PUBLISHED, lexicon.date_words, False) == UNKNOWN


def test_a_length_anchored_to_publication_is_a_date(lexicon):
    found = resolve("two weeks ago", PUBLISHED, lexicon.date_words, False)
    assert found == When(dt.date(2021, 12, 27), None, "week")


def test_bare_weekday_of_the_publication_day_is_that_day(lexicon):
    friday, words = dt.date(2023, 6, 16), lexicon.date_words
    assert resolve("on Friday", friday, words, False) == When(friday, None, "day")
    assert resolve("last Friday", friday, words, False) == When(dt.date(2023, 6, 9), None, "day")


def test_no_publication_date_resolves_nothing(lexicon):
    assert resolve("on Monday", None, lexicon.date_words, False) == UNKNOWN


@pytest.mark.parametrize(
    ("text", "future", "ahead"),
    [
        ("later this month", None, True),  # the month has begun; the date is still to come
        ("next week", True, True),
        ("on Monday", True, True),
        ("on Monday", False, False),
        ("this month", None, False),
        ("yesterday", None, False),
    ],
)
def test_a_date_says_whether_it_lies_ahead(lexicon, text, future, ahead):
    assert resolve_date(text, PUBLISHED, lexicon.date_words, future).ahead is ahead


def test_a_vague_date_is_no_date(lexicon):
    assert resolve_date("more than nine months ago", PUBLISHED, lexicon.date_words, None) == UNKNOWN


@pytest.mark.parametrize("which", ["this", "next", "last"])  # dateparser reads no "coming week"
@pytest.mark.parametrize("unit", ["week", "month", "year"])
def test_worked_out_units_read_as_dateparser_reads_them(lexicon, which, unit):
    """The shortcut for "next month" and the like gives what dateparser gives, on any day."""
    from pipeline.extract import dates

    words = lexicon.date_words
    for offset in range(0, 400, 13):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=offset)
        text = f"{which} {unit}"
        assert dates._deictic(words, text, day) == dates._parse(text, day, "past"), (text, day)


@pytest.mark.parametrize("prefer", ["past", "future"])
def test_worked_out_day_names_read_as_dateparser_reads_them(lexicon, prefer):
    """The shortcut for a bare day name gives what dateparser gives, but for the publication
    day's own name (that day, where dateparser moves a week)."""
    from pipeline.extract import dates

    words = lexicon.date_words
    for offset in range(14):
        day = dt.date(2022, 1, 3) + dt.timedelta(days=offset)
        for name in words.weekdays:
            if words.weekdays[name] != day.weekday():
                got = dates._weekday(words, name.capitalize(), day, prefer)
                assert got == dates._parse(name.capitalize(), day, prefer), (name, day)
