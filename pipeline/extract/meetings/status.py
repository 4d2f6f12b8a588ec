"""Whether a meeting is held, ongoing or planned, from the source's point of view: what each
mention's clause says (its tense, its verb, its modifiers), then one status per meeting."""

from __future__ import annotations

from spacy.tokens import Token

from ..context import Context
from ..dates import When
from .clause import is_ahead, is_future
from .model import MeetingMention


def _perfect(verb: Token) -> bool:
    """ "have begun", "has stalled": a present perfect."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )


def _progressive(ctx: Context, verb: Token) -> bool:
    """ "are meeting", "is taking place"."""
    aux = ctx.lexicon.words("meetings", "progressive_aux")
    return verb.tag_ == "VBG" and any(c.lower_ in aux for c in verb.children)


def _to_hold(ctx: Context, verb: Token, noun: Token | None) -> bool:
    """ "agreed to resume the dialogue", "to hold talks": a meeting intended, not held."""
    words = ctx.lexicon.words
    holds = words("meetings", "hold_verbs") | words("meetings", "start_verbs")
    return (
        (noun is None or noun.dep_ == "dobj")
        and verb.lemma_ in holds | words("meetings", "meet_verbs")
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    )


def verb_status(ctx: Context, verb: Token, noun: Token | None, when: When) -> str | None:
    """planned, ongoing or held by the tense of the verb and the date against publication;
    None when the clause says nothing (a headline's noun phrase, a gerund)."""
    published, words = ctx.source.published, ctx.lexicon.words
    date = None if when.assumed else when.start
    if verb.lemma_ in words("meetings", "cancel_verbs"):
        return "planned"  # "the session was cancelled": it did not take place
    if is_future(ctx, verb, noun) or when.ahead or _to_hold(ctx, verb, noun):
        return "planned"  # "will meet", "later this week", "agreed to resume the dialogue"
    if _progressive(ctx, verb) and verb.lemma_ in words("meetings", "travel_verbs"):
        return "planned"  # "is going to X", "is travelling to X next week"
    if _progressive(ctx, verb) or (
        date and published and date == published and verb.tag_ in ("VBZ", "VBP")
    ):
        return "ongoing"
    if _perfect(verb) and verb.lemma_ in words("meetings", "start_verbs"):
        return "ongoing"  # "have started negotiations", "talks have resumed"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in verb.children)):
        return "held"
    return None


def noun_status(ctx: Context, verb: Token, noun: Token, when: When) -> str | None:
    """The status a meeting noun's clause gives it: its own modifiers ("the current talks",
    "plans for talks"), a relative clause ("talks, which are taking place in X"), the verb it is
    the subject of ("the negotiations continue", "talks are at a standstill"), else its verb's
    tense."""
    words = ctx.lexicon.words
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
    if is_ahead(ctx, noun) or (
        noun.dep_ == "pobj" and noun.head.head.lemma_ in words("meetings", "plan_nouns")
    ):
        return "planned"
    if mods & words("meetings", "ongoing_modifiers"):
        return "ongoing"
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        if _progressive(ctx, clause) or clause.tag_ in ("VBZ", "VBP"):
            return "ongoing"
    if any(c.dep_ == "mark" and c.lower_ in words("meetings", "condition_marks")
           for c in verb.children):
        return None  # "if talks fail": nothing said of the talks
    outer = noun  # "a round of talks", "the opening session of the talks"
    while outer.dep_ == "pobj" and outer.head.lower_ == "of" and outer.head.head.pos_ == "NOUN":
        outer = outer.head.head
    if not (outer.head.i == verb.i or (outer.dep_ == "pobj" and outer.head.head.i == verb.i)):
        return None  # "aides close to the summit said": the verb is not about the talks
    if scheduled_end(ctx, verb) is not None:
        return "ongoing"  # "X has scheduled the summit to end on Friday": under way
    subject = outer.dep_ in ("nsubj", "nsubjpass") and outer.head.i == verb.i
    if subject and verb.lemma_ in words("meetings", "ongoing_verbs"):
        if not is_future(ctx, verb, noun) or verb.lemma_ in words("meetings", "continue_verbs"):
            return "ongoing"  # "the mediation talks have stalled", "talks will continue Tuesday"
    return verb_status(ctx, verb, noun, when)


def scheduled_end(ctx: Context, verb: Token) -> Token | None:
    """ "scheduled the summit to end on Friday", "expects the forum to close at noon": the
    verb of the end, whose date is the meeting's last day."""
    words = ctx.lexicon.words
    if verb.lemma_ not in words("meetings", "plan_verbs"):
        return None
    ends = words("meetings", "end_verbs")
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.lemma_ in ends), None)


def meeting_status(mentions: list[MeetingMention], headline: set[int]) -> str:
    """One status per meeting: the first the body gives, but under way if any mention says so
    (talks that "began on Monday" and "have stalled"), unless the first puts it ahead; the
    headline's when the body says nothing; held when nothing is said."""
    said = [m.status for m in mentions if m.status and m.pidx not in headline]
    said = said or [m.status for m in mentions if m.status]
    if not said:
        return "held"
    if "ongoing" in said and said[0] != "planned":
        return "ongoing"
    return said[0]
