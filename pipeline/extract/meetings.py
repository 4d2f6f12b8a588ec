"""Meetings: summits, talks, council meetings, press conferences and planned meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Token

from .actors.model import ActorIndex
from .actors.names import demonym_actor
from .actors.references import actors_of
from .context import Context, Parsed
from .dates import resolve_date


@dataclass
class MeetingMention:
    """One span that refers to a meeting, with what its clause says about the meeting."""

    pidx: int
    start: int
    end: int
    text: str
    type: str
    anaphoric: bool
    participants: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    date: dt.date | None = None
    precision: str = "unknown"
    status: str = "held"
    plural: bool = False
    hosted: bool = False


@dataclass
class Meeting:
    """One real event with all its mentions."""

    mentions: list[MeetingMention]

    @property
    def first(self) -> MeetingMention:
        return self.mentions[0]

    def value(self, attr: str) -> object:
        return next((getattr(m, attr) for m in self.mentions if getattr(m, attr)), None)

    def participants(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for m in self.mentions:
            for actor, role in m.participants.items():
                out[actor] = "host" if "host" in (role, out.get(actor)) else role
        return out


def _noun_type(ctx: Context, token: Token) -> str | None:
    nouns = ctx.lexicon.meetings["nouns"]
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
        return None
    prev = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return nouns.get(f"{prev} {token.lower_}") or nouns.get(token.lower_)


def _governor(token: Token) -> Token:
    """The verb whose clause says when, where and by whom a meeting noun happens."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _is_future(ctx: Context, verb: Token, noun: Token | None) -> bool:
    words = ctx.lexicon.words
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    mods = {c.lower_ for c in noun.children} if noun is not None else set()
    xcomp_to = verb.lemma_ == "be" and any(c.dep_ == "xcomp" for c in verb.children)
    planned = verb.lemma_ in words("meetings", "plan_verbs")
    future = bool(aux & words("meetings", "future_aux"))
    return future or xcomp_to or planned or bool(mods & words("meetings", "future_modifiers"))


def _status(ctx: Context, verb: Token, noun: Token | None, date: dt.date | None) -> str:
    published = ctx.source.published
    progressive = verb.tag_ == "VBG" and any(
        c.lower_ in ctx.lexicon.words("meetings", "progressive_aux") for c in verb.children
    )
    if _is_future(ctx, verb, noun) or (date and published and date > published):
        return "planned"
    if progressive or (date and published and date == published and verb.tag_ in ("VBZ", "VBP")):
        return "ongoing"
    return "held"


def _date(ctx: Context, p: Parsed, anchors: list[Token], future: bool) -> tuple:
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


def _location(ctx: Context, index: ActorIndex, p: Parsed, anchors: list[Token]) -> str | None:
    """ "in Geneva" on the meeting noun, its verb, or a time phrase of them ("on 10 May in X")."""
    deeper = [
        g
        for a in anchors
        for c in a.children
        if c.dep_ == "prep" and c.lower_ != "in"
        for g in c.children
        if g.dep_ == "pobj"
    ]
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
                    return _ent_text(p, obj)
    return None


def _calendar_word(ctx: Context, token: Token) -> bool:
    words = ctx.lexicon.words
    return token.lower_ in words("dates", "months") or token.lower_ in words("dates", "weekdays")


def _ent_text(p: Parsed, token: Token) -> str:
    for ent in p.ents:
        if ent.start <= token.i < ent.end and ent.label_ not in ("DATE", "TIME", "CARDINAL"):
            return ent.text
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return token.doc[(words[0] if words else token).i : token.i + 1].text


def _add_actors(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, role: str, out: dict[str, str]
) -> None:
    mention = actors_of(ctx, index, p, token)
    if mention is not None:
        for actor in mention.group or (mention.actor,):
            out.setdefault(actor, role)
    for child in token.children:
        found = index.at(p.index, child) if child.dep_ == "appos" else None
        if found is not None and index.actors[found.actor].type == "person":
            out.setdefault(found.actor, role)


def _places(ctx: Context) -> frozenset[str]:
    """Names the source uses as places ("in Solvik"), computed once per source."""
    if "places" not in ctx.extras:
        names = set()
        words = ctx.lexicon.words
        preps = words("meetings", "location_preps") | words("meetings", "vicinity_preps")
        for p in ctx.parsed:
            for prep in (t for t in p.tokens if t.lower_ in preps):
                names |= {
                    _ent_text(p, o) for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                }
        ctx.extras["places"] = frozenset(names)
    return ctx.extras["places"]


