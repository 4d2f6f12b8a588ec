"""Resolves absolute and relative date expressions against a publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
MONTH_DAY = re.compile(
    rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I
)
MONTH_YEAR = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{4}})\b", re.I)
MONTH_ONLY = re.compile(rf"\b(?:in|on|during|by)\s+({MONTH_RE})\b", re.I)
YEAR = re.compile(r"\b(?:in\s+)?((?:19|20)\d\d)\b")
WEEKDAY = re.compile(r"\b(?:(last|next|this)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
RELATIVE = re.compile(r"\b(" + "|".join(RELATIVE_DAYS) + r")\b", re.I)
NEXT_UNIT = re.compile(r"\b(next|last|this)\s+(week|month|year)\b", re.I)

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


def _weekday(name: str, which: str | None, published: dt.date, future: bool | None) -> dt.date:
    target = WEEKDAYS[name.lower()]
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
    step = {"next": 1, "last": -1, "this": 0}[which.lower()]
    if unit.lower() == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=step), "week"
    if unit.lower() == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "month"
    return dt.date(published.year + step, 1, 1), "year"


def _absolute(text: str, published: dt.date | None) -> Resolved | None:
    for pattern, order in ((DAY_MONTH, "dm"), (MONTH_DAY, "md")):
        if m := pattern.search(text):
            day_s, month_s = (m.group(1), m.group(2)) if order == "dm" else (m.group(2), m.group(1))
            month, day = MONTHS[month_s.lower()], int(day_s)
            if m.group(3):
                return dt.date(int(m.group(3)), month, day), "day"
            if published is None:
                return None, "unknown"
            return _nearest_year(month, day, published), "day"
    if m := MONTH_YEAR.search(text):
        return dt.date(int(m.group(2)), MONTHS[m.group(1).lower()], 1), "month"
    if (m := MONTH_ONLY.search(text)) and published is not None:
        return _nearest_year(MONTHS[m.group(1).lower()], 1, published), "month"
    if m := YEAR.search(text):
        return dt.date(int(m.group(1)), 1, 1), "year"
    return None


def resolve_date(text: str, published: dt.date | None, future: bool | None = None) -> Resolved:
    """`("on Monday", 2022-01-13, future=False)` -> (2022-01-10, "day"); (None, "unknown")
    when nothing can be resolved. `future` tells which way a bare weekday points."""
    found = _absolute(text, published)
    if found is not None:
        return found
    if published is None:
        return None, "unknown"
    if m := RELATIVE.search(text):
        return published + dt.timedelta(days=RELATIVE_DAYS[m.group(1).lower()]), "day"
    if m := NEXT_UNIT.search(text):
        return _unit(m.group(1), m.group(2), published)
    if m := WEEKDAY.search(text):
        return _weekday(m.group(2), (m.group(1) or "").lower() or None, published, future), "day"
    return None, "unknown"
