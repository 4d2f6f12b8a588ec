"""Who speaks through a reporting verb: the verb's subject, and the actor it names."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS
from .groups import unnamed_speaker


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
    """The actor who speaks through a reporting verb: the one its subject names or refers
    to; a group or unnamed person for a description ("officials", "a ministry official")."""
    subject = subject_of(verb)
    if subject is None:
        return None
    mention = actors_of(ctx, index, p, subject)
    if mention is None or _stands_for_side(ctx, index, mention, subject):
        return unnamed_speaker(ctx, index, p, subject) or mention
    return mention


def _stands_for_side(ctx: Context, index: ActorIndex, mention: Mention, head: Token) -> bool:
    """Whether a plural description ("Arcadian officials") was linked to its country or
    organisation: the speakers are a group of it, not the state itself."""
    groups = ctx.lexicon.words("speech", "group_speakers")
    own = mention.tok_start <= head.i < mention.tok_end
    return (
        head.lower_ in groups
        and own
        and mention.method == "alias"
        and index.actors[mention.actor].type != "person"
    )
