"""Who speaks through a reporting verb: the verb's subject, and the actor it names."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS


def subject_of(verb: Token) -> Token | None:
    """Grammatical subject of a verb, borrowed from the verb it is conjoined to if needed."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "The mayor, X, asking for ...": a headline-style fragment
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if (
            subject is not None
            or verb.dep_ not in ("conj", "xcomp", "advcl")
            or verb.head.i == verb.i
        ):
            return subject
        verb = verb.head
    return None


def speaker_of(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> Mention | None:
    """The actor who speaks through a reporting verb."""
    subject = subject_of(verb)
    if subject is None:
        return None
    return actors_of(ctx, index, p, subject)
