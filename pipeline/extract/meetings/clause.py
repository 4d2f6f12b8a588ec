"""What the clause of a meeting mention says: the verb that governs it, whether the meeting is
ahead, hypothetical or under way, and its date."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from ..context import Context, Parsed
from ..dates import resolve_date


def governor(token: Token) -> Token:
    """The verb whose clause says when, where and by whom a meeting noun happens."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def clause_chain(verb: Token) -> list[Token]:
    """The verb and, while it has no subject of its own, the verbs it hangs from."""
    chain = [verb]
    while (
        len(chain) < 4
        and chain[-1].dep_ in ("advcl", "xcomp", "conj")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in chain[-1].children)
    ):
        chain.append(chain[-1].head)
    return chain


def is_future(ctx: Context, verb: Token, noun: Token | None) -> bool:
    """Whether the clause puts the meeting ahead ("will meet", "plan a summit", "next summit")."""
    words = ctx.lexicon.words
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    mods = {c.lower_ for c in noun.children} if noun is not None else set()
    xcomp_to = verb.lemma_ == "be" and any(c.dep_ == "xcomp" for c in verb.children)
    planned = verb.lemma_ in words("meetings", "plan_verbs")
    future = bool(aux & words("meetings", "future_aux"))
    return future or xcomp_to or planned or bool(mods & words("meetings", "future_modifiers"))


def status_of(ctx: Context, verb: Token, noun: Token | None, date: dt.date | None) -> str:
    """planned, ongoing or held, by the tense of the verb and the date against publication."""
    published = ctx.source.published
    progressive = verb.tag_ == "VBG" and any(
        c.lower_ in ctx.lexicon.words("meetings", "progressive_aux") for c in verb.children
    )
    if is_future(ctx, verb, noun) or (date and published and date > published):
        return "planned"
    if progressive or (date and published and date == published and verb.tag_ in ("VBZ", "VBP")):
        return "ongoing"
    return "held"


def noun_status(ctx: Context, verb: Token, noun: Token, date: dt.date | None) -> str:
    """ "the negotiations continue", "the wage talks drag on": under way, unless planned."""
    status = status_of(ctx, verb, noun, date)
    ongoing_verbs = set(ctx.lexicon.meetings.get("ongoing_verbs") or ())
    if status == "held" and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ongoing_verbs:
        return "ongoing"
    return status


def is_ahead(ctx: Context, noun: Token) -> bool:
    """ "ahead of a summit", "before the meeting", "prior to the session": still to come."""
    words = ctx.lexicon.words
    head = noun.head
    if noun.dep_ != "pobj":
        return False
    ahead_words = words("meetings", "ahead_words")
    if head.lower_ in words("meetings", "ahead_preps") and head.head.lower_ in ahead_words:
        return True
    return head.lower_ == "before"


def is_hypothetical(ctx: Context, token: Token) -> bool:
    """A meeting that only could, might or should happen."""
    verb = governor(token) if token.pos_ != "VERB" else token
    aux = ctx.lexicon.words("meetings", "hypothetical_aux")
    return any(c.dep_ == "aux" and c.lower_ in aux for c in verb.children)


def meeting_date(
    ctx: Context, p: Parsed, anchors: list[Token], future: bool
) -> tuple[dt.date | None, str]:
    """The first date said on one of the anchors (date words, DATE entities), with precision."""
    for anchor in anchors:
        for child in anchor.children:
            tokens = list(child.subtree) if child.dep_ in ("prep", "npadvmod", "tmod") else []
            if child.lower_ in ctx.lexicon.words("dates", "relative_days") or (
                tokens and any(t.ent_type_ == "DATE" for t in tokens)
            ):
                text = " ".join(t.text for t in tokens) or child.text
                date, precision = resolve_date(
                    text, ctx.source.published, ctx.lexicon.date_words, future
                )
                if date:
                    return date, precision
    return None, "unknown"
