"""One demand per restated demand: the same side, addressee and code, and a shared word."""

from __future__ import annotations

from ..actors.model import ActorIndex
from ..actors.names import side
from ..context import Context
from .cameo import demand_code
from .model import Demand
from .responses import content_words


def _same(ctx: Context, index: ActorIndex, a: Demand, b: Demand) -> bool:
    """A restatement: same side, compatible addressee, same CAMEO code, and a shared word or
    a headline restating the body."""
    text = ctx.source.text
    if (a.pidx, a.ev_start) == (b.pidx, b.ev_start) and a.start != b.start:
        return False  # coordinated actions of one demand ("urged X to A and B"): two demands
    if a.pidx == b.pidx and not (a.nominal or b.nominal) and a.ev_start != b.ev_start:
        return False  # "X must do A. Y must do B.": two demands, not one restated
    if side(ctx, index, a.demander) != side(ctx, index, b.demander):
        return False
    if a.addressee and b.addressee and a.addressee != b.addressee:
        return False
    if demand_code(ctx, text[a.start : a.end]) != demand_code(ctx, text[b.start : b.end]):
        return False
    headline = ctx.parsed[a.pidx].passage.kind == "title"
    return headline or bool(
        content_words(ctx, text[a.start : a.end]) & content_words(ctx, text[b.start : b.end])
    )


def merge_restated(ctx: Context, index: ActorIndex, demands: list[Demand]) -> list[Demand]:
    """One demand per restated demand; the first statement of it stays."""
    kept: list[Demand] = []
    for demand in sorted(demands, key=lambda d: (d.nominal, d.start)):
        same = next((k for k in kept if _same(ctx, index, k, demand)), None)
        if same is None:
            kept.append(demand)
        elif same.addressee is None:
            same.addressee = demand.addressee
    return kept
