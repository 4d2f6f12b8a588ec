"""One meeting per event: a mention that refers back, or names the same sides, joins an earlier
meeting; a headline restates the lead."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..actors.names import side
from ..context import Context
from .model import Meeting, MeetingMention


def _overlap(ctx: Context, index: ActorIndex, a: dict[str, str], b: dict[str, str]) -> float | None:
    """Jaccard overlap of the sides two participant lists stand for; None if one is empty."""
    sa = {side(ctx, index, x) for x in a}
    sb = {side(ctx, index, x) for x in b}
    if not sa or not sb:
        return None
    return len(sa & sb) / len(sa | sb)


def _family(ctx: Context, kind: str) -> str:
    return "general" if kind in ctx.lexicon.words("meetings", "general_types") else kind


def _compatible(ctx: Context, index: ActorIndex, m: MeetingMention, meeting: Meeting) -> bool:
    date, place = meeting.value("date"), meeting.value("location")
    if (m.date and date and m.date != date) or (m.location and place and m.location != place):
        return False
    if _family(ctx, m.type) != _family(ctx, meeting.first.type):
        return False
    overlap = _overlap(ctx, index, m.participants, meeting.participants())
    return overlap is None or overlap >= 0.5


def _target(
    ctx: Context, index: ActorIndex, m: MeetingMention, meetings: list[Meeting]
) -> Meeting | None:
    """The earlier meeting a mention refers to, else None."""
    ordered = sorted(meetings, key=lambda mt: mt.mentions[-1].start, reverse=True)
    for meeting in ordered:
        if not _compatible(ctx, index, m, meeting):
            continue
        overlap = _overlap(ctx, index, m.participants, meeting.participants())
        if m.anaphoric or (overlap is not None and overlap > 0.5):
            return meeting
    return None


def _headline_target(
    ctx: Context, index: ActorIndex, m: MeetingMention, meetings: list[Meeting]
) -> Meeting | None:
    """A headline restates the lead: it joins the first compatible meeting of the body."""
    for meeting in sorted(meetings, key=lambda mt: mt.first.start):
        if _compatible(ctx, index, m, meeting):
            return meeting
    return None


def cluster(ctx: Context, index: ActorIndex, mentions: list[MeetingMention]) -> list[Meeting]:
    """One meeting per event: anaphors and same-sided mentions join an earlier meeting."""
    meetings: list[Meeting] = []
    headline = [m for m in mentions if ctx.parsed[m.pidx].passage.kind == "title"]
    body = [m for m in mentions if m not in headline]
    for m in sorted(body, key=lambda m: m.start) + headline:
        target = _headline_target(ctx, index, m, meetings) if m in headline else None
        target = target or _target(ctx, index, m, meetings)
        if target is not None:
            target.mentions.append(m)
        elif not (m.anaphoric and m.plural):
            meetings.append(Meeting([m]))
    return meetings


