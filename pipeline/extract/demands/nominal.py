"""A demand named by a noun ("calls to reopen the port", "its demand for a recount")."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.names import demonym_actor, ensure_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_to_infinitive
from ..statements.speakers import subject_of
from .actions import action_phrases, one_per_action
from .model import Demand
from .responses import passive_agent


def nominal_demands(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> list[Demand]:
    """Demands named by a noun ("the union's calls to reopen X", "its request for X", "calls
    from Y for X", "stressed the need for X and Y"), one per demanded action, with their
    demander; the object of a response verb is addressed to the responder ("the mayor refused
    the union's calls to ...")."""
    lex = ctx.lexicon.demands
    need = noun.lower_ in lex.get("need_nouns", ())
    if not need and noun.lower_ not in lex.get("nominal_nouns", ()) or noun.pos_ != "NOUN":
        return []
    if p.quote_of(noun) is not None:
        return []
    action = _action(noun)
    if action is None:
        return []
    demander = _stance_holder(ctx, index, p, noun) if need else _demander(ctx, index, p, noun)
    if demander is None:
        return []
    spans = action_phrases(ctx, p, action)
    demand = Demand(
        pidx=p.index,
        demander=demander,
        addressee=_addressee(ctx, index, p, noun, demander),
        cue=noun.lower_,
        start=spans[0][0],
        end=spans[0][1],
        ev_start=min(spans[0][0], p.start(noun.left_edge)),
        ev_end=spans[0][1],
        confidence=0.8,
        nominal=True,
    )
    return one_per_action(demand, spans)


def _stance_holder(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> str | None:
    """Who states a need: the subject of the verb that stresses it ("the minister stressed
    the need for X"), or the author of a document about it ("the delegation tabled a paper
    on the need for X")."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if (
        noun.dep_ not in ("dobj", "pobj")
        or verb.lemma_.lower() not in ctx.lexicon.demands["stance_verbs"]
    ):
        return None
    if verb.dep_ == "acl" and verb.head.dep_ == "dobj":
        verb = verb.head.head  # "tabled a document stressing the need ..."
    subject = subject_of(verb)
    mention = actors_of(ctx, index, p, subject) if subject is not None else None
    return mention.actor if mention else None


def _action(noun: Token) -> Token | None:
    """The head of the demanded action: "calls to reopen X", "a request for X"."""
    for child in noun.children:
        if child.dep_ in ("acl", "advcl", "relcl", "xcomp") and is_to_infinitive(child):
            return child
    if noun.dep_ == "dobj":  # the parser's "refused [calls] [to lift X]"
        for child in noun.head.children:
            next_to = child.left_edge.i == noun.right_edge.i + 1
            if child.dep_ in ("xcomp", "advcl") and next_to and is_to_infinitive(child):
                return child
    for child in noun.children:  # "the demand that the board resign"
        mark = first_child(child, "mark")
        if child.dep_ in ("acl", "ccomp") and mark is not None and mark.lower_ == "that":
            return child
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    return first_child(prep, "pobj") if prep else None


def _demander(ctx: Context, index: ActorIndex, p: Parsed, noun: Token) -> str | None:
    """Who demands: a possessor ("its calls"), a demonym ("French calls"), "calls from Y",
    "demands by Y"."""
    for child in noun.children:
        demander = None
        if child.dep_ in ("poss", "compound", "nmod"):
            mention = actors_of(ctx, index, p, child)
            demander = mention.actor if mention else None
        elif child.dep_ == "amod":
            demander = demonym_actor(ctx, index, child.text)
            demander = ensure_actor(ctx, index, demander) if demander else None
        elif child.dep_ == "prep" and child.lower_ in ctx.lexicon.demands["demander_preps"]:
            obj = first_child(child, "pobj")
            mention = actors_of(ctx, index, p, obj) if obj is not None else None
            demander = mention.actor if mention else None
        if demander:
            return demander
    return None


def _addressee(
    ctx: Context, index: ActorIndex, p: Parsed, noun: Token, demander: str
) -> str | None:
    """Who rejects or accepts the demand: "X refused the calls", "the calls were refused by X"."""
    lex = ctx.lexicon.demands
    verb, kinds = noun.head, set(lex["reject_verbs"]) | set(lex["accept_verbs"])
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in kinds:
        return None
    subject = subject_of(verb) if noun.dep_ == "dobj" else passive_agent(verb)
    mention = actors_of(ctx, index, p, subject) if subject is not None else None
    return mention.actor if mention and mention.actor != demander else None
