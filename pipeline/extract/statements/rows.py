"""Rows of the statements table for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..actors.model import ActorIndex
from ..context import Context
from .model import Statement


def statement_rows(
    ctx: Context, index: ActorIndex, found: list[Statement], version: str
) -> list[dict]:
    """Rows of the statements table."""
    text = ctx.source.text
    rows = []
    for s in found:
        body = text[s.start : s.end]
        if s.speaker is not None:
            index.used.add(s.speaker.actor)
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
    return rows
