"""Demands made with a cue verb ("urged X to ...", "called for X", "insisted that ...", "set X
a deadline"), unless negated, hypothetical, past, questioned or denied."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_negated, is_to_infinitive
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .actions import action_phrases, one_per_action
from .demanders import demander_of
from .model import Demand

INFINITIVE_DEPS = ("xcomp", "ccomp", "advcl")


def _unrepeated(ctx: Context, token: Token) -> bool:
    repeat = ctx.lexicon.words("demands", "repeat_verbs")
    return token.dep_ == "conj" and token.lemma_ in repeat and is_negated(token)


def blocked(ctx: Context, p: Parsed, verb: Token, negation: bool = True) -> bool:
    """Negated, hypothetical, past-not-repeated, questioned or denied cues make no demand
    (with `negation` False, a negated verb still may: "X should not act" demands it)."""
    lex = ctx.lexicon.demands
    children = list(verb.children)
    if negation and is_negated(verb):
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
            return True  # "had demanded a recount last year": a past demand, not one made now
    if any(_unrepeated(ctx, c) for c in children):
        return True  # "demanded a recount, but did not repeat the demand"
    if p.sent(verb).text.rstrip().rstrip("\"”’'").endswith("?"):
        return True
    return any(a.lemma_ in lex["denial_verbs"] for a in verb.ancestors)


def _addressee(index: ActorIndex, p: Parsed, span: tuple[int, int], demander: str) -> str | None:
    for m in sorted(index.mentions, key=lambda m: m.start):
        if m.pidx == p.index and span[0] <= m.start < span[1] and m.actor != demander:
            return m.actor
    return None


Parts = tuple[Token, Token | None]  # the head of the demanded action, the addressee's token


@dataclass(frozen=True)
class _Governed:
    """What a cue verb governs: objects, "on X" objects and to-infinitives (its own, and those
    of its objects)."""

    objects: list[Token]
    on: list[Token]
    infinitives: list[Token]


def _governed(ctx: Context, verb: Token) -> _Governed:
    preps = ctx.lexicon.demands["addressee_preps"]
    children = list(verb.children)
    objects = [c for c in children if c.dep_ in ("dobj", "dative")]
    on = [
        g
        for c in children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]
    infinitives = [
        c for c in children if c.dep_ in INFINITIVE_DEPS and c.i > verb.i and is_to_infinitive(c)
    ]
    for target in objects + on:
        infinitives += [c for c in target.children if c.dep_ in ("xcomp", "acl", "relcl")]
    return _Governed(objects, on, infinitives)


def _cue_parts(ctx: Context, verb: Token) -> Parts | None:
    """(action head, addressee token) for a demand cue verb, else None."""
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
    governed = _governed(ctx, verb)
    return (
        _object_clause(ctx, lemma, governed)
        or _first_person_clause(ctx, verb, lemma, governed)
        or _prep_object(ctx, verb, lemma)
        or _for_clause(ctx, verb, lemma)
        or _clause(ctx, verb, lemma)
        or _object(ctx, verb, lemma, governed.objects)
        or _want_clause(ctx, lemma, governed)
    )


def _want_clause(ctx: Context, lemma: str, governed: _Governed) -> Parts | None:
    """ "wants to know what happened to X", "wants to see a ceasefire": a request for information
    or for a state of affairs."""
    lex = ctx.lexicon.demands
    if lemma not in lex["want_verbs"]:
        return None
    for clause in governed.infinitives:
        if clause.lemma_.lower() in lex["want_clause_verbs"]:
            return clause, None
    return None


def _object_clause(ctx: Context, lemma: str, governed: _Governed) -> Parts | None:
    """ "urged the council to vote", "called on the strikers to return to work"."""
    lex = ctx.lexicon.demands
    by_prep = lemma in lex.get("prep_addressee_only", ())
    addressees = governed.on if by_prep else governed.objects + governed.on
    clauses = [c for c in governed.infinitives if is_to_infinitive(c)]
    if lemma in lex["verb_object_clause"] and addressees and clauses:
        return clauses[0], addressees[0]
    if lemma in lex.get("subject_clause_verbs", ()):
        for clause in governed.infinitives:  # the parser's other reading: "wants [X to act]"
            agent = first_child(clause, "nsubj")
            if clause.dep_ == "ccomp" and agent is not None:
                return clause, agent
    return None


def _for_clause(ctx: Context, verb: Token, lemma: str) -> Parts | None:
    """ "called for the council to vote": a to-clause marked by the cue's preposition, whose
    subject is the addressee."""
    preps = ctx.lexicon.demands["verb_prep"].get(lemma) or []
    for clause in verb.children:
        if clause.dep_ in INFINITIVE_DEPS and is_to_infinitive(clause):
            mark = first_child(clause, "mark")
            if mark is not None and mark.lower_ in preps:
                return clause, first_child(clause, "nsubj")
    return None


def _first_person_clause(
    ctx: Context, verb: Token, lemma: str, governed: _Governed
) -> Parts | None:
    """ "We expect the council to vote": a demand only when the speakers say it of
    themselves."""
    if lemma not in ctx.lexicon.demands.get("first_person_clause", ()):
        return None
    subject = subject_of(verb)
    if subject is None or subject.lower_ not in ctx.lexicon.speech["first_person"]:
        return None
    if governed.objects and governed.infinitives:
        return governed.infinitives[0], governed.objects[0]
    for clause in governed.infinitives:
        agent = first_child(clause, "nsubj")
        if clause.dep_ == "ccomp" and agent is not None:
            return clause, agent  # the parser's other reading: "expect [them to vote]"
    return None


def _prep_object(ctx: Context, verb: Token, lemma: str) -> Parts | None:
    """ "called for a recount", "insisted on an apology", "asked the mayor for a recount"."""
    preps = ctx.lexicon.demands["verb_prep"].get(lemma) or []
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if prep.lower_ in preps:
            pobj = first_child(prep, "pobj")
            if pobj is not None:
                return pobj, first_child(verb, "dobj", "dative")
    return None


def _clause(ctx: Context, verb: Token, lemma: str) -> Parts | None:
    """ "insisted that the mayor resign"; not "asked whether the mayor would resign"."""
    if lemma in ctx.lexicon.demands["verb_clause"]:
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        mark = first_child(clause, "mark") if clause is not None else None
        question = clause is not None and clause.left_edge.tag_ in ("WDT", "WP", "WRB")
        if clause is not None and (mark is None or mark.lower_ == "that") and not question:
            return clause, None
    return None


def _object(ctx: Context, verb: Token, lemma: str, objects: list[Token]) -> Parts | None:
    """ "demanded the release of the data", "the land, which the farmers demand", "wants an
    answer"."""
    lex = ctx.lexicon.demands
    if lemma in lex["verb_object"] and objects and objects[0].pos_ != "PRON":
        return objects[0], None
    relative = objects and objects[0].lower_ in lex["relative_pronouns"] and verb.dep_ == "relcl"
    if lemma in lex["verb_object"] and relative:
        return verb.head, None
    if lemma in lex["want_verbs"] and objects and objects[0].lower_ in lex["want_objects"]:
        return objects[0], None
    return None


