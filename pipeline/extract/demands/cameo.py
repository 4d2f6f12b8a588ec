"""CAMEO codes of a demand, by the words of its demanded action."""

from __future__ import annotations

import functools
import re

from ..context import Context


@functools.lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + ")")


def demand_code(ctx: Context, demand_text: str) -> str:
    """The CAMEO code of a demanded action: the first rule with a word starting a word of the
    action ("negotiat" in "negotiations", not "end" in "attend"), else the default."""
    text = demand_text.lower()
    for rule in ctx.lexicon.cameo["demand_keywords"]:
        if _pattern(tuple(rule["words"])).search(text):
            return rule["code"]
    return ctx.lexicon.cameo["default_demand"]
