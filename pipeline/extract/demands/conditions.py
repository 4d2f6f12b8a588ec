"""Conditions set on another actor: "refused to sign until the shelling stops", "will not
sign unless the board resigns", "will not sign if the board does not resign". Whoever refuses
demands what the condition says."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_negated
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .actions import action_items, one_per_action
from .demanders import demander_of
from .model import Demand


def _refused(ctx: Context, verb: Token) -> Token | None:
    """The verb that refuses, when `verb` or a verb governing it is negated or a refusal
    ("will not sign", "refused to sign"), else None."""
    refusals = ctx.lexicon.demands["refusal_verbs"]
    for _ in range(3):
        if is_negated(verb) or verb.lemma_.lower() in refusals:
            return verb
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _condition(ctx: Context, p: Parsed, word: Token) -> tuple[Token, Token] | None:
    """(first word of the condition, the verb it restricts) for "until X", "unless X", and an
    "if" whose clause is negated ("if X does not resign"); else None."""
    lex = ctx.lexicon.demands
    if word.lower_ not in lex["condition_marks"] or word.i + 1 >= len(p.doc):
        return None
    clause = word.head
    restricted = clause.head if word.dep_ == "mark" else clause
    if word.lower_ in lex["negated_condition_marks"] and not (
        word.dep_ == "mark" and is_negated(clause)
    ):
        return None
    nxt = p.doc[word.i + 1]
    if nxt.ent_type_ in ("DATE", "TIME") or nxt.lower_ in lex["time_nouns"]:
        return None  # "will not sign until next week": a date, no condition
    if nxt.pos_ in ("ADP", "ADV", "ADJ"):
        return None  # "until after the vote", "until further notice": a time
    return nxt, restricted


def condition_demands(
    ctx: Context, index: ActorIndex, p: Parsed, word: Token, statements: list[Statement]
) -> list[Demand]:
    """The demands a condition sets, one per coordinated condition, of the condition's
    subject, by whoever refuses."""
    found = _condition(ctx, p, word)
    if found is None:
        return []
    first, restricted = found
    verb = _refused(ctx, restricted)
    if verb is None:
        return []
    demander = demander_of(ctx, index, p, verb, statements)
    if demander is None:
        return []
    spans = action_items(ctx, p, first, p.sent(word)[-1], p.sent(word)[-1])
    agent = first_child(word.head, "nsubj", "nsubjpass") if word.dep_ == "mark" else None
    addressee = actors_of(ctx, index, p, agent) if agent is not None else None
    subject = subject_of(verb)
    demand = Demand(
        pidx=p.index,
        demander=demander.actor,
        addressee=addressee.actor if addressee and addressee.actor != demander.actor else None,
        cue=word.lower_,
        start=spans[0][0],
        end=spans[0][1],
        ev_start=min(p.start(subject if subject is not None else verb), spans[0][0]),
        ev_end=spans[0][1],
        confidence=round(0.8 * demander.confidence, 3),
    )
    return one_per_action(demand, spans)
