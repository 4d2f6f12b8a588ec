"""Which demands a response answers, and the status it gives them."""

from __future__ import annotations

import dataclasses

from ..actors.model import ActorIndex
from ..actors.names import side
from ..context import Context
from .model import Demand, Response
from .responses import content_words


def _on_topic(ctx: Context, response: Response, demand: Demand) -> bool:
    """A demand shares a word with the response's topic; the topic may name the addressee
    ("the port's status is not negotiable")."""
    words = f"{ctx.source.text[demand.start : demand.end]} {demand.addressee}"
    return bool(response.topic & content_words(ctx, words))


def _made_of(ctx: Context, index: ActorIndex, demand: Demand, actor: str) -> bool:
    return bool(demand.addressee) and side(ctx, index, demand.addressee) == side(ctx, index, actor)


def _by_target(ctx: Context, index: ActorIndex, demands: list[Demand], r: Response) -> list:
    """ "rejected the union's request for X": the named side's demands (on the topic)."""
    named = side(ctx, index, r.target)
    chosen = [d for d in demands if named in (d.demander, side(ctx, index, d.demander))]
    return [d for d in chosen if _on_topic(ctx, r, d)] if r.topic else chosen


def _by_action(ctx: Context, index: ActorIndex, demands: list[Demand], r: Response) -> list:
    """ "agreed to publish the list", "will not withdraw": the demands of that action ("will
    not": only those made of the responder); "agreed to publish it": the latest made of it."""
    chosen = [d for d in demands if _on_topic(ctx, r, d)]
    if r.refusal:
        chosen = [d for d in chosen if _made_of(ctx, index, d, r.responder)]
    ordered = sorted(demands, key=lambda d: d.start)
    addressed = [d for d in ordered if d.start < r.start and _made_of(ctx, index, d, r.responder)]
    return chosen or (addressed[-1:] if r.anaphor else [])


def _by_order(ctx: Context, index: ActorIndex, demands: list[Demand], r: Response) -> list:
    """ "X rejected the demand(s)": not those made of someone else; the latest one, or every
    one made of X when plural; with a topic ("rejected calls for a truce"), the latest demand
    on the topic, whoever it was made of."""
    earlier = sorted((d for d in demands if d.start < r.end), key=lambda d: d.start)
    addressed = [d for d in earlier if _made_of(ctx, index, d, r.responder)]
    open_ = [d for d in earlier if not d.addressee or d in addressed]
    if r.topic:
        open_ = [d for d in earlier if _on_topic(ctx, r, d)]
        addressed = [d for d in addressed if d in open_]
    return addressed if r.plural and len(addressed) > 1 else open_[-1:]


def link(ctx: Context, index: ActorIndex, demands: list[Demand], response: Response) -> None:
    """Attach a response to the demands it answers and give them its status; never to a
    demand of the responder's own side, nor twice to one demand."""
    if response.target:
        chosen = _by_target(ctx, index, demands, response)
    elif response.action:
        chosen = _by_action(ctx, index, demands, response)
    else:
        chosen = _by_order(ctx, index, demands, response)
    for demand in chosen:
        answer = response
        if response.refusal and _negative(ctx, demand):  # "not to send X" / "will not send X"
            answer = dataclasses.replace(response, response="accepted")
        restated = any(
            r.responder == answer.responder and r.response == answer.response
            for r in demand.responses
        )  # the same acceptance in the headline and again in the body: one response
        own = side(ctx, index, demand.demander) == side(ctx, index, answer.responder)
        if not own and not restated:  # "they agreed to X", said of the demander's side too
            demand.responses.append(answer)
            demand.status = answer.response


def _negative(ctx: Context, demand: Demand) -> bool:
    """A demand not to do something ("urged X not to send troops", "X must not send")."""
    words = ctx.source.text[demand.start : demand.end].lower().split()[:3]
    return any(w in ctx.lexicon.demands["negations"] for w in words)
