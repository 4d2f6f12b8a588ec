"""Demands (who demands what of whom), one per demanded action, found by cue verbs, nouns
("the demand that", "the need for"), modals and imperatives in reported speech and conditions
("until X withdraws"), merged when restated; and the responses that reject or accept them."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed
from ..grammar import is_negated
from ..statements.model import Statement
from .conditions import condition_demands
from .cues import verb_demands
from .demanders import demander_of
from .imperative import imperative_demands
from .linking import link
from .modal import modal_demands
from .model import Demand, Response
from .nominal import nominal_demands
from .responses import predicate_response, refusal_response, response_at
from .restated import merge_restated


def find_demands(ctx: Context, index: ActorIndex, statements: list[Statement]) -> list[Demand]:
    """Demands of a source with their responses."""
    demands: list[Demand] = []
    responses: list[Response] = []
    for p in ctx.parsed:
        if p.passage.kind == "caption":
            continue
        for token in p.tokens:
            found = (
                modal_demands(ctx, index, p, token, statements)
                or nominal_demands(ctx, index, p, token)
                or verb_demands(ctx, index, p, token, statements)
                or condition_demands(ctx, index, p, token, statements)
                or imperative_demands(ctx, index, p, token, statements)
            )
            if found and not any(
                d.start < found[0].end and found[0].start < d.end for d in demands
            ):
                demands += found
            response = (
                response_at(ctx, index, p, token)
                or predicate_response(ctx, index, p, token, statements)
                or _refusal(ctx, index, p, token, statements)
            )
            if response is not None:
                responses.append(response)
    demands = merge_restated(ctx, index, demands)
    for response in responses:
        if not any(d.start <= response.start < d.end for d in demands):
            link(ctx, index, demands, response)  # "demanded that X will not expand": no answer
    return demands


def _refusal(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> Response | None:
    """ "X will not withdraw", "\"We will not withdraw,\" X said": a refusal by the subject."""
    if verb.pos_ != "VERB" or not is_negated(verb):
        return None
    responder = demander_of(ctx, index, p, verb, statements)
    return refusal_response(ctx, index, p, verb, responder.actor if responder else None)
