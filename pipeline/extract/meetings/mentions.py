"""Mentions of meetings: a meeting noun ("the summit", "a meeting with X") or a meeting verb
(verbs.py), with what its clause says of the meeting's participants, place, date and status."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed
from .clause import (
    clause_chain,
    direction,
    governor,
    headline_day,
    is_hypothetical,
    meeting_date,
    names_meeting,
    noun_type,
)
from .model import MeetingMention
from .participants import noun_participants, speakers, verb_participants
from .places import meeting_location
from .status import noun_status, scheduled_end
from .verbs import meeting_verbs, verb_mention


def _anaphoric(ctx: Context, noun: Token) -> bool:
    words = ctx.lexicon.words
    dets = [c for c in noun.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in words("meetings", "anaphoric_determiners"):
        return False
    preps = words("meetings", "participant_preps") | words("meetings", "location_preps")
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "poss") or (
            child.dep_ == "amod" and child.lower_ not in words("meetings", "neutral_modifiers")
        ):
            return False
        if child.dep_ == "prep" and child.lower_ in preps:
            return False
    return True


def _distinct(ctx: Context, noun: Token) -> bool:
    """ "another round of talks", "the previous summit", "the next summit": not the event
    mentioned before."""
    words = ctx.lexicon.words("meetings", "distinct_modifiers")
    holders = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        holders.append(noun.head.head)  # "another round of talks"
    return any(c.lower_ in words for h in holders for c in h.children if c.dep_ in ("det", "amod"))


def _generic(ctx: Context, noun: Token, kind: str) -> bool:
    """ "regular meetings", bare "negotiations": not a particular event."""
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
    if mods & set(ctx.lexicon.meetings["generic_modifiers"]):
        return True
    need = set(ctx.lexicon.meetings["need_modifier"])
    definite = dets & ctx.lexicon.words("meetings", "anaphoric_determiners")
    if noun.lower_ in need and not mods and not definite:
        return True  # "negotiations are a way", not "the mediation talks have stalled"
    prev = noun.doc[noun.i - 1].lower_ if noun.i > 0 else ""
    named = f"{prev} {noun.lower_}" in ctx.lexicon.meetings["nouns"]  # "a phone call"
    if noun.lower_ in ctx.lexicon.words("meetings", "need_participants") and not named:
        preps = ctx.lexicon.words("meetings", "talk_preps")
        return not any(c.dep_ == "prep" and c.lower_ in preps for c in noun.children)
    return False


def _bare_plural(ctx: Context, noun: Token) -> bool:
    """ "meetings", "summits" with no determiner or modifier: events in general, unless the
    clause gives them a date, a place or sides ("meetings are scheduled for Monday in X")."""
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "det", "poss")]
    return _plural(ctx, noun) and not mods


def _plural(ctx: Context, noun: Token) -> bool:
    """A plural noun, but not one that names one event ("talks")."""
    one_event = ctx.lexicon.words("meetings", "one_event_plurals")
    return noun.tag_ in ("NNS", "NNPS") and noun.lower_ not in one_event


def _noun_mention(
    ctx: Context, index: ActorIndex, p: Parsed, noun: Token, kind: str
) -> MeetingMention:
    """The mention a meeting noun makes, with what its clause says of the meeting."""
    gov = governor(noun)
    anchors = [noun, *clause_chain(gov)]  # "the mayors signed a pact, ending a summit"
    host = gov.lemma_ in ctx.lexicon.words("meetings", "host_verbs") and noun.dep_ == "dobj"
    participants, location = _participants(ctx, index, p, noun, anchors, host)
    anchors[1:1] = _participle(noun, gov)
    past = _after_it(ctx, noun, anchors)
    when = meeting_date(ctx, p, anchors, False if past else direction(ctx, gov, noun))
    if noun.head.i == gov.i:  # "Leaders Hold Summit"
        when = headline_day(ctx, p, gov, when)
    end = scheduled_end(ctx, gov) if noun.dep_ == "dobj" else None
    if end is not None:  # "scheduled the summit to end on Friday": the last day
        last = meeting_date(ctx, p, [end], True)
        when = replace(when, end=last.start) if last.precision == "day" else when
    span = _span(ctx, p, noun)
    status = "held" if past else noun_status(ctx, gov, noun, when)
    return MeetingMention(
        pidx=p.index,
        start=p.start(span[0]),
        end=p.end(span[-1]),
        text=span.text,
        type=kind,
        anaphoric=_anaphoric(ctx, noun),
        participants=participants,
        location=location or meeting_location(ctx, index, p, anchors),
        date=when.start,
        end_date=when.end,
        precision=when.precision,
        assumed=when.assumed,
        status=status,
        plural=_plural(ctx, noun),
        distinct=_distinct(ctx, noun),
        hosted=host,
    )


def _participle(noun: Token, gov: Token) -> list[Token]:
    """ "discussed the forum opening on Friday in X": a participle right after the noun is
    said of the noun, though the parser may hang it on the verb."""
    return [
        c
        for c in gov.children
        if c.dep_ in ("advcl", "acl")
        and c.tag_ in ("VBG", "VBN")
        and c.left_edge.i == noun.right_edge.i + 1
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    ]


def _participants(
    ctx: Context, index: ActorIndex, p: Parsed, noun: Token, anchors: list[Token], host: bool
) -> tuple[dict[str, str], str | None]:
    """Participants named on the noun, then those of the verb that holds or attends the meeting
    (and of the clause that verb hangs from), and a hosting city as the location."""
    gov, words = anchors[1], ctx.lexicon.words
    participants = noun_participants(ctx, index, p, noun)
    location = None
    holds = set(ctx.lexicon.meetings["hold_verbs"]) | set(ctx.lexicon.meetings["meet_verbs"])
    if (noun.dep_ in ("dobj", "nsubjpass") and gov.lemma_ in holds) or (
        noun.dep_ == "pobj"
        and noun.head.lower_ in words("meetings", "during_preps")
        and not _anaphoric(ctx, noun)  # "X's role is not up for debate at the conference"
    ):
        verb_parts, location = verb_participants(ctx, index, p, gov, host)
        for actor, role in verb_parts.items():
            participants.setdefault(actor, role)
    if gov.lemma_ in holds and len(anchors) > 2:
        for actor, role in verb_participants(ctx, index, p, anchors[-1], False)[0].items():
            participants.setdefault(actor, role)
    return participants, location


def _after_it(ctx: Context, noun: Token, anchors: list[Token]) -> bool:
    """ "the unions signed the deal after a week of talks": the talks came first (unless the
    clause is in the future)."""
    words = ctx.lexicon.words
    outer = noun  # "after a week of talks": climb "of" to the phrase "after" governs
    while outer.dep_ == "pobj" and outer.head.lower_ == "of" and outer.head.head.pos_ == "NOUN":
        outer = outer.head.head
    after = outer.dep_ == "pobj" and outer.head.lower_ in words("meetings", "after_preps")
    future_aux = words("meetings", "future_aux")
    return after and not any(c.lower_ in future_aux for v in anchors[1:] for c in v.children)


def _span(ctx: Context, p: Parsed, noun: Token) -> Span:
    """The words of a meeting mention: the noun and its left modifiers ("a new series of
    meetings" from the series on), without leading punctuation."""
    start = noun.left_edge.i if noun.left_edge.i < noun.i else noun.i
    rounds = ctx.lexicon.words("meetings", "round_nouns")
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in rounds:
        start = noun.head.head.left_edge.i
    start = next((t.i for t in p.doc[start : noun.i + 1] if not t.is_punct), noun.i)
    return p.doc[start : noun.i + 1]


def _called_for(ctx: Context, noun: Token) -> bool:
    """ "called for a special session", "proposed a summit": a meeting only asked for."""
    lex = ctx.lexicon.demands
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        return head.lower_ in (lex["verb_prep"].get(head.head.lemma_.lower()) or [])
    demand_verbs = set(lex["verb_object"]) | ctx.lexicon.words("meetings", "proposal_verbs")
    return noun.dep_ == "dobj" and head.lemma_.lower() in demand_verbs


def _passage_mentions(ctx: Context, index: ActorIndex, p: Parsed) -> list[MeetingMention]:
    out = []
    verbs = meeting_verbs(ctx)
    for token in p.tokens:
        quoted = p.quote_of(token) is not None
        if quoted and token.pos_ == "VERB":
            continue
        kind = noun_type(ctx, token)
        if kind and not _generic(ctx, token, kind) and not _called_for(ctx, token) and not (
            token.lower_ in ctx.lexicon.words("meetings", "round_nouns")
            and names_meeting(ctx, token)
        ):
            found = _noun_mention(ctx, index, p, token, kind)
            concrete = found.date or found.location
            if _bare_plural(ctx, token) and not concrete:
                continue
            if quoted and not (concrete or (found.participants and found.status == "held")):
                continue  # in a quote: "the talks in X this morning", "we held a meeting with X"
            # not for "after the meeting": an anaphor whose participants would keep it apart
            for actor, role in ({} if found.anaphoric else speakers(ctx, index, p, token)).items():
                found.participants.setdefault(actor, role)
            if found.anaphoric or not is_hypothetical(ctx, token):
                out.append(found)
        elif token.pos_ == "VERB" and token.lemma_ in verbs:
            found = verb_mention(ctx, index, p, token)
            if found:
                out.append(found)
    return out


def find_mentions(ctx: Context, index: ActorIndex) -> list[MeetingMention]:
    """Meeting mentions of every passage but captions, in reading order."""
    mentions = []
    for p in ctx.parsed:
        if p.passage.kind != "caption":
            mentions += _passage_mentions(ctx, index, p)
    return mentions
