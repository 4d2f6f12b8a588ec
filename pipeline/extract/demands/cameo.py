"""CAMEO codes of a demand, by the words of its demanded action."""

from __future__ import annotations

from ..context import Context


def demand_code(ctx: Context, demand_text: str) -> str:
    """The CAMEO code of a demanded action: the first rule with a keyword in it, else default."""
    text = demand_text.lower()
    for rule in ctx.lexicon.cameo["demand_keywords"]:
        if any(word in text for word in rule["words"]):
            return rule["code"]
    return ctx.lexicon.cameo["default_demand"]
