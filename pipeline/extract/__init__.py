"""Extraction: passages of one source -> rows of actors, statements, meetings and demands.

Public API: `load_nlp`, `load_registry`, `load_lexicon`, `extractor_version`, `extract_source`
and `extract_sources` (many sources, parsed as one spaCy stream).

  nlp.py, registry.py, lexicon.py   what the rules read: the spaCy pipeline, the actor registry,
                                    the word lists of pipeline/lexicons/
  context.py                        parsed passages of one source; grammar.py spaCy's labels
  actors/ statements/ meetings/ demands/   the rules, a package per kind of record
  dates.py                          date expressions against the publication date
  tables.py                         every table of one source, in order; version.py its hash
"""

from __future__ import annotations

from collections.abc import Iterator

import spacy

from ..models import Extraction, Passage, Source
from .context import Context, parse_sources
from .lexicon import Lexicon, load_lexicon
from .nlp import load_nlp
from .registry import Registry, load_registry
from .tables import extract_tables
from .version import extractor_version

__all__ = [
    "Lexicon",
    "Registry",
    "extract_source",
    "extract_sources",
    "extractor_version",
    "load_lexicon",
    "load_nlp",
    "load_registry",
]


def extract_sources(
    items: list[tuple[Source, list[Passage]]],
    nlp: spacy.language.Language,
    registry: Registry,
    lexicon: Lexicon,
) -> Iterator[Extraction]:
    """The extraction of each (source, passages) pair, in order, parsed as one spaCy stream."""
    for (source, _), parsed in zip(items, parse_sources(items, nlp), strict=True):
        yield extract_tables(Context(source, parsed, registry, lexicon, nlp=nlp))


def extract_source(
    source: Source,
    passages: list[Passage],
    nlp: spacy.language.Language,
    registry: Registry,
    lexicon: Lexicon,
) -> Extraction:
    """Rows of every extracted table for one source. Non-English passages yield nothing."""
    return next(extract_sources([(source, passages)], nlp, registry, lexicon))


