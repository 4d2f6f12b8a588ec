"""What the meeting rules build: mentions of a meeting, and meetings with all their mentions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import RANK


@dataclass(kw_only=True)
class MeetingMention:
    """One span that refers to a meeting, with what its clause says about the meeting."""

    pidx: int
    start: int
    end: int
    text: str
    type: str
    anaphoric: bool
    participants: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = "unknown"
    assumed: bool = False  # the date is inferred, not said (a headline's present tense)
    status: str | None = None  # None: the mention's clause does not say
    plural: bool = False
    verbal: bool = False  # the verb "meet": any kind of meeting
    distinct: bool = False  # marks itself as another event ("another round", "previous summit")
    hosted: bool = False


@dataclass
class Meeting:
    """One real event with all its mentions."""

    mentions: list[MeetingMention]

    @property
    def first(self) -> MeetingMention:
        return self.mentions[0]

    def value(self, attr: str) -> object:
        return next((getattr(m, attr) for m in self.mentions if getattr(m, attr)), None)

    def kinds(self) -> set[str]:
        """The meeting types its nouns give ("talks", "meeting"); the verb "meet" gives none."""
        return {m.type for m in self.mentions if not m.verbal}

    def dated(self) -> MeetingMention:
        """The mention whose date is said and the most precise (the earliest of equals), else
        one whose date is assumed, else the first."""
        dated = [m for m in self.mentions if m.date]
        return min(dated, key=lambda m: (m.assumed, RANK[m.precision])) if dated else self.first

    def participants(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for m in self.mentions:
            for actor, role in m.participants.items():
                out[actor] = "host" if "host" in (role, out.get(actor)) else role
        return out
