"""Rows of the meetings, meeting_mentions and meeting_participants tables for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..context import Context, Rows
from .model import Meeting, MeetingMention
from .status import meeting_status


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


def _headline(ctx: Context) -> set[int]:
    return {p.index for p in ctx.parsed if p.passage.kind == "title"}


def _meeting_row(ctx: Context, meeting: Meeting, meeting_id: str) -> dict:
    first = meeting.first
    dated = meeting.dated()
    return {
        "meeting_id": meeting_id,
        "source_id": ctx.source_id,
        "name": _name(ctx, meeting),
        "meeting_type": first.type,
        "status": meeting_status(meeting.mentions, _headline(ctx)),
        "location": meeting.value("location"),
        "start_date": dated.date,
        "end_date": dated.end_date,
        "date_precision": dated.precision if dated.date else "unknown",
        "cameo_code": _cameo(ctx, meeting),
        "char_start": first.start,
        "char_end": first.end,
        "text": first.text,
        "confidence": 0.8 if first.anaphoric or dated.assumed else 1.0,  # assumed: a headline's day
    }


def _mention_id(ctx: Context, m: MeetingMention, prefix: str) -> str:
    text = ctx.source.text
    return make_id(prefix, ctx.source_id, "meeting", m.text, occurrence(text, m.text, m.start))


def meeting_rows(ctx: Context, meetings: list[Meeting]) -> Rows:
    """Rows of meetings, meeting_mentions and meeting_participants, and the participants."""
    rows: dict[str, list[dict]] = {
        "meetings": [],
        "meeting_mentions": [],
        "meeting_participants": [],
    }
    participants: set[str] = set()
    for meeting in meetings:
        mid = _mention_id(ctx, meeting.first, "mt")
        rows["meetings"].append(_meeting_row(ctx, meeting, mid))
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
                continue  # "the Oslo summit": the place, not a party
            participants.add(actor)
            rows["meeting_participants"].append(
                {"meeting_id": mid, "actor_id": actor_id(actor), "role": role}
            )
    return Rows(rows, frozenset(participants))
