"""The spaCy pipeline of the extractor: the model, with an EntityRuler of the registry's names."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy

from ..config import DEFAULT_MODEL
from .registry import load_registry, seeds_file

# A colon glued to the quotation it opens ('said:"We', 'said:“We') is a token of its own.
COLON_QUOTE = (r"(?<=[^\s:]):(?=[\"“‘«'])", r"(?<=:)[\"“‘«']")


def _split_colon_quotes(nlp: spacy.language.Language) -> None:
    infixes = [*nlp.Defaults.infixes, *COLON_QUOTE]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


@functools.lru_cache(maxsize=4)
def _cached_nlp(model: str, seeds_registry: str | None) -> spacy.language.Language:
    nlp = spacy.load(model)
    _split_colon_quotes(nlp)
    patterns = load_registry(Path(seeds_registry) if seeds_registry else None).patterns()
    if patterns:  # a ruler without patterns would warn (W036) on every doc
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(patterns)
    return nlp


def load_nlp(
    model: str = DEFAULT_MODEL, registry_path: Path | None = None
) -> spacy.language.Language:
    """The spaCy pipeline with an EntityRuler of the registry's names placed before "ner": the
    default registry, and a seeds folder's `registry_path` (actors.yaml) when it exists. Loaded
    once per process for each (model, registry) pair."""
    present = seeds_file(registry_path)
    return _cached_nlp(model, str(present) if present else None)
