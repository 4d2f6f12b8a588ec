"""Meetings: summits, talks, council meetings, press conferences and planned meetings; every
mention of one (mentions), and one meeting per event (events)."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..context import Context
from .events import carry_dates, cluster
from .mentions import find_mentions
from .model import Meeting


def find_meetings(ctx: Context, index: ActorIndex) -> list[Meeting]:
    """Meetings of a source, each with all its mentions."""
    meetings = cluster(ctx, index, find_mentions(ctx, index))
    carry_dates(ctx, meetings)
    return meetings
