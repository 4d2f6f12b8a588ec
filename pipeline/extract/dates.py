"""Resolves date expressions (spaCy's DATE and TIME spans) against a publication date with
`dateparser`, keeping their precision; a range ("8-12 May", "Tuesday and Wednesday") gives a start
and an end. Results are cached: a source repeats its dates, and dateparser is slow."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from functools import cached_property

from dateparser.date import DateDataParser

PRECISIONS = {"day": "day", "part_of_day": "day", "week": "week", "month": "month", "year": "year"}
RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class DateWords:
    """The date vocabulary of lexicons/dates.yaml."""

    words: dict

    def _set(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in self.words.get(key) or ())

    @cached_property
    def weekdays(self) -> dict[str, int]:
        """Day names -> weekday number (Monday is 0)."""
        return {w: i for i, w in enumerate(self.words["weekdays"])}

    @cached_property
    def qualifiers(self) -> re.Pattern[str]:
        """Leading words that narrow a date without moving it ("later this month", "late
        Wednesday", "as early as June"): dropped before parsing."""
        words = sorted(self._set("qualifiers"), key=len, reverse=True)
        return re.compile(r"^(?:(?:" + "|".join(map(re.escape, words)) + r")\s+)+", re.I)

    @cached_property
    def range_marks(self) -> re.Pattern[str]:
        """What joins the two ends of a range ("8-12 May", "Monday to Wednesday")."""
        words = "|".join(map(re.escape, sorted(self._set("range_words"), key=len, reverse=True)))
        return re.compile(rf"\s*[-–—]\s*|\s+(?:{words})\s+", re.I)

    @cached_property
    def durations(self) -> frozenset[str]:
        """Units of a length of time ("four days", "a decade of talks"): not a date."""
        units = self._set("duration_units")
        return units | {u + "s" for u in units}

    @cached_property
    def anchors(self) -> frozenset[str]:
        """Words that turn a length into a date ("two weeks ago", "two weeks from now")."""
        return self._set("duration_anchors")

    @cached_property
    def cues(self) -> frozenset[str]:
        """Words without which a phrase names no date ("the past", "recent days"): month names
        and their first three letters, day names, relative days and deictic words."""
        months = self._set("months")
        days = self._set("weekdays") | frozenset(self.words.get("relative_days") or ())
        return months | {m[:3] for m in months} | days | self.deictic | self.ahead | self.anchors

    @cached_property
    def steps(self) -> dict[str, int]:
        """Deictic words -> units from the publication's ("last" -> -1)."""
        return {str(k).lower(): int(v) for k, v in (self.words.get("unit_steps") or {}).items()}

    @cached_property
    def vague(self) -> frozenset[str]:
        """Words of a vague date ("more than", "nearly")."""
        return self._set("vague_words")

    def may_date(self, text: str) -> bool:
        """Whether a phrase can name a date: a digit or a cue word, and no vague word ("more
        than nine months ago", "nearly a year ago"); the gate before the (slow) parser."""
        tokens = text.lower().replace(".", " ").replace("-", " ").split()
        if any(t in self.vague for t in tokens):
            return False
        return any(t.isdigit() or t in self.cues or t[:3] in self.cues for t in tokens)

    def fixed(self, text: str) -> bool:
        """Whether a phrase points one way only: it names a year or a relative day or week
        ("in 2012", "yesterday", "next week"), so the tense need not choose."""
        tokens = text.lower().split()
        relative = frozenset(self.words.get("relative_days") or ()) | self.deictic | self.anchors
        return any((t.isdigit() and len(t) == 4) or t in relative for t in tokens)

    def absolute(self, text: str) -> bool:
        """Whether a phrase names its year and nothing relative ("13 May 2023", "May 2023")."""
        tokens = text.lower().replace(",", " ").split()
        relative = frozenset(self.words.get("relative_days") or ()) | self.deictic | self.anchors
        year = any(t.isdigit() and len(t) == 4 for t in tokens)
        return year and not any(t in relative or t in self.weekdays for t in tokens)

    @cached_property
    def ahead(self) -> frozenset[str]:
        """Words of a date still to come, within a unit that may have begun ("later this
        month", "the coming week")."""
        return self._set("ahead_words")

    @cached_property
    def deictic(self) -> frozenset[str]:
        """Words that make a unit a date ("next week", "last month", "this year")."""
        return self._set("deictic")


@dataclass(frozen=True)
class When:
    """A resolved date: the start, the end of a range (else None) and the precision."""

    start: dt.date | None
    end: dt.date | None = None
    precision: str = "unknown"
    ahead: bool = False  # the phrase points past publication ("later this month")
    assumed: bool = False  # not said, inferred (a headline's present tense)


UNKNOWN = When(None)
ANY_DAY = dt.date(2000, 1, 1)  # the parse base of a phrase that names its year


@functools.lru_cache(maxsize=64)
def _parser(published: dt.date, prefer: str) -> DateDataParser:
    base = dt.datetime(published.year, published.month, published.day, 12)
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": prefer,
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


@functools.lru_cache(maxsize=4096)
def _parse(text: str, published: dt.date, prefer: str) -> When:
    """One date expression through dateparser: start and precision, else UNKNOWN."""
    found = _parser(published, prefer).get_date_data(text)
    precision = PRECISIONS.get(found.period or "")
    if found.date_obj is None or precision is None:
        return UNKNOWN
    day = found.date_obj.date()
    if precision == "week":  # a week is named by its Monday
        day -= dt.timedelta(days=day.weekday())
    elif precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return When(day, None, precision)


def _is_duration(words: DateWords, text: str) -> bool:
    """ "four days", "a year", "14 months": a length, unless anchored ("two weeks ago")."""
    tokens = text.lower().replace("-", " ").split()  # "a two-day summit"
    if any(t in words.anchors for t in tokens):
        return False
    deictic = words.deictic
    return any(t in words.durations for t in tokens) and not any(t in deictic for t in tokens)


def _weekday(words: DateWords, text: str, published: dt.date, prefer: str) -> When | None:
    """A bare day name ("Monday", the commonest date of news) is the nearest such day before
    or after publication, as `prefer` says, and the publication day itself when it is that
    day (dateparser would move it a week); worked out here, as dateparser is slow."""
    day = words.weekdays.get(text.lower())
    if day is None:
        return None
    back, ahead = (published.weekday() - day) % 7, (day - published.weekday()) % 7
    step = dt.timedelta(days=ahead if prefer == "future" else -back)
    return When(published + step, None, "day")


def _deictic(words: DateWords, text: str, published: dt.date) -> When | None:
    """ "this month", "last week", "next year" (the commonest dates of news after day names):
    the week's Monday, the month's or year's first day, worked out here as dateparser is slow;
    tests hold it to dateparser's reading."""
    tokens = text.lower().split()
    if len(tokens) != 2 or tokens[0] not in words.steps or tokens[1] not in PRECISIONS:
        return None
    step, unit = words.steps[tokens[0]], tokens[1]
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return When(monday + dt.timedelta(weeks=step), None, "week")
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return When(dt.date(index // 12, index % 12 + 1, 1), None, "month")
    if unit == "year":
        return When(dt.date(published.year + step, 1, 1), None, "year")
    return None


def _one(words: DateWords, text: str, published: dt.date, prefer: str) -> When:
    text = words.qualifiers.sub("", text.strip(" ,.")).strip()
    if not text or _is_duration(words, text):
        return UNKNOWN
    if words.absolute(text):  # "13 May 2023" reads the same on any day: one parse for all
        return _parse(text, ANY_DAY, prefer)
    fast = _weekday(words, text, published, prefer) or _deictic(words, text, published)
    return fast or _parse(text, published, prefer)


def _range(words: DateWords, text: str, published: dt.date, prefer: str) -> When | None:
    """ "8-12 May", "May 8-12", "Tuesday and Wednesday": the two ends, the bare day number of one
    end taking the month of the other."""
    parts = words.range_marks.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(parts):
        return None
    left, right = parts
    if left.strip().isdigit():
        end = _one(words, right, published, prefer)
        if end.start is None or end.precision != "day":
            return None
        start = _day_of(end.start, int(left))
        return When(start, end.start, "day") if start and start <= end.start else None
    start = _one(words, left, published, prefer)
    if start.start is None:
        return None
    if right.strip().isdigit():
        last = _day_of(start.start, int(right))
        return When(start.start, last, "day") if last and last >= start.start else None
    end = _one(words, right, published, prefer)
    if end.start is None or end.start < start.start or end.precision != start.precision:
        return start
    return When(start.start, end.start, start.precision)


def _day_of(date: dt.date, day: int) -> dt.date | None:
    try:
        return date.replace(day=day)
    except ValueError:
        return None


def resolve_date(
    text: str, published: dt.date | None, words: DateWords, future: bool | None = None
) -> When:
    """`("on Monday", 2022-01-13 (a Thursday), words, future=False)` -> When(2022-01-10, None,
    "day"); UNKNOWN when nothing can be resolved. `future` says which way a date without a
    year or week points (a planned meeting "on Monday" is the coming Monday; None: the
    nearer one)."""
    if published is None or not words.may_date(text) or _is_duration(words, text):
        return UNKNOWN
    if future is None and words.fixed(text):
        found = _resolve(words, text, published, "past")
    elif future is None:  # no tense to go by: the nearer of the two readings
        ways = _resolve(words, text, published, "past"), _resolve(words, text, published, "future")
        known = [w for w in ways if w.start is not None]
        found = min(known, key=lambda w: abs((w.start - published).days), default=UNKNOWN)
    else:
        found = _resolve(words, text, published, "future" if future else "past")
    ahead = found.start is not None and (
        found.start > published or bool(set(text.lower().split()) & words.ahead)
    )
    return replace(found, ahead=ahead) if ahead else found


def _resolve(words: DateWords, text: str, published: dt.date, prefer: str) -> When:
    found = _range(words, text, published, prefer)
    if found is not None and found.start is not None:
        return found
    return _one(words, text, published, prefer)
