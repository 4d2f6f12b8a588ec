"""Statements: direct and partial quotations and reported (indirect) speech, with speakers."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..context import Context
from .blocks import introduced_statements, transcript_statements
from .model import Statement
from .quotes import quote_statement
from .reported import according_statements, indirect_statements
from .speakers import subject_of


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
    return _first_person(ctx, sorted(unique.values(), key=lambda s: s.start))


def _first_person(ctx: Context, found: list[Statement]) -> list[Statement]:
    """ "I told them that ..." inside a paragraph spoken whole (a block quotation, a
    transcript's turn): reported by the paragraph's speaker."""
    first = ctx.lexicon.words("speech", "first_person")
    wholes = [s for s in found if s.cue_token is None and s.speaker is not None]
    for s in found:
        if s.speaker is not None or s.cue_token is None:
            continue
        subject = subject_of(ctx.parsed[s.pidx].doc[s.cue_token])
        around = next((w for w in wholes if w.start <= s.start and s.end <= w.end), None)
        if subject is not None and subject.lower_ in first and around is not None:
            s.speaker, s.confidence = around.speaker, around.confidence
    return found
