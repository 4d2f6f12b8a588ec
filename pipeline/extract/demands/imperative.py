"""Imperatives in a quotation ("“Free the prisoners now,” the minister said."): the speaker
demands the action of the people addressed."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_negated
from ..statements.model import Statement
from .actions import action_items, one_per_action
from .model import Demand, statements_at


def _first_word(ctx: Context, p: Parsed, verb: Token) -> Token | None:
    """The sentence's first word when it opens with the verb ("Free them", "So come here",
    "Do not leave"), else None."""
    openers = ctx.lexicon.words("demands", "imperative_openers")
    sent = p.sent(verb)
    first = next((t for t in sent if not (t.is_punct or t.is_space or t.lower_ in openers)), None)
    if first is None:
        return None
    if first.i == verb.i or (first.lower_ == "do" and first.head.i == verb.i and is_negated(verb)):
        return first
    return None


def imperative_demands(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> list[Demand]:
    """The demand an imperative in a quotation makes, by the quotation's speaker."""
    lex = ctx.lexicon.demands
    if verb.tag_ != "VB" or verb.lemma_.lower() in lex["not_imperative"]:
        return []
    if p.quote_of(verb) is None or first_child(verb, "nsubj", "nsubjpass", "expl") is not None:
        return []
    reported = verb.dep_ == "ccomp" and p.quote_of(verb.head) is None  # "“Go,” she said."
    if verb.dep_ != "ROOT" and not reported:
        return []
    if p.sent(verb).text.rstrip().rstrip("\"”’'").endswith("?"):
        return []
    first = _first_word(ctx, p, verb)
    inside = statements_at(statements, p.start(verb), "direct")
    if first is None or not inside or inside[0].speaker is None:
        return []
    spans = action_items(ctx, p, first, verb.right_edge, p.sent(verb)[-1])
    told = first_child(verb.head, "dobj", "dative") if reported else None  # "she told X"
    addressee = actors_of(ctx, index, p, told) if told is not None else None
    demand = Demand(
        pidx=p.index,
        demander=inside[0].speaker.actor,
        addressee=addressee.actor if addressee else None,
        cue="imperative",
        start=spans[0][0],
        end=spans[0][1],
        ev_start=spans[0][0],
        ev_end=spans[0][1],
        confidence=round(0.7 * inside[0].confidence, 3),
    )
    return one_per_action(demand, spans)
