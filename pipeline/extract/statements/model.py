"""A statement found in a source, and the confidences of its speaker link."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..actors.model import Mention
from ..context import Parsed

CONTINUATION = 0.6  # a quotation that continues the previous speaker's, with no cue of its own
UNATTRIBUTED = 0.5  # a cue whose speaker is no actor


@dataclass(kw_only=True)
class Statement:
    """One statement found in a passage; offsets are source coordinates."""

    pidx: int
    start: int
    end: int
    mode: str
    cue: str | None
    cue_token: int | None
    speaker: Mention | None
    confidence: float
    sent_start: int
    sent_end: int


def sentence_bounds(p: Parsed, tokens: list[Token]) -> tuple[int, int]:
    """Source span of the sentences that hold `tokens`."""
    sents = [p.sent(t) for t in tokens]
    start = min(s.start_char for s in sents)
    end = max(s.end_char for s in sents)
    return p.passage.char_start + start, p.passage.char_start + end