def _ultimatum(ctx: Context, p: Parsed, verb: Token) -> tuple | None:
    """ "set X a deadline to ...", "gave X two weeks to ...": (action head, addressee)."""
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


def verb_demands(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> list[Demand]:
    """The demands a cue verb makes: one per coordinated action ("urged X to A and to B"), and
    one per demander when the subject is coordinated ("the unions and the employers have
    demanded ...")."""
    found = _demand(ctx, index, p, verb, statements)
    if not found:
        return []
    subject = subject_of(verb)
    mention = actors_of(ctx, index, p, subject) if subject is not None else None
    group = mention.group if mention is not None and mention.actor == found[0].demander else ()
    if len(group) < 2 or subject.lower_ in ctx.lexicon.speech["first_person"]:
        return found
    out = []
    for demand in found:
        for actor in dict.fromkeys(group):
            others = demand.addressee if demand.addressee not in group else None
            out.append(
                dataclasses.replace(
                    demand, demander=actor, addressee=others, responses=[], coordinated=True
                )
            )
    return out


def _addressee_of(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, token: Token | None
) -> str | None:
    """The actor of the addressee's token, else of the object of "from" ("demanded an
    apology from the mayor")."""
    if token is None:
        preps = ctx.lexicon.demands["source_preps"]
        source = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps), None)
        token = first_child(source, "pobj") if source is not None else None
    mention = actors_of(ctx, index, p, token) if token is not None else None
    return mention.actor if mention else None


def _demand(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> list[Demand]:
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    parts = _cue_parts(ctx, verb) or _ultimatum(ctx, p, verb)
    if parts is None or blocked(ctx, p, verb):  # parts first: it rules out most verbs cheaply
        return []
    head, addressee_token = parts
    demander = demander_of(ctx, index, p, verb, statements)
    if demander is None:
        return []
    spans = action_phrases(ctx, p, head)
    span = spans[0]
    name = _addressee_of(ctx, index, p, verb, addressee_token) or _addressee(
        index, p, span, demander.actor
    )
    subject = subject_of(verb)
    ev_start = min(
        span[0], p.start(verb), p.start(subject.left_edge if subject is not None else verb)
    )
    ev_end = max(span[1], p.end(verb))
    demand = Demand(
        pidx=p.index,
        demander=demander.actor,
        addressee=name,
        cue=verb.lemma_.lower(),
        start=span[0],
        end=span[1],
        ev_start=ev_start,
        ev_end=ev_end,
        confidence=demander.confidence,
    )
    return one_per_action(demand, spans)
