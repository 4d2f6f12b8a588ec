"""Rows of the statements table for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..context import Context, Rows
from .model import Statement


def statement_rows(ctx: Context, found: list[Statement], version: str) -> Rows:
    """Rows of the statements table, and their speakers."""
    text = ctx.source.text
    rows = []
    for s in found:
        body = text[s.start : s.end]
        rows.append(
            {
                "statement_id": make_id(
                    "st", ctx.source_id, s.mode, body, occurrence(text, body, s.start)
                ),
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
                "extractor_version": version,
            }
        )
    speakers = frozenset(s.speaker.actor for s in found if s.speaker is not None)
    return Rows({"statements": rows}, speakers)
