"""Rows of the statements table for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..context import Context, Rows
from .model import Statement


def statement_rows(ctx: Context, found: list[Statement]) -> Rows:
    """Rows of the statements table, and their speakers."""
    text = ctx.source.text
    rows, speakers = [], []
    for s in found:
        body = text[s.start : s.end]
        sid = make_id("st", ctx.source_id, s.mode, body, occurrence(text, body, s.start))
        speakers += [{"statement_id": sid, "actor_id": actor_id(a)} for a in _speakers(s)]
        rows.append(
            {
                "statement_id": sid,
                "source_id": ctx.source_id,
                "passage_id": ctx.parsed[s.pidx].passage.passage_id,
                "speaker_id": actor_id(s.speaker.actor) if s.speaker else None,
                "mode": s.mode,
                "cue": s.cue,
                "text": body,
                "char_start": s.start,
                "char_end": s.end,
                "sentence_start": s.sent_start,
                "sentence_end": s.sent_end,
                "confidence": s.confidence,
            }
        )
    actors = frozenset(a for s in found for a in _speakers(s))
    return Rows({"statements": rows, "statement_speakers": _unique(speakers)}, actors)


def _speakers(s: Statement) -> tuple[str, ...]:
    """Every speaker of a statement: the actors of a joint mention ("A and B said"), else one."""
    if s.speaker is None:
        return ()
    return tuple(dict.fromkeys(s.speaker.group or (s.speaker.actor,)))


def _unique(rows: list[dict]) -> list[dict]:
    """Link rows without repeats (a statement found twice keeps one id)."""
    return list({(r["statement_id"], r["actor_id"]): r for r in rows}.values())
