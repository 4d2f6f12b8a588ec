"""Offline language identification of passages (lingua, restricted to a set of languages)."""

from __future__ import annotations

import functools

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Languages a passage may be told apart in; the source's declared language is always added.
CANDIDATES = ("en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk", "tr", "ar", "zh")
# A passage is marked as another language than its source's only when the detector prefers
# that language by at least this margin: short captions made mostly of names are ambiguous.
MARGIN = 0.15
MIN_WORDS = 3
# Detection costs time in proportion to the text; past a few sentences more text does not
# change the verdict, so a long passage is judged by its first DETECT_CHARS characters.
DETECT_CHARS = 400


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@functools.cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*(_language(c) for c in codes)).build()


def identify(text: str, declared: str) -> str:
    """ISO 639-1 code of `text`, falling back to `declared` when the evidence is weak."""
    if len(text.split()) < MIN_WORDS:
        return declared
    codes = tuple(sorted(set(CANDIDATES) | {declared}))
    try:
        detector = _detector(codes)
    except AttributeError:  # a declared language lingua does not know: trust the manifest
        return declared
    if len(text) > DETECT_CHARS:
        text = text[: text.rfind(" ", 0, DETECT_CHARS) + 1 or DETECT_CHARS]
    scores = {
        c.language.iso_code_639_1.name.lower(): c.value
        for c in detector.compute_language_confidence_values(text)
    }
    best = max(scores, key=lambda code: scores[code])
    if best != declared and scores[best] - scores.get(declared, 0.0) >= MARGIN:
        return best
    return declared
