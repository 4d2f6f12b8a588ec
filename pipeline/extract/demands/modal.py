"""A modal inside reported speech ("the board must resign"): the speaker demands it."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .actions import action_span
from .cues import blocked
from .model import Demand


def modal_demand(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, statements: list[Statement]
) -> Demand | None:
    """ "the board must resign", inside reported speech: the speaker demands it of the board."""
    if token.lower_ not in ctx.lexicon.demands["modal_verbs"] or token.dep_ != "aux":
        return None
    verb = token.head
    if blocked(ctx, p, verb):
        return None
    start = p.start(token)
    speakers = [s for s in statements if s.start <= start < s.end and s.speaker is not None]
    if not speakers:
        return None
    subject = subject_of(verb)
    addressee = actors_of(ctx, index, p, subject) if subject is not None else None
    span = action_span(ctx, p, token, verb.right_edge)
    demander = speakers[0].speaker.actor
    return Demand(
        pidx=p.index,
        demander=demander,
        addressee=addressee.actor if addressee else None,
        cue=token.lower_,
        start=span[0],
        end=span[1],
        ev_start=p.start(subject or token),
        ev_end=span[1],
        confidence=round(0.8 * speakers[0].confidence, 3),
    )
