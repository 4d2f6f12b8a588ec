"""Statements: direct and partial quotations and reported (indirect) speech, with speakers."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..context import Context
from .blocks import introduced_statements, transcript_statements
from .model import Statement
from .quotes import quote_statement
from .reported import according_statements, indirect_statements


def find_statements(ctx: Context, index: ActorIndex) -> list[Statement]:
    """All statements of a source in reading order."""
    found: list[Statement] = introduced_statements(ctx, index) + transcript_statements(ctx, index)
    previous: Statement | None = None
    for p in ctx.parsed:
        if p.passage.kind == "caption":
            continue
        quoted_cues: set[int] = set()
        for span in p.quotes:
            statement = quote_statement(ctx, index, p, span, previous)
            if statement is None:
                continue
            found.append(statement)
            if statement.cue_token is not None:
                quoted_cues.add(statement.cue_token)
            if statement.speaker is not None:
                previous = statement
        found += indirect_statements(ctx, index, p, quoted_cues)
        found += according_statements(ctx, index, p)
    unique = {(s.start, s.end, s.mode): s for s in reversed(found)}  # first of duplicates
    return sorted(unique.values(), key=lambda s: s.start)
