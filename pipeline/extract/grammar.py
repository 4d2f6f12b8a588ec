"""spaCy's grammar the rules share: dependency labels and a few questions asked of a parse
(English words are in pipeline/lexicons/; "to" here is the infinitive marker of the grammar)."""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def first_child(token: Token, *deps: str) -> Token | None:
    """The first child of `token` with one of the dependency labels `deps`, else None."""
    return next((c for c in token.children if c.dep_ in deps), None)


def is_to_infinitive(verb: Token) -> bool:
    """Whether a verb is marked by "to" ("to sign", "not to sign")."""
    return any(a.lower_ == "to" for a in verb.children if a.dep_ == "aux")


def is_negated(token: Token) -> bool:
    """Whether a word has a negation among its children ("did not meet")."""
    return any(c.dep_ == "neg" for c in token.children)
