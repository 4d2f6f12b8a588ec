"""Rows of the demands and demand_responses tables for one source."""

from __future__ import annotations

from ...ids import actor_id, make_id, occurrence
from ..context import Context, Rows
from .cameo import demand_code
from .model import Demand, Response


def _response_row(ctx: Context, r: Response, demand_id: str, code: str) -> dict:
    cameo = ctx.lexicon.cameo
    kind = "reject" if r.response == "rejected" else "accept"
    codes, default = cameo[f"{kind}_by_demand"], cameo[f"default_{kind}"]
    text = ctx.source.text
    evidence = text[r.start : r.end]
    return {
        "response_id": make_id(
            "dr", ctx.source_id, demand_id, evidence, occurrence(text, evidence, r.start)
        ),
        "demand_id": demand_id,
        "source_id": ctx.source_id,
        "responder_id": actor_id(r.responder),
        "response": r.response,
        "cameo_code": codes.get(code, default),
        "char_start": r.start,
        "char_end": r.end,
        "text": evidence,
    }


def demand_rows(ctx: Context, demands: list[Demand]) -> Rows:
    """Rows of demands and demand_responses, and their demanders, addressees and responders."""
    text = ctx.source.text
    rows: dict[str, list[dict]] = {"demands": [], "demand_responses": []}
    parties: set[str] = set()
    for d in demands:
        evidence = text[d.ev_start : d.ev_end]
        parts = ["demand", evidence, occurrence(text, evidence, d.ev_start)]
        if d.coordinated:  # the same words make one demand per demander
            parts.append(actor_id(d.demander))
        did = make_id("dm", ctx.source_id, *parts)
        code = demand_code(ctx, text[d.start : d.end])
        parties |= {d.demander} | ({d.addressee} if d.addressee else set())
        rows["demands"].append(
            {
                "demand_id": did,
                "source_id": ctx.source_id,
                "demander_id": actor_id(d.demander),
                "addressee_id": actor_id(d.addressee) if d.addressee else None,
                "demand": text[d.start : d.end],
                "cue": d.cue,
                "cameo_code": code,
                "status": d.status,
                "char_start": d.ev_start,
                "char_end": d.ev_end,
                "text": evidence,
                "confidence": d.confidence,
            }
        )
        for r in d.responses:
            parties.add(r.responder)
            rows["demand_responses"].append(_response_row(ctx, r, did, code))
    return Rows(rows, frozenset(parties))
