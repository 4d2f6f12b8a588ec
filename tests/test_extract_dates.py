"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import resolve_date

pytest_plugins = ["tests.conftest_extract"]

PUBLISHED = dt.date(2022, 1, 13)  # a Thursday


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("today", None, (PUBLISHED, "day")),
        ("yesterday", None, (dt.date(2022, 1, 12), "day")),
        ("on Monday", False, (dt.date(2022, 1, 10), "day")),
        ("on Monday", True, (dt.date(2022, 1, 17), "day")),
        ("on 10 January", None, (dt.date(2022, 1, 10), "day")),
        ("on December 28", None, (dt.date(2021, 12, 28), "day")),
        ("9 January 2020", None, (dt.date(2020, 1, 9), "day")),
        ("in March", None, (dt.date(2022, 3, 1), "month")),
        ("next month", None, (dt.date(2022, 2, 1), "month")),
        ("next week", None, (dt.date(2022, 1, 17), "week")),
        ("soon", None, (None, "unknown")),
    ],
)
def test_resolve_date(lexicon, text, future, expected):
    assert resolve_date(text, PUBLISHED, lexicon.date_words, future) == expected


def test_bare_weekday_of_the_publication_day_is_that_day(lexicon):
    friday, words = dt.date(2023, 6, 16), lexicon.date_words
    assert resolve_date("on Friday", friday, words, False) == (friday, "day")
    assert resolve_date("last Friday", friday, words, False) == (dt.date(2023, 6, 9), "day")
