"""spaCy's grammar the rules share: dependency labels, not English words (those are in
pipeline/lexicons/)."""

from __future__ import annotations

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