def _noun_participants(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> dict[str, str]:
    out: dict[str, str] = {}
    places = _places(ctx)
    preps = ctx.lexicon.words("meetings", "participant_preps")
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "poss", "amod"):
            for t in child.subtree:
                m = index.at(p.index, t)
                place = m is not None and m.text in places
                if place and not index.actors[m.actor].in_registry:
                    continue
                if m is not None:
                    out.setdefault(m.actor, "participant")
        if child.dep_ == "prep" and child.lower_ in preps:
            for t in child.subtree:
                m = index.at(p.index, t)
                if m is not None and m.actor not in out:
                    out[m.actor] = "participant"
                elif m is None and t.dep_ == "amod" and t.head.dep_ == "pobj":
                    country = demonym_actor(ctx, index, t.text)  # "his Lithuanian counterpart"
                    if country is not None and country in index.actors:
                        out.setdefault(country, "participant")
        if child.dep_ == "appos" and index.at(p.index, child):
            _add_actors(ctx, index, p, child, "participant", out)
    return out


def _verb_participants(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, host: bool
) -> tuple[dict[str, str], str | None]:
    """Subject (and object) of a meet/hold/host verb; a hosting city becomes the location."""
    out: dict[str, str] = {}
    location = None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj", "prep"):
            continue
        if child.dep_ == "prep":
            if child.lower_ != "with" or verb.lemma_ != "meet":
                continue
            child = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ == "dobj" and verb.lemma_ != "meet":
            continue
        mention = actors_of(ctx, index, p, child)
        if (
            host
            and child.dep_ == "nsubj"
            and child.ent_type_ == "GPE"
            and (mention is None or not index.actors[mention.actor].in_registry)
        ):
            location = _ent_text(p, child)
            continue
        role = "host" if host and child.dep_ == "nsubj" else "participant"
        _add_actors(ctx, index, p, child, role, out)
    return out, location


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


def _generic(ctx: Context, noun: Token, kind: str) -> bool:
    """ "future meetings", bare "negotiations": not a particular event."""
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
    if mods & set(ctx.lexicon.meetings["generic_modifiers"]):
        return True
    need = set(ctx.lexicon.meetings["need_modifier"])
    if noun.lower_ in need and not mods:
        return True
    plural = _plural(ctx, noun)
    return plural and not dets and not mods


def _plural(ctx: Context, noun: Token) -> bool:
    """A plural noun, but not one that names one event ("the talks")."""
    one_event = ctx.lexicon.words("meetings", "one_event_plurals")
    return noun.tag_ in ("NNS", "NNPS") and noun.lower_ not in one_event


def _clause_chain(verb: Token) -> list[Token]:
    """The verb and, while it has no subject of its own, the verbs it hangs from."""
    chain = [verb]
    while (
        len(chain) < 4
        and chain[-1].dep_ in ("advcl", "xcomp", "conj")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in chain[-1].children)
    ):
        chain.append(chain[-1].head)
    return chain


def _noun_mention(
    ctx: Context, index: ActorIndex, p: Parsed, noun: Token, kind: str
) -> MeetingMention:
    gov = _governor(noun)
    words = ctx.lexicon.words
    host = gov.lemma_ in words("meetings", "host_verbs") and noun.dep_ == "dobj"
    participants = _noun_participants(ctx, index, p, noun)
    location = None
    holds = set(ctx.lexicon.meetings["hold_verbs"]) | set(ctx.lexicon.meetings["meet_verbs"])
    if (noun.dep_ in ("dobj", "nsubjpass") and gov.lemma_ in holds) or (
        noun.dep_ == "pobj" and noun.head.lower_ in words("meetings", "during_preps")
    ):
        verb_parts, location = _verb_participants(ctx, index, p, gov, host)
        for actor, role in verb_parts.items():
            participants.setdefault(actor, role)
    anchors = [noun, *_clause_chain(gov)]  # "X and Y agreed on Sunday ..., ending a summit"
    if gov.lemma_ in holds and len(anchors) > 2:
        for actor, role in _verb_participants(ctx, index, p, anchors[-1], False)[0].items():
            participants.setdefault(actor, role)
    # "agreed on Thursday to ..., after two days of talks": the talks came first
    outer = noun  # "after two days of talks": climb "of" to the phrase "after" governs
    while outer.dep_ == "pobj" and outer.head.lower_ == "of" and outer.head.head.pos_ == "NOUN":
        outer = outer.head.head
    before_event = outer.dep_ == "pobj" and outer.head.lower_ in words("meetings", "after_preps")
    future_aux = words("meetings", "future_aux")
    will = any(c.lower_ in future_aux for v in anchors[1:] for c in v.children)
    past = before_event and not will
    future = _is_future(ctx, gov, noun) and not past
    date, precision = _date(ctx, p, anchors, future)
    start = noun.left_edge.i if noun.left_edge.i < noun.i else noun.i
    rounds = words("meetings", "round_nouns")
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in rounds:
        start = noun.head.head.left_edge.i  # "a second round of talks"
    start = next((t.i for t in p.doc[start : noun.i + 1] if not t.is_punct), noun.i)
    span = p.doc[start : noun.i + 1]
    return MeetingMention(
        p.index,
        p.start(span[0]),
        p.end(span[-1]),
        span.text,
        kind,
        _anaphoric(ctx, noun),
        participants,
        location or _location(ctx, index, p, anchors),
        date,
        precision,
        "planned" if _ahead(ctx, noun) else "held" if past else _ongoing(ctx, gov, noun, date),
        _plural(ctx, noun),
        host,
    )


