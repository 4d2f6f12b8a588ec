"""Splits a `Source` into passages (title, standfirst, body, caption) that keep exact offsets.

Pure functions, no I/O. A passage's text is always `source.text[char_start:char_end]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ids import make_id, occurrence
from ..metadata.enums import PassageKind
from ..models import Passage, Source
from .language import identify

# A block is a run of non-blank lines; blocks are separated by blank lines.
BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
LINE = re.compile(r"[^\n]*\S[^\n]*")
# A caption line: an upper-case credit holding a slash ("PHOTO/KREMLIN", "AFP/JOHANNA GERON"),
# a spaced dash, then the caption text.
CAPTION = re.compile(
    r"^\s*(?P<credit>[A-Z][A-Z0-9.&'’ ]*/[A-Z0-9][A-Z0-9.&'’ /]*?)\s+[-–—]\s+(?P<text>\S.*?)\s*$"
)
STRIP = (" \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
         "\u202f\u205f\u3000\ufeff")
TITLE_MAX = 200
STANDFIRST_MAX = 600
# A paragraph longer than this is cut into passages of at most this many characters (a news
# paragraph is under 2,000): the parser's input stays bounded (spaCy refuses texts over 10^6
# characters) and so does a CSV line of the passages table (DuckDB reads lines of up to 2 MB).
MAX_PASSAGE_CHARS = 50_000
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _blank(char: str) -> bool:
    return char in STRIP or char.isspace()  # isspace: line breaks left inside by a BOM-only line


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return start, end


def _units(text: str) -> Iterator[tuple[str, int, int, str | None]]:
    """(kind hint: a caption or "text", start, end, credit) per caption line or paragraph
    block, in order."""
    for block in BLOCK.finditer(text):
        lines = list(LINE.finditer(text, block.start(), block.end()))
        if any(CAPTION.match(line.group()) for line in lines):
            yield from _caption_lines(text, lines)
            continue
        start, end = _trim(text, block.start(), block.end())
        for piece_start, piece_end in _pieces(text, start, end):
            yield "text", piece_start, piece_end, None


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of a paragraph cut into pieces of at most MAX_PASSAGE_CHARS: after the
    last sentence end that fits, else the last space, else at the limit."""
    while end - start > MAX_PASSAGE_CHARS:
        limit = start + MAX_PASSAGE_CHARS
        cut = max((m.end() for m in SENTENCE_END.finditer(text, start, limit)), default=0)
        if cut <= start:
            cut = max(text.rfind(" ", start, limit) + 1, 0)
        if cut <= start:
            cut = limit
        piece_start, piece_end = _trim(text, start, cut)
        if piece_start < piece_end:
            yield piece_start, piece_end
        start = _trim(text, cut, end)[0]
    if start < end:
        yield start, end


def _caption_lines(
    text: str, lines: list[re.Match[str]]
) -> Iterator[tuple[str, int, int, str | None]]:
    for line in lines:
        match = CAPTION.match(line.group())
        if match:
            start = line.start() + match.start("text")
            yield (PassageKind.CAPTION, start, line.start() + match.end("text"),
                   match.group("credit").strip())
        else:
            start, end = _trim(text, line.start(), line.end())
            for piece_start, piece_end in _pieces(text, start, end):
                yield "text", piece_start, piece_end, None


def _kinds(units: list[tuple[str, int, int, str | None]], text: str) -> list[PassageKind]:
    """Title is a short first line; the standfirst a short single paragraph right after it."""
    kinds = [PassageKind.CAPTION if u[0] == PassageKind.CAPTION else PassageKind.BODY
             for u in units]
    texts = [i for i, u in enumerate(units) if u[0] == "text"]
    if texts and texts[0] == 0:
        first = text[units[0][1] : units[0][2]]
        if "\n" not in first and len(first) <= TITLE_MAX:
            kinds[0] = PassageKind.TITLE
            if len(texts) > 2 and texts[1] == 1:
                second = text[units[1][1] : units[1][2]]
                if "\n" not in second and len(second) <= STANDFIRST_MAX:
                    kinds[1] = PassageKind.STANDFIRST
    return kinds


def split(source: Source) -> list[Passage]:
    """Passages of a source in document order, each with its language."""
    text, declared = source.text, source.entry.language
    units = list(_units(text))
    passages = []
    for seq, (unit, kind) in enumerate(zip(units, _kinds(units, text), strict=True)):
        _, start, end, credit = unit
        body = text[start:end]
        passages.append(
            Passage(
                passage_id=make_id(
                    "pa", source.source_id, kind, body, occurrence(text, body, start)
                ),
                source_id=source.source_id,
                seq=seq,
                kind=kind,
                language=identify(body, declared),
                char_start=start,
                char_end=end,
                text=body,
                credit=credit,
            )
        )
    return passages
