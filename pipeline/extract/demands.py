"""Demands (who demands what from whom) and the responses that reject or accept them."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..ids import actor_id, make_id, occurrence
from .actors.model import ActorIndex, Mention
from .actors.names import demonym_actor, ensure_actor, side
from .actors.references import actors_of, confidence
from .context import Context, Parsed
from .responses import Response, content_words, link, response_at
from .statements.model import Statement
from .statements.speakers import subject_of

INFINITIVE_DEPS = ("xcomp", "ccomp", "advcl")


@dataclass
class Demand:
    """One demand; offsets are source coordinates."""

    pidx: int
    demander: str
    addressee: str | None
    cue: str
    start: int
    end: int
    ev_start: int
    ev_end: int
    confidence: float
    status: str = "made"
    responses: list[Response] = field(default_factory=list)
    coordinated: bool = False  # one of several demanders of the same words ("A and B demand")
    nominal: bool = False  # read from a noun ("Chinese calls to lift X"), not a verb


def _span(ctx: Context, p: Parsed, first: Token, last: Token) -> tuple[int, int]:
    """Source span from `first` to `last`, cut at the first comma or dash after `first`."""
    breaks = ctx.lexicon.words("demands", "clause_breaks")
    for t in p.doc[first.i + 1 : last.i + 1]:
        if t.text in (",", ";", "—", "–", "(") or t.lower_ in breaks:
            last = p.doc[t.i - 1]
            break
    while last.i > first.i and (last.is_punct or last.dep_ in ("cc", "mark")):
        last = p.doc[last.i - 1]
    return p.start(first), p.end(last)


def _phrase(ctx: Context, p: Parsed, head: Token) -> tuple[int, int]:
    """The words a demanded action spans: the phrase under `head`, "not to" included."""
    first = head.left_edge
    for child in head.children:
        if child.dep_ == "neg" and child.i < first.i:
            first = child
    while first.dep_ == "mark" and first.i < head.i:
        first = p.doc[first.i + 1]
    return _span(ctx, p, first, head.right_edge)


def _unrepeated(ctx: Context, token: Token) -> bool:
    negated = any(g.dep_ == "neg" for g in token.children)
    repeat = ctx.lexicon.words("demands", "repeat_verbs")
    return token.dep_ == "conj" and token.lemma_ in repeat and negated


def _blocked(ctx: Context, p: Parsed, verb: Token) -> bool:
    """Negated, hypothetical, past-not-repeated, questioned or denied cues make no demand."""
    lex = ctx.lexicon.demands
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return True
    if any(c.lower_ in lex["blocking_aux"] for c in children if c.dep_ == "aux"):
        return True
    had = verb.tag_ == "VBN" and any(c.lower_ == "had" for c in children if c.dep_ == "aux")
    if had:
        time_tokens = [
            t for c in children if c.dep_ in ("advmod", "npadvmod", "prep") for t in c.subtree
        ]
        dated = any(t.ent_type_ == "DATE" for t in time_tokens)
        if dated or {t.lower_ for t in time_tokens} & set(lex["past_markers"]):
            return True  # "had demanded ... in 2019": a past demand, not one made now
    if any(_unrepeated(ctx, c) for c in children):
        return True  # "demanded X, but did not repeat it"
    if p.sent(verb).text.rstrip().rstrip("\"”’'").endswith("?"):
        return True
    return any(a.lemma_ in lex["denial_verbs"] for a in verb.ancestors)


def _addressee(index: ActorIndex, p: Parsed, span: tuple[int, int], demander: str) -> str | None:
    for m in sorted(index.mentions, key=lambda m: m.start):
        if m.pidx == p.index and span[0] <= m.start < span[1] and m.actor != demander:
            return m.actor
    return None


def _cue_parts(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> tuple | None:
    """(action head or span, addressee token) for a demand cue verb, else None."""
    lex = ctx.lexicon.demands
    lemma = verb.lemma_.lower()
    cue_lists = (
        lex["verb_object_clause"],
        lex.get("first_person_clause", ()),
        lex["verb_prep"],
        lex["verb_clause"],
        lex["verb_object"],
        lex["want_verbs"],
    )
    if not any(lemma in words for words in cue_lists):
        return None  # none of the rules below is about this verb: skip the parse checks
    children = list(verb.children)
    objects = [c for c in children if c.dep_ in ("dobj", "dative")]
    on = [
        g
        for c in children
        if c.dep_ == "prep" and c.lower_ in lex["addressee_preps"]
        for g in c.children
        if g.dep_ == "pobj"
    ]
    infinitives = [
        c
        for c in children
        if c.dep_ in INFINITIVE_DEPS
        and c.i > verb.i
        and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
    ]
    for target in objects + on:
        infinitives += [c for c in target.children if c.dep_ in ("xcomp", "acl", "relcl")]
    if lemma in lex["verb_object_clause"] and (objects or on) and infinitives:
        return infinitives[0], (objects + on)[0]
    subject = subject_of(verb)
    first_person = subject is not None and subject.lower_ in ctx.lexicon.speech["first_person"]
    if lemma in lex.get("first_person_clause", ()) and first_person:
        if objects and infinitives:
            return infinitives[0], objects[0]  # "We want Minsk to restore traffic"
        for clause in infinitives:
            agent = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if clause.dep_ == "ccomp" and agent is not None:
                return clause, agent  # the parser's reading of "We expect Minsk to restore"
    for prep in (c for c in children if c.dep_ == "prep"):
        if prep.lower_ in (lex["verb_prep"].get(lemma) or []):
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, None
    if lemma in lex["verb_clause"]:
        clause = next((c for c in children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if clause is not None:
            return clause, None
    if lemma in lex["verb_object"] and objects and objects[0].pos_ != "PRON":
        return objects[0], None
    relative = objects and objects[0].lower_ in lex["relative_pronouns"] and verb.dep_ == "relcl"
    if lemma in lex["verb_object"] and relative:
        return verb.head, None  # "the islands, which X demands"
    if lemma in lex["want_verbs"] and objects and objects[0].lower_ in lex["want_objects"]:
        return objects[0], None
    return None


def _ultimatum(ctx: Context, p: Parsed, verb: Token) -> tuple | None:
    """ "gave X an ultimatum to ...", "gave X 48 hours to ...": (action head, addressee)."""
    lex = ctx.lexicon.demands
    if verb.lemma_ not in lex["ultimatum_verbs"]:
        return None
    nouns = set(lex["ultimatum_nouns"]) | set(lex["time_nouns"])
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in nouns]
    if not objects:
        return None
    action = next((t for t in objects[0].subtree if t.dep_ in ("acl", "relcl", "xcomp")), None)
    action = action or next((c for c in verb.children if c.dep_ in ("xcomp", "advcl")), None)
    dative = next((c for c in verb.children if c.dep_ in ("dative", "iobj")), None)
    if dative is None:
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        dative = next((g for g in to.children if g.dep_ == "pobj"), None) if to else None
    return (action, dative) if action is not None else None


def _demander(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> Mention | None:
    subject = subject_of(verb)
    if subject is None:
        return None
    if subject.lower_ in ctx.lexicon.speech["first_person"]:
        start = p.start(subject)
        inside = [s for s in statements if s.start <= start < s.end and s.speaker is not None]
        return inside[0].speaker if inside else None
    return actors_of(ctx, index, p, subject)


def _modal(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, statements: list[Statement]
) -> Demand | None:
    """ "X must withdraw" inside reported speech: the speaker demands it of X."""
    if token.lower_ not in ctx.lexicon.demands["modal_verbs"] or token.dep_ != "aux":
        return None
    verb = token.head
    if _blocked(ctx, p, verb):
        return None
    start = p.start(token)
    speakers = [s for s in statements if s.start <= start < s.end and s.speaker is not None]
    if not speakers:
        return None
    subject = subject_of(verb)
    addressee = actors_of(ctx, index, p, subject) if subject is not None else None
    span = _span(ctx, p, token, verb.right_edge)
    demander = speakers[0].speaker.actor
    return Demand(
        p.index,
        demander,
        addressee.actor if addressee else None,
        token.lower_,
        span[0],
        span[1],
        p.start(subject or token),
        span[1],
        round(0.8 * speakers[0].confidence, 3),
    )


def _demands(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> list[Demand]:
    """The demand a cue verb makes, one per demander when the subject is coordinated
    ("Lithuania and Poland have demanded ...")."""
    found = _demand(ctx, index, p, verb, statements)
    if found is None:
        return []
    subject = subject_of(verb)
    mention = actors_of(ctx, index, p, subject) if subject is not None else None
    group = mention.group if mention is not None and mention.actor == found.demander else ()
    if len(group) < 2 or subject.lower_ in ctx.lexicon.speech["first_person"]:
        return [found]
    out = []
    for actor in dict.fromkeys(group):
        others = found.addressee if found.addressee not in group else None
        out.append(
            Demand(
                **{
                    **found.__dict__,
                    "demander": actor,
                    "addressee": others,
                    "responses": [],
                    "coordinated": True,
                }
            )
        )
    return out


def _demand(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> Demand | None:
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    parts = _cue_parts(ctx, index, p, verb) or _ultimatum(ctx, p, verb)
    if parts is None or _blocked(ctx, p, verb):  # parts first: it rules out most verbs cheaply
        return None
    head, addressee_token = parts
    demander = _demander(ctx, index, p, verb, statements)
    if demander is None:
        return None
    span = _phrase(ctx, p, head)
    addressee = actors_of(ctx, index, p, addressee_token) if addressee_token is not None else None
    name = addressee.actor if addressee else _addressee(index, p, span, demander.actor)
    subject = subject_of(verb)
    ev_start = min(
        span[0], p.start(verb), p.start(subject.left_edge if subject is not None else verb)
    )
    ev_end = max(span[1], p.end(verb))
    return Demand(
        p.index,
        demander.actor,
        name,
        verb.lemma_.lower(),
        span[0],
        span[1],
        ev_start,
        ev_end,
        confidence(demander),
    )


def _nominal(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> Demand | None:
    """ "Chinese calls to lift X", "its demand for X", "calls from Y for X": a demand named by a
    noun, with its demander (possessor, demonym or "from Y") and demanded action. The object
    of a response verb is addressed to the responder ("Australia refused Chinese calls")."""
    lex = ctx.lexicon.demands
    if noun.lower_ not in lex.get("nominal_nouns", ()) or noun.pos_ != "NOUN":
        return None
    if p.quote_of(noun) is not None:
        return None
    action = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "advcl", "relcl", "xcomp")
            and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
        ),
        None,
    )
    if action is None and noun.dep_ == "dobj":  # the parser's "refused [calls] [to lift X]"
        action = next(
            (
                c
                for c in noun.head.children
                if c.dep_ in ("xcomp", "advcl")
                and c.left_edge.i == noun.right_edge.i + 1
                and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
            ),
            None,
        )
    if action is None:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        action = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    if action is None:
        return None
    demander = None
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod"):
            mention = actors_of(ctx, index, p, child)
            demander = mention.actor if mention else None
        elif child.dep_ == "amod":
            demander = demonym_actor(ctx, index, child.text)
            demander = ensure_actor(ctx, index, demander) if demander else None
        elif child.dep_ == "prep" and child.lower_ == "from":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            mention = actors_of(ctx, index, p, obj) if obj is not None else None
            demander = mention.actor if mention else None
        if demander:
            break
    if demander is None:
        return None
    addressee = None
    verb = noun.head
    kinds = set(lex["reject_verbs"]) | set(lex["accept_verbs"])
    if noun.dep_ == "dobj" and verb.lemma_.lower() in kinds:
        subject = subject_of(verb)
        mention = actors_of(ctx, index, p, subject) if subject is not None else None
        addressee = mention.actor if mention and mention.actor != demander else None
    span = _phrase(ctx, p, action)
    start = min(span[0], p.start(noun.left_edge))
    return Demand(
        p.index,
        demander,
        addressee,
        noun.lower_,
        span[0],
        span[1],
        start,
        span[1],
        0.8,
        nominal=True,
    )


def find_demands(ctx: Context, index: ActorIndex, statements: list[Statement]) -> list[Demand]:
    """Demands of a source with their responses."""
    demands: list[Demand] = []
    responses: list[Response] = []
    for p in ctx.parsed:
        if p.passage.kind == "caption":
            continue
        for token in p.tokens:
            modal = _modal(ctx, index, p, token, statements) or _nominal(ctx, index, p, token)
            found = [modal] if modal else _demands(ctx, index, p, token, statements)
            if found and not any(
                d.start < found[0].end and found[0].start < d.end for d in demands
            ):
                demands += found
            response = response_at(ctx, index, p, token)
            if response is not None:
                responses.append(response)
    demands = _merge(ctx, index, demands)
    for response in responses:
        link(ctx, index, demands, response)
    return demands


def _same(ctx: Context, index: ActorIndex, a: Demand, b: Demand) -> bool:
    """A restatement: same side, compatible addressee, same CAMEO code, and a shared word or
    a headline restating the body."""
    text = ctx.source.text
    if side(ctx, index, a.demander) != side(ctx, index, b.demander):
        return False
    if a.addressee and b.addressee and a.addressee != b.addressee:
        return False
    if _code(ctx, text[a.start : a.end]) != _code(ctx, text[b.start : b.end]):
        return False
    headline = ctx.parsed[a.pidx].passage.kind == "title"
    return headline or bool(
        content_words(ctx, text[a.start : a.end]) & content_words(ctx, text[b.start : b.end])
    )


def _merge(ctx: Context, index: ActorIndex, demands: list[Demand]) -> list[Demand]:
    """One demand per restated demand; the first statement of it stays."""
    kept: list[Demand] = []
    for demand in sorted(demands, key=lambda d: (d.nominal, d.start)):
        same = next((k for k in kept if _same(ctx, index, k, demand)), None)
        if same is None:
            kept.append(demand)
        elif same.addressee is None:
            same.addressee = demand.addressee
    return kept


def _code(ctx: Context, demand_text: str) -> str:
    text = demand_text.lower()
    for rule in ctx.lexicon.cameo["demand_keywords"]:
        if any(word in text for word in rule["words"]):
            return rule["code"]
    return ctx.lexicon.cameo["default_demand"]


def _response_row(ctx: Context, r: Response, demand_id: str, code: str, version: str) -> dict:
    cameo = ctx.lexicon.cameo
    kind = "reject" if r.response == "rejected" else "accept"
    codes, default = cameo[f"{kind}_by_demand"], cameo[f"default_{kind}"]
    text = ctx.source.text
    evidence = text[r.start : r.end]
    return {
        "response_id": make_id(
            "dr", ctx.source_id, demand_id, evidence, occurrence(text, evidence, r.start)
        ),
        "demand_id": demand_id,
        "source_id": ctx.source_id,
        "responder_id": actor_id(r.responder),
        "response": r.response,
        "cameo_code": codes.get(code, default),
        "char_start": r.start,
        "char_end": r.end,
        "text": evidence,
        "extractor_version": version,
    }


def demand_rows(ctx: Context, index: ActorIndex, demands: list[Demand], version: str) -> dict:
    """Rows of demands and demand_responses."""
    text = ctx.source.text
    rows: dict[str, list[dict]] = {"demands": [], "demand_responses": []}
    for d in demands:
        evidence = text[d.ev_start : d.ev_end]
        parts = ["demand", evidence, occurrence(text, evidence, d.ev_start)]
        if d.coordinated:  # the same words make one demand per demander
            parts.append(actor_id(d.demander))
        did = make_id("dm", ctx.source_id, *parts)
        code = _code(ctx, text[d.start : d.end])
        index.used |= {d.demander} | ({d.addressee} if d.addressee else set())
        rows["demands"].append(
            {
                "demand_id": did,
                "source_id": ctx.source_id,
                "demander_id": actor_id(d.demander),
                "addressee_id": actor_id(d.addressee) if d.addressee else None,
                "demand": text[d.start : d.end],
                "cue": d.cue,
                "cameo_code": code,
                "status": d.status,
                "char_start": d.ev_start,
                "char_end": d.ev_end,
                "text": evidence,
                "confidence": d.confidence,
                "extractor_version": version,
            }
        )
        for r in d.responses:
            index.used.add(r.responder)
            rows["demand_responses"].append(_response_row(ctx, r, did, code, version))
    return rows
