"""Demands made inside reported speech without a demand verb: "the board must resign", "the
union should drop its claim", "the city needs to act", "it is vital to reopen the port". The
speaker of the statement demands it of the subject."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_to_infinitive
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .actions import action_items, one_per_action
from .cues import blocked
from .model import Demand, statements_at


def _modal(ctx: Context, token: Token) -> tuple[Token, Token, bool] | None:
    """(first word of the action, its verb, whether the subject must be an actor) for "must
    resign", "should resign", "needs to resign", "it is vital to resign"; else None."""
    lex = ctx.lexicon.demands
    word = token.lower_
    if token.dep_ == "aux" and word in lex["modal_verbs"]:
        return token, token.head, False
    if token.dep_ == "aux" and word in lex.get("actor_modal_verbs", ()):
        return token, token.head, True
    if token.lemma_.lower() in lex.get("need_verbs", ()) and token.tag_ in ("VBZ", "VBP", "VBD"):
        action = first_child(token, "xcomp")
        if action is not None and is_to_infinitive(action):
            return token, action, True
    if word in lex.get("necessity_adjectives", ()) and token.dep_ == "acomp":
        action = first_child(token, "xcomp") or first_child(token.head, "xcomp")
        expletive = first_child(token.head, "nsubj", "expl")
        if (
            action is not None
            and is_to_infinitive(action)
            and expletive is not None
            and (expletive.lower_ == "it")
        ):
            return action, action, False  # "it is vital to X": the action alone, no addressee
    return None


def _conditional(ctx: Context, verb: Token) -> bool:
    """ "if the board should resign, ...": a condition, not a demand."""
    marks = ctx.lexicon.words("demands", "clause_breaks")
    return any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def modal_demands(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, statements: list[Statement]
) -> list[Demand]:
    """ "the board must resign and pay a fine", inside reported speech: the speaker demands
    each action of the board; never of the speaker itself or of "we"."""
    found = _modal(ctx, token)
    if found is None:
        return []
    first, verb, needs_actor = found
    if blocked(ctx, p, verb, negation=False) or _conditional(ctx, verb):
        return []
    start = p.start(token)
    speakers = statements_at(statements, start)[:1]
    if not speakers or speakers[0].speaker is None:
        return []
    demander = speakers[0].speaker.actor
    subject = subject_of(verb) if first is not verb else None
    if subject is not None and subject.lower_ in ctx.lexicon.speech["first_person"]:
        return []
    addressee = actors_of(ctx, index, p, subject) if subject is not None else None
    if addressee is not None and addressee.actor == demander:
        return []  # "she said she must leave": an intention, not a demand
    if needs_actor and addressee is None:
        return []
    spans = action_items(ctx, p, first, verb.right_edge, p.sent(verb)[-1])
    demand = Demand(
        pidx=p.index,
        demander=demander,
        addressee=addressee.actor if addressee else None,
        cue=token.lower_,
        start=spans[0][0],
        end=spans[0][1],
        ev_start=min(p.start(subject if subject is not None else first), spans[0][0]),
        ev_end=spans[0][1],
        confidence=round(0.8 * speakers[0].confidence, 3),
    )
    return one_per_action(demand, spans)
