"""One meeting per event: coreference of meeting mentions, and the meeting tables' rows."""

from __future__ import annotations

from ..ids import actor_id, make_id, occurrence
from .actors.model import ActorIndex
from .actors.names import side
from .context import Context
from .meetings import Meeting, MeetingMention, find_mentions


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


def find_meetings(ctx: Context, index: ActorIndex) -> list[Meeting]:
    """Meetings of a source, each with all its mentions."""
    return cluster(ctx, index, find_mentions(ctx, index))


def _name(ctx: Context, meeting: Meeting) -> str:
    named = next((m for m in meeting.mentions if not m.anaphoric), meeting.first)
    words = named.text.split(" ", 1)
    dets = ctx.lexicon.words("meetings", "anaphoric_determiners")
    if len(words) > 1 and words[0].lower() in dets | ctx.lexicon.words("meetings", "articles"):
        return words[1]
    return named.text


def _cameo(ctx: Context, meeting: Meeting) -> str:
    codes = ctx.lexicon.meetings["cameo"]
    if any(m.hosted for m in meeting.mentions):
        return codes["host"]
    return codes.get(meeting.first.type, codes["default"])


def _meeting_row(ctx: Context, meeting: Meeting, meeting_id: str, version: str) -> dict:
    first = meeting.first
    dated = next((m for m in meeting.mentions if m.date), first)
    return {
        "meeting_id": meeting_id,
        "source_id": ctx.source_id,
        "name": _name(ctx, meeting),
        "meeting_type": first.type,
        "status": dated.status,
        "location": meeting.value("location"),
        "start_date": dated.date,
        "date_precision": dated.precision if dated.date else "unknown",
        "cameo_code": _cameo(ctx, meeting),
        "char_start": first.start,
        "char_end": first.end,
        "text": first.text,
        "confidence": 0.8 if first.anaphoric else 1.0,
        "extractor_version": version,
    }


def _mention_id(ctx: Context, m: MeetingMention, prefix: str) -> str:
    text = ctx.source.text
    return make_id(prefix, ctx.source_id, "meeting", m.text, occurrence(text, m.text, m.start))


def meeting_rows(ctx: Context, index: ActorIndex, meetings: list[Meeting], version: str) -> dict:
    """Rows of meetings, meeting_mentions and meeting_participants."""
    rows: dict[str, list[dict]] = {
        "meetings": [],
        "meeting_mentions": [],
        "meeting_participants": [],
    }
    for meeting in meetings:
        mid = _mention_id(ctx, meeting.first, "mt")
        rows["meetings"].append(_meeting_row(ctx, meeting, mid, version))
        for m in meeting.mentions:
            rows["meeting_mentions"].append(
                {
                    "mention_id": _mention_id(ctx, m, "mm"),
                    "meeting_id": mid,
                    "source_id": ctx.source_id,
                    "char_start": m.start,
                    "char_end": m.end,
                    "text": m.text,
                }
            )
        place = meeting.value("location")
        for actor, role in meeting.participants().items():
            if actor == place:
                continue  # "the Solvik summit": the place, not a party
            index.used.add(actor)
            rows["meeting_participants"].append(
                {"meeting_id": mid, "actor_id": actor_id(actor), "role": role}
            )
    return rows
