"""Parsed passages of one source and the shared per-source context the rules read."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..models import Passage, Source
from .lexicon import Lexicon
from .registry import Registry

BATCH_SIZE = 64  # passages per nlp.pipe batch
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

    # spaCy builds new Token and Span objects (and span texts) on every access: what the
    # rules read again and again is built once per passage below.

    @cached_property
    def tokens(self) -> list[Token]:
        """The doc's tokens (same as `list(doc)`)."""
        return list(self.doc)

    @cached_property
    def sents(self) -> list[Span]:
        """The doc's sentences (same as `list(doc.sents)`)."""
        return list(self.doc.sents)

    @cached_property
    def ents(self) -> list[Span]:
        """The doc's entities (same as `list(doc.ents)`)."""
        return list(self.doc.ents)

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s.start for s in self.sents]

    @cached_property
    def _text(self) -> str:
        return self.doc.text

    def sent_index(self, token: Token) -> int:
        """Index of the token's sentence in the passage."""
        return bisect_right(self._sent_starts, token.i) - 1

    def sent(self, token: Token) -> Span:
        """The token's sentence (same as `token.sent`, without a scan of the doc)."""
        return self.sents[self.sent_index(token)]

    def text_of(self, span: Span) -> str:
        """`span.text`, cut from the doc's text (spaCy would join it token by token)."""
        return self._text[span.start_char : span.end_char]

    def sent_id(self, token: Token) -> int:
        """Index of the token's sentence, counted over the whole source."""
        return self.sent_base + self.sent_index(token)


@dataclass(frozen=True)
class Rows:
    """Rows of one or more tables of a source, and the actors they refer to (the actors table
    keeps every one of them). A row builder returns them; the caller combines."""

    tables: dict[str, list[dict]]
    actors: frozenset[str] = frozenset()


@dataclass
class Context:
    """Everything the rules of one source share."""

    source: Source
    parsed: list[Parsed]
    registry: Registry
    lexicon: Lexicon
    extras: dict = field(default_factory=dict)
    nlp: Language | None = None  # for a short second look (a headline read in lower case)

    @property
    def source_id(self) -> str:
        return self.source.source_id


def parse_sources(
    items: list[tuple[Source, list[Passage]]], nlp: Language
) -> Iterator[list[Parsed]]:
    """The parsed English passages of each source in turn. Every passage of `items` goes through
    one `nlp.pipe` stream (spaCy batches across sources); a source's Docs live until the caller
    moves on to the next source."""
    english = [[p for p in passages if p.language == "en"] for _, passages in items]
    docs = nlp.pipe((p.text for kept in english for p in kept), batch_size=BATCH_SIZE)
    for (source, _), kept in zip(items, english, strict=True):
        parsed, base = [], 0
        for i, (passage, doc) in enumerate(zip(kept, itertools.islice(docs, len(kept)),
                                               strict=True)):
            if source.text[passage.char_start : passage.char_end] != passage.text:
                raise ValueError(f"passage {passage.passage_id} does not match its source span")
            parsed.append(Parsed(i, passage, doc, find_quotes(passage.text), base))
            base += sum(1 for _ in doc.sents)
        yield parsed
