"""Where a meeting happens, and the names a source uses as places."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed


def meeting_location(
    ctx: Context, index: ActorIndex, p: Parsed, anchors: list[Token]
) -> str | None:
    """ "in Oslo" on the meeting noun, its verb, or a time phrase of them ("on 10 May in X")."""
    deeper = [
        g
        for a in anchors
        for c in a.children
        if c.dep_ == "prep" and c.lower_ != "in"
        for g in c.children
        if g.dep_ == "pobj" and g.lower_ not in ctx.lexicon.meetings["nouns"]
    ]  # not "before the summit in X": X is the summit's place
    preps = ctx.lexicon.words("meetings", "location_preps")
    for anchor in [*anchors, *deeper]:
        for prep in (c for c in anchor.children if c.dep_ == "prep" and c.lower_ in preps):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if obj.ent_type_ in ("DATE", "TIME") and _calendar_word(ctx, obj):
                    continue  # "in September"
                mention = index.at(p.index, obj)
                actor = index.actors[mention.actor] if mention else None
                if obj.ent_type_ in ("GPE", "LOC", "FAC") or (
                    obj.pos_ == "PROPN" and (actor is None or actor.type in ("country", "other"))
                ):
                    return ent_text(p, obj)
    return None


def _calendar_word(ctx: Context, token: Token) -> bool:
    words = ctx.lexicon.words
    return token.lower_ in words("dates", "months") or token.lower_ in words("dates", "weekdays")


def ent_text(p: Parsed, token: Token) -> str:
    """The name a token is part of: its entity, else the token with its proper-noun compounds."""
    for ent in p.ents:
        if ent.start <= token.i < ent.end and ent.label_ not in ("DATE", "TIME", "CARDINAL"):
            return ent.text
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return token.doc[(words[0] if words else token).i : token.i + 1].text


def source_places(ctx: Context) -> frozenset[str]:
    """Names the source uses as places ("in Oslo"), computed once per source."""
    if "places" not in ctx.extras:
        names = set()
        words = ctx.lexicon.words
        preps = words("meetings", "location_preps") | words("meetings", "vicinity_preps")
        for p in ctx.parsed:
            for prep in (t for t in p.tokens if t.lower_ in preps):
                names |= {
                    ent_text(p, o) for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                }
        ctx.extras["places"] = frozenset(names)
    return ctx.extras["places"]