def _ongoing(ctx: Context, verb: Token, noun: Token, date: dt.date | None) -> str:
    """ "Talks entered their third day", "trade talks stall": under way, unless planned."""
    status = _status(ctx, verb, noun, date)
    ongoing = set(ctx.lexicon.meetings.get("ongoing_verbs") or ())
    if status == "held" and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ongoing:
        return "ongoing"
    return status


def _ahead(ctx: Context, noun: Token) -> bool:
    """ "ahead of a summit", "before the talks", "prior to the meeting": still to come."""
    words = ctx.lexicon.words
    head = noun.head
    if noun.dep_ != "pobj":
        return False
    ahead = words("meetings", "ahead_words")
    if head.lower_ in words("meetings", "ahead_preps") and head.head.lower_ in ahead:
        return True
    return head.lower_ == "before"


def _speakers(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> dict[str, str]:
    """ "X, speaking after talks with ...", "X told reporters after the summit": X took part."""
    words = ctx.lexicon.words
    took_part = words("meetings", "during_preps") | words("meetings", "after_preps")
    if noun.dep_ != "pobj" or noun.head.lower_ not in took_part:
        return {}
    for verb in _clause_chain(_governor(noun)):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            out: dict[str, str] = {}
            _add_actors(ctx, index, p, subject, "participant", out)
            return out
    return {}


def _called_for(ctx: Context, noun: Token) -> bool:
    """ "called for an emergency meeting", "proposed a summit": a meeting only demanded."""
    lex = ctx.lexicon.demands
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        return head.lower_ in (lex["verb_prep"].get(head.head.lemma_.lower()) or [])
    demand_verbs = set(lex["verb_object"]) | ctx.lexicon.words("meetings", "proposal_verbs")
    return noun.dep_ == "dobj" and head.lemma_.lower() in demand_verbs


def _verb_mention(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> MeetingMention | None:
    participants, _ = _verb_participants(ctx, index, p, verb, False)
    if any(c.dep_ == "neg" for c in verb.children) or _hypothetical(ctx, verb):
        return None
    date, precision = _date(ctx, p, [verb], _is_future(ctx, verb, None))
    if not participants and date is None:
        return None
    return MeetingMention(
        p.index,
        p.start(verb),
        p.end(verb),
        verb.text,
        "meeting",
        False,
        participants,
        _location(ctx, index, p, [verb]),
        date,
        precision,
        _status(ctx, verb, None, date),
    )


def _hypothetical(ctx: Context, token: Token) -> bool:
    """A meeting that only could, might or should happen."""
    verb = _governor(token) if token.pos_ != "VERB" else token
    aux = ctx.lexicon.words("meetings", "hypothetical_aux")
    return any(c.dep_ == "aux" and c.lower_ in aux for c in verb.children)


def _passage_mentions(ctx: Context, index: ActorIndex, p: Parsed) -> list[MeetingMention]:
    out = []
    for token in p.tokens:
        if p.quote_of(token) is not None:
            continue
        kind = _noun_type(ctx, token)
        if kind and not _generic(ctx, token, kind) and not _called_for(ctx, token):
            found = _noun_mention(ctx, index, p, token, kind)
            # not for "after the talks": an anaphor whose participants would keep it apart
            for actor, role in ({} if found.anaphoric else _speakers(ctx, index, p, token)).items():
                found.participants.setdefault(actor, role)
            if found.anaphoric or not _hypothetical(ctx, token):
                out.append(found)
        elif token.pos_ == "VERB" and token.lemma_ == "meet":
            found = _verb_mention(ctx, index, p, token)
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
