"""Resolves absolute and relative date expressions against a publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

STEPS = {"next": 1, "last": -1, "this": 0}  # the arithmetic of these words is the code below
NEXT_UNIT = re.compile(r"\b(next|last|this)\s+(week|month|year)\b", re.I)
YEAR = re.compile(r"\b(?:in\s+)?((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class DateWords:
    """The date vocabulary of lexicons/dates.yaml and the patterns built from it."""

    words: dict

    @cached_property
    def months(self) -> dict[str, int]:
        """Month names and abbreviations -> month number ("sep" -> 9)."""
        out = {w: i for i, w in enumerate(self.words["months"], 1)}
        out.update({w: i for i, w in enumerate(self.words["month_abbreviations"], 1)})
        return out

    @cached_property
    def weekdays(self) -> dict[str, int]:
        """Day names -> weekday number (Monday is 0)."""
        return {w: i for i, w in enumerate(self.words["weekdays"])}

    @cached_property
    def relative_days(self) -> dict[str, int]:
        """Relative day words -> days from publication ("yesterday" -> -1)."""
        return dict(self.words["relative_days"])

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Day-month, month-day, month-year, lone month, weekday and relative-day patterns."""
        month = "|".join(sorted(self.months, key=len, reverse=True))
        preps = "|".join(self.words["month_preps"])
        return {
            "day_month": re.compile(
                rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({month})\.?(?:,?\s+(\d{{4}}))?\b", re.I
            ),
            "month_day": re.compile(
                rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I
            ),
            "month_year": re.compile(rf"\b({month})\.?\s+(\d{{4}})\b", re.I),
            "month_only": re.compile(rf"\b(?:{preps})\s+({month})\b", re.I),
            "weekday": re.compile(
                r"\b(?:(last|next|this)\s+)?(" + "|".join(self.weekdays) + r")\b", re.I
            ),
            "relative": re.compile(r"\b(" + "|".join(self.relative_days) + r")\b", re.I),
        }


Resolved = tuple[dt.date | None, str]


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date:
    """The date with that month and day closest to publication."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - published).days))


def _weekday(target: int, which: str | None, published: dt.date, future: bool | None) -> dt.date:
    ahead = (target - published.weekday()) % 7
    if which == "next" or (which is None and future):
        return published + dt.timedelta(days=ahead or 7)
    if which == "this":
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - target) % 7
    if which == "last":
        back = back or 7
    return published - dt.timedelta(days=back)  # "on Friday" in a Friday paper: that day


def _unit(which: str, unit: str, published: dt.date) -> Resolved:
    step = STEPS[which.lower()]
    if unit.lower() == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=step), "week"
    if unit.lower() == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "month"
    return dt.date(published.year + step, 1, 1), "year"


def _absolute(text: str, published: dt.date | None, words: DateWords) -> Resolved | None:
    found, months = words.patterns, words.months
    for pattern, order in ((found["day_month"], "dm"), (found["month_day"], "md")):
        if m := pattern.search(text):
            day_s, month_s = (m.group(1), m.group(2)) if order == "dm" else (m.group(2), m.group(1))
            month, day = months[month_s.lower()], int(day_s)
            if m.group(3):
                return dt.date(int(m.group(3)), month, day), "day"
            if published is None:
                return None, "unknown"
            return _nearest_year(month, day, published), "day"
    if m := found["month_year"].search(text):
        return dt.date(int(m.group(2)), months[m.group(1).lower()], 1), "month"
    if (m := found["month_only"].search(text)) and published is not None:
        return _nearest_year(months[m.group(1).lower()], 1, published), "month"
    if m := YEAR.search(text):
        return dt.date(int(m.group(1)), 1, 1), "year"
    return None


def resolve_date(
    text: str, published: dt.date | None, words: DateWords, future: bool | None = None
) -> Resolved:
    """`("on Monday", 2022-01-13, words, future=False)` -> (2022-01-10, "day"); (None,
    "unknown") when nothing can be resolved. `words`: the lexicon's `date_words`; `future`
    tells which way a bare weekday points."""
    found = _absolute(text, published, words)
    if found is not None:
        return found
    if published is None:
        return None, "unknown"
    if m := words.patterns["relative"].search(text):
        return published + dt.timedelta(days=words.relative_days[m.group(1).lower()]), "day"
    if m := NEXT_UNIT.search(text):
        return _unit(m.group(1), m.group(2), published)
    if m := words.patterns["weekday"].search(text):
        which = (m.group(1) or "").lower() or None
        return _weekday(words.weekdays[m.group(2).lower()], which, published, future), "day"
    return None, "unknown"
