"""One meeting per event: a mention joins an earlier meeting it cannot be told apart from
(same kind, no other date, place or sides), unless it marks itself as another event; a
headline restates the lead."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..actors.names import side
from ..context import Context
from .model import Meeting, MeetingMention

NARRATIVE_PARAGRAPHS = 2  # how far back an undated meeting looks for the day of the story


def _sides(ctx: Context, index: ActorIndex, participants: dict[str, str]) -> set[str]:
    return {side(ctx, index, x) for x in participants}


def _overlap(ctx: Context, index: ActorIndex, a: dict[str, str], b: dict[str, str]) -> float | None:
    """Jaccard overlap of the sides two participant lists stand for; None if one is empty."""
    sa, sb = _sides(ctx, index, a), _sides(ctx, index, b)
    if not sa or not sb:
        return None
    return len(sa & sb) / len(sa | sb)


def _family(ctx: Context, kind: str) -> str:
    return "general" if kind in ctx.lexicon.words("meetings", "general_types") else kind


def _same_time(m: MeetingMention, meeting: Meeting) -> bool:
    """No date, or dates that can be the same event: a day within the other's month or range
    ("talks from 8 to 12 May" and "the talks on Tuesday 9 May")."""
    other = meeting.dated()
    if m.date is None or other.date is None or m.assumed or other.assumed:
        return True
    ends = (m.end_date or m.date, other.end_date or other.date)
    if m.date <= ends[1] and other.date <= ends[0]:
        return True
    coarse = m if m.precision in ("month", "year") else other
    fine = other if coarse is m else m
    if coarse.precision == "month":
        return (fine.date.year, fine.date.month) == (coarse.date.year, coarse.date.month)
    return coarse.precision == "year" and fine.date.year == coarse.date.year


def _same_place(a: str | None, b: str | None) -> bool:
    """No place, or one place named twice ("Doha" and "Doha, Qatar")."""
    return not a or not b or a in b or b in a


def _compatible(
    ctx: Context, index: ActorIndex, m: MeetingMention, meeting: Meeting, sides: bool = True
) -> bool:
    """Whether a mention may be another mention of `meeting`: a meeting word of the same
    family, at no other time or place, with sides that are not all different (unless `sides`
    is False)."""
    if _family(ctx, m.type) != _family(ctx, meeting.first.type):
        return False
    if not _same_time(m, meeting) or not _same_place(m.location, meeting.value("location")):
        return False
    overlap = _overlap(ctx, index, m.participants, meeting.participants())
    return not sides or overlap is None or overlap > 0


def _best(m: MeetingMention, meetings: list[Meeting]) -> Meeting:
    """Of the meetings a mention may refer to: one of its own kind first, then the last one
    mentioned ("the talks" after "a summit" and "peace talks" are the talks)."""
    return max(meetings, key=lambda mt: (m.type in mt.kinds(), mt.mentions[-1].start))


def _target(
    ctx: Context, index: ActorIndex, m: MeetingMention, meetings: list[Meeting]
) -> Meeting | None:
    """The earlier meeting a mention refers to, else None (a new meeting): one with the same
    sides; for "the meeting", "met" or a mention naming no sides, the last one it may be; for
    a mention naming no sides ("talks in X"), the last one of its own kind."""
    if m.distinct:
        return None  # "another round of talks", "the previous summit"
    fits = [mt for mt in meetings if _compatible(ctx, index, m, mt)]
    shared = [
        mt for mt in fits if (_overlap(ctx, index, m.participants, mt.participants()) or 0) >= 0.5
    ]
    if shared:
        return _best(m, shared)
    placed = [  # "X traveled to Z" after talks in Z: the trip to them (X may mediate)
        mt
        for mt in meetings
        if m.verbal and m.location and mt.value("location") == m.location and _same_time(m, mt)
    ]
    if placed:
        return _best(m, placed)
    if m.participants:
        # talks are one process however described: "talks in X" then "a new round of
        # talks between A, B and C" (not so summits: "a summit in X", "the alliance summit")
        process = m.type in ctx.lexicon.words("meetings", "process_types")
        unnamed = [mt for mt in fits if m.type in mt.kinds() and not mt.participants()]
        return _best(m, unnamed) if process and unnamed else None
    if m.anaphoric or (m.verbal and m.type not in ctx.lexicon.words("meetings", "trip_types")):
        return _best(m, fits) if fits else None  # a trip joins by its place (above)
    alike = [mt for mt in fits if m.type in mt.kinds()]
    return _best(m, alike) if alike else None


def _headline_targets(
    ctx: Context, index: ActorIndex, headline: list[MeetingMention], meetings: list[Meeting]
) -> list[Meeting | None]:
    """A headline restates the lead: each of its mentions joins the first meeting of the body
    at no other time or place that no earlier headline mention joined, whatever sides its
    short words name ("Ministers Hold Talks Before Summit": the talks, then the summit)."""
    taken: list[Meeting] = []
    out: list[Meeting | None] = []
    for m in headline:
        fits = [
            mt
            for mt in meetings
            if mt not in taken and _compatible(ctx, index, m, mt, sides=False)
        ]
        first = min(fits, key=lambda mt: mt.first.start, default=None)
        taken += [first] if first is not None else []
        out.append(first)
    return out


def cluster(ctx: Context, index: ActorIndex, mentions: list[MeetingMention]) -> list[Meeting]:
    """One meeting per event: anaphors, bare mentions and same-sided mentions join an earlier
    meeting."""
    meetings: list[Meeting] = []
    headline = [m for m in mentions if ctx.parsed[m.pidx].passage.kind == "title"]
    body = [m for m in mentions if m not in headline]
    for m in sorted(body, key=lambda m: m.start):
        target = _target(ctx, index, m, meetings)
        if target is not None:
            target.mentions.append(m)
        elif not (m.anaphoric and m.plural):
            meetings.append(Meeting([m]))
    for m, target in zip(
        headline, _headline_targets(ctx, index, headline, meetings), strict=True
    ):
        target = target or _target(ctx, index, m, meetings)
        if target is not None:
            target.mentions.append(m)
        elif not (m.anaphoric and m.plural):
            meetings.append(Meeting([m]))
    return meetings


def carry_dates(ctx: Context, meetings: list[Meeting]) -> None:
    """A meeting the text gives no date takes the day of the meeting told last before it, in
    its paragraph or the two before (narrative time: "The summit opened on Friday. After
    landing, the envoy held a meeting with X" is that Friday), marked as assumed."""
    headline = {p.index for p in ctx.parsed if p.passage.kind == "title"}
    said = [
        m
        for mt in meetings
        for m in mt.mentions
        if m.date and m.precision == "day" and not m.assumed and m.pidx not in headline
    ]
    for meeting in meetings:
        if meeting.dated().date is not None:
            continue
        body = [m for m in meeting.mentions if m.pidx not in headline]
        if not body:
            continue
        first = body[0]
        reach = range(first.pidx - NARRATIVE_PARAGRAPHS, first.pidx + 1)
        before = [m for m in said if m.start < first.start and m.pidx in reach]
        if before:
            last = max(before, key=lambda m: m.start)
            first.date, first.precision, first.assumed = last.date, "day", True
