"""Parsed passages of one source and the shared per-source context the rules read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..models import Passage, Source
from .lexicon import Lexicon
from .registry import Registry

# Quotation pairs: curly, guillemets, straight. Inner single quotes stay part of the content.
QUOTE_PAIRS = re.compile(r"“([^“”]+)”|«\s?([^«»]+?)\s?»|\"([^\"\n]+)\"")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's content, marks excluded, in `text` coordinates."""
    spans = []
    for match in QUOTE_PAIRS.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        start, end = match.start(group), match.end(group)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


@dataclass
class Parsed:
    """One English passage with its spaCy doc and quotation spans (passage coordinates)."""

    index: int
    passage: Passage
    doc: Doc
    quotes: list[tuple[int, int]]
    sent_base: int

    def start(self, token: Token) -> int:
        return self.passage.char_start + token.idx

    def end(self, token: Token) -> int:
        return self.passage.char_start + token.idx + len(token)

    def quote_of(self, token: Token) -> tuple[int, int] | None:
        """The quotation (passage coordinates) holding the token, else None."""
        for start, end in self.quotes:
            if start <= token.idx < end:
                return start, end
        return None

    def sent_id(self, token: Token) -> int:
        """Index of the token's sentence, counted over the whole source."""
        sents = list(self.doc.sents)
        return self.sent_base + next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)


@dataclass
class Context:
    """Everything the rules of one source share."""

    source: Source
    parsed: list[Parsed]
    registry: Registry
    lexicon: Lexicon
    extras: dict = field(default_factory=dict)

    @property
    def source_id(self) -> str:
        return self.source.source_id
