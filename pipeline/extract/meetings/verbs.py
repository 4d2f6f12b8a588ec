"""Meetings said by a verb: "X met Y", "X spoke with Y" (a call), "X will travel to Z" and "X
welcomed Y to Z" (a visit)."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed
from ..grammar import is_negated
from .clause import (
    direction,
    headline_day,
    is_hypothetical,
    meeting_date,
    names_meeting,
    noun_type,
)
from .model import MeetingMention
from .participants import add_actors, talk_participants, verb_participants
from .places import ent_text, meeting_location
from .status import verb_status

PLACE_LABELS = ("GPE", "LOC", "FAC")


def meeting_verbs(ctx: Context) -> frozenset[str]:
    """Lemmas of the verbs that may say a meeting."""
    words = ctx.lexicon.words
    kinds = ("talk_verbs", "phone_verbs", "travel_verbs", "welcome_verbs")
    return frozenset({"meet"}.union(*(words("meetings", k) for k in kinds)))


def _meet(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> tuple | None:
    """ "X met Y in Z on Monday": its sides and place; not "met the targets", "failed to meet
    the council's demands" (an object that is no actor)."""
    if any(c.dep_ == "dobj" and index.at(p.index, c) is None for c in verb.children):
        return None
    participants, _ = verb_participants(ctx, index, p, verb, False)
    return "meeting", participants, meeting_location(ctx, index, p, [verb])


def _talk(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> tuple | None:
    """ "X spoke with Y by telephone", "X called Y", "X and Y spoke today": a call."""
    if any(c.dep_ in ("oprd", "xcomp", "ccomp", "prt") for c in verb.children):
        return None  # "called him a liar", "called for talks", "called off"
    participants = talk_participants(ctx, index, p, verb)
    return ("call", participants, None) if participants else None


def _destination(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, preps: frozenset[str]
) -> str | None:
    """The place after "to" (or "in" for arrivals) of a verb of travel: a place name, or a
    name of no person ("travel to X" where the model took X for an organisation)."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "advmod")]  # "flying back to X"
    children = [c for h in heads for c in h.children]
    for prep in (c for c in children if c.dep_ == "prep" and c.lower_ in preps):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            found = index.at(p.index, obj)
            person = found is not None and index.actors[found.actor].type == "person"
            if noun_type(ctx, obj) is not None:
                continue  # "Return to Stalled Talks": the talks say the meeting
            if obj.ent_type_ in PLACE_LABELS or (obj.pos_ == "PROPN" and not person):
                return ent_text(p, obj)
    return None


def _travel(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> tuple | None:
    """ "X will travel to Z", "X arrived in Z", "X welcomed Y to Z": a visit to Z by X (and Y,
    hosted by the one who welcomes)."""
    words = ctx.lexicon.words
    place = _destination(ctx, index, p, verb, words("meetings", "travel_preps"))
    if place is None:
        return None
    out: dict[str, str] = {}
    welcome = verb.lemma_ in words("meetings", "welcome_verbs")
    for child in verb.children:
        if child.dep_ == "nsubj":
            add_actors(ctx, index, p, child, "host" if welcome else "participant", out)
        elif child.dep_ == "dobj" and welcome:
            add_actors(ctx, index, p, child, "participant", out)
    if welcome and not any(c.dep_ == "dobj" for c in verb.children):
        return None
    return "visit", out, place


def verb_mention(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> MeetingMention | None:
    """The meeting a verb says, with its sides, place, date and status; None when the verb
    says none (negated, hypothetical, "met for talks": the noun says it)."""
    if is_negated(verb) or is_hypothetical(ctx, verb) or names_meeting(ctx, verb):
        return None
    words = ctx.lexicon.words
    if verb.lemma_ == "meet":
        found = _meet(ctx, index, p, verb)
    elif verb.lemma_ in words("meetings", "talk_verbs") | words("meetings", "phone_verbs"):
        found = _talk(ctx, index, p, verb)
    else:
        found = _travel(ctx, index, p, verb)
    if found is None:
        return None
    kind, participants, location = found
    when = headline_day(ctx, p, verb, meeting_date(ctx, p, [verb], direction(ctx, verb, None)))
    if not participants and when.start is None and kind != "visit":
        return None  # a trip needs no more than its destination
    return MeetingMention(
        pidx=p.index,
        start=p.start(verb),
        end=p.end(verb),
        text=verb.text,
        type=kind,
        anaphoric=False,
        verbal=True,
        participants=participants,
        location=location,
        date=when.start,
        end_date=when.end,
        precision=when.precision,
        assumed=when.assumed,
        status=verb_status(ctx, verb, None, when),
        hosted=any(role == "host" for role in participants.values()),
    )
