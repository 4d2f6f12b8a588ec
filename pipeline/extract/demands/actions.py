"""The words of a demanded action: the phrase under its head, cut where the clause ends, and
split into one action per coordinated item ("urged X to withdraw troops and to free the
prisoners" -> two actions)."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from ..context import Context, Parsed
from .model import Demand

CLAUSE_PUNCT = (";", "—", "–", "(", ":")
FINITE = ("VBD", "VBZ", "VBP")


def _trim(p: Parsed, first: Token, last: Token) -> tuple[int, int]:
    while last.i > first.i and (last.is_punct or last.is_space or last.dep_ in ("cc", "mark")):
        last = p.doc[last.i - 1]
    return p.start(first), p.end(last)


def _verb_item(ctx: Context, p: Parsed, t: Token, since: int) -> Token | None:
    """The first word of a coordinated verb item: "to free X", "not to X", "free X", or a
    verb the parser coordinates with one after token `since` ("unless X lifts A and frees
    B"; not "urged X to act and said ...", coordinated with the cue)."""
    first = t
    if t.lower_ == "that" and t.dep_ == "mark":  # "... and that the court rules on X"
        return p.doc[t.i + 1] if t.i + 1 < len(p.doc) else None
    if t.lower_ == "not" and t.i + 1 < len(p.doc):
        t = p.doc[t.i + 1]
    if t.lower_ == "to" and t.i + 1 < len(p.doc) and p.doc[t.i + 1].tag_ == "VB":
        return first
    if t.tag_ in ("VB", "VBG") and t.pos_ in ("VERB", "AUX"):
        return first
    return first if t.dep_ == "conj" and t.pos_ == "VERB" and t.head.i > since else None


def _noun_item(ctx: Context, p: Parsed, t: Token, stop: int) -> Token | None:
    """The first word of a coordinated noun phrase ("…, the release of X"): a determiner
    before a common noun that is no apposition, in a phrase with no finite verb (", the
    minister said" is the reporter's)."""
    if t.dep_ != "det" or t.head.pos_ != "NOUN" or t.head.dep_ == "npadvmod":
        return None
    if t.head.dep_ == "appos" and t.head.head.pos_ == "PROPN":
        return None  # "the release of Ana Ruiz, a reporter": an apposition
    end = next((w.i for w in p.doc[t.i : stop] if w.text == "," or w.lower_ == "and"), stop)
    if any(w.tag_ in FINITE for w in p.doc[t.i : end]):
        return None
    return t


def _last_bare_verb(p: Parsed, t: Token, stop: int, verbs: int) -> Token | None:
    """ "to disarm, recognize X and demobilise": a last single word of a verb list, which
    the parser often tags as a noun."""
    lone = t.i + 1 >= stop or p.doc[t.i + 1].is_punct
    if verbs >= 2 and lone and t.is_lower and t.tag_ in ("NN", "VB"):
        return t
    return None


def _item_after(
    ctx: Context, p: Parsed, sep: Token, stop: int, verbs: int, since: int
) -> Token | None:
    """The first word of a new coordinated item after the separator `sep`, else None."""
    joiners = ctx.lexicon.words("demands", "list_joiners")
    i = sep.i
    while i < stop and (p.doc[i].lower_ in joiners or p.doc[i].text == ","):
        i += 1  # ", and", "as well as"
    if i >= stop:
        return None
    t, joined = p.doc[i], any(w.lower_ in joiners for w in p.doc[sep.i : i])
    if t.tag_ in ("VBG", "TO") and not joined:
        return None  # ", dealing a blow to X", ", to help X": a participle or a purpose
    return (
        _verb_item(ctx, p, t, since)
        or _noun_item(ctx, p, t, stop)
        or _last_bare_verb(p, t, stop, verbs)
    )


def action_items(
    ctx: Context, p: Parsed, first: Token, last: Token, scan_to: Token | None = None
) -> list[tuple[int, int]]:
    """Source spans of the actions from `first` to `last`: a new action starts after a comma
    or "and" that a coordinated item follows; any other comma, or a clause break, ends the
    list. With `scan_to`, items are looked for up to it (the parser often hangs the later
    items elsewhere), and a single action still ends at `last`."""
    breaks = ctx.lexicon.words("demands", "clause_breaks")
    marks = ctx.lexicon.words("demands", "clause_marks")
    stop = min((scan_to or last).i + 1, p.sent(first).end)
    items, start, verbs = [], first, 1
    i = first.i + 1
    while i < stop:
        t = p.doc[i]
        if t.text in CLAUSE_PUNCT or t.lower_ in breaks or t.dep_ == "mark" and t.lower_ in marks:
            break
        if t.text == "," or t.lower_ == "and":
            nxt = _item_after(ctx, p, t, stop, verbs, start.i - 1)
            if nxt is not None:
                items.append(_trim(p, start, p.doc[t.i - 1]))
                start, verbs = nxt, verbs + (nxt.dep_ != "det")
                i = nxt.i + 1
                continue
            if t.text == ",":
                break
        i += 1
    end = p.doc[i - 1] if items else p.doc[min(i - 1, last.i)]
    items.append(_trim(p, start, end))
    return [span for span in items if span[1] > span[0]]


def action_start(p: Parsed, head: Token) -> Token:
    """The first word of the phrase under `head`, "not to" included, a "that" left out."""
    first = head.left_edge
    for child in head.children:
        if child.dep_ == "neg" and child.i < first.i:
            first = child
    while first.dep_ == "mark" and first.i < head.i:
        first = p.doc[first.i + 1]
    return first


def action_span(ctx: Context, p: Parsed, first: Token, last: Token) -> tuple[int, int]:
    """Source span from `first` to `last`, cut at the first comma or dash after `first`."""
    return action_items(ctx, p, first, last)[0]


def action_phrases(ctx: Context, p: Parsed, head: Token) -> list[tuple[int, int]]:
    """The spans of the demanded actions under `head`, one per coordinated item."""
    return action_items(ctx, p, action_start(p, head), head.right_edge, p.sent(head)[-1])


def action_phrase(ctx: Context, p: Parsed, head: Token) -> tuple[int, int]:
    """The words a demanded action spans: the phrase under `head`, "not to" included."""
    return action_items(ctx, p, action_start(p, head), head.right_edge)[0]


def one_per_action(demand: Demand, spans: list[tuple[int, int]]) -> list[Demand]:
    """One demand per action span; the evidence of each runs from the demand's start to the
    end of its own action."""
    return [
        dataclasses.replace(
            demand,
            start=start,
            end=end,
            ev_end=max(end, demand.ev_end if k == 0 else end),
            responses=[],
        )
        for k, (start, end) in enumerate(spans)
    ]
