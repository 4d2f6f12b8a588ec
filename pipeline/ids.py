"""Stable identifiers built from content, never from row order."""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata

ID_LENGTH = 12


def make_id(prefix: str, *parts: object) -> str:
    """`make_id("st", source_id, "direct", text, 0)` -> "st_3f9a0c12be47"."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:ID_LENGTH]}"


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same few names over and over
def normalise_name(name: str) -> str:
    """Case-, accent- and space-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


@functools.lru_cache(maxsize=1 << 16)
def actor_id(canonical_name: str) -> str:
    """Actors are shared across sources: their id depends on the canonical name only."""
    return make_id("ac", normalise_name(canonical_name))


def occurrence(text: str, needle: str, start: int) -> int:
    """How many times `needle` occurs in `text` before `start` (overlapping occurrences
    counted): tells repeated evidence apart without depending on where it sits, so edits
    elsewhere in the source keep the id."""
    return bisect.bisect_left(_positions(text, needle), start)


@functools.lru_cache(maxsize=1024)  # a source asks for the same few needles over and over
def _positions(text: str, needle: str) -> tuple[int, ...]:
    """Every start of `needle` in `text`, overlapping ones included, in order."""
    found, pos = [], text.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return tuple(found)
