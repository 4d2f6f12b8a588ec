"""A demand named by a noun ("calls to lift the sanctions", "its demand for a ceasefire")."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.names import demonym_actor, ensure_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..statements.speakers import subject_of
from .actions import action_phrase
from .model import Demand


def nominal_demand(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> Demand | None:
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
    span = action_phrase(ctx, p, action)
    start = min(span[0], p.start(noun.left_edge))
    return Demand(
        pidx=p.index,
        demander=demander,
        addressee=addressee,
        cue=noun.lower_,
        start=span[0],
        end=span[1],
        ev_start=start,
        ev_end=span[1],
        confidence=0.8,
        nominal=True,
    )
