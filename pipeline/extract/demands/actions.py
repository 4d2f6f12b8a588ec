"""The words of a demanded action: the phrase under its head, cut where the clause ends."""

from __future__ import annotations

from spacy.tokens import Token

from ..context import Context, Parsed


def action_span(ctx: Context, p: Parsed, first: Token, last: Token) -> tuple[int, int]:
    """Source span from `first` to `last`, cut at the first comma or dash after `first`."""
    breaks = ctx.lexicon.words("demands", "clause_breaks")
    for t in p.doc[first.i + 1 : last.i + 1]:
        if t.text in (",", ";", "—", "–", "(") or t.lower_ in breaks:
            last = p.doc[t.i - 1]
            break
    while last.i > first.i and (last.is_punct or last.dep_ in ("cc", "mark")):
        last = p.doc[last.i - 1]
    return p.start(first), p.end(last)


def action_phrase(ctx: Context, p: Parsed, head: Token) -> tuple[int, int]:
    """The words a demanded action spans: the phrase under `head`, "not to" included."""
    first = head.left_edge
    for child in head.children:
        if child.dep_ == "neg" and child.i < first.i:
            first = child
    while first.dep_ == "mark" and first.i < head.i:
        first = p.doc[first.i + 1]
    return action_span(ctx, p, first, head.right_edge)
