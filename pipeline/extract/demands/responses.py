"""Responses (rejections, acceptances) to demands and the demands they answer."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..actors.names import demonym_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import first_child, is_negated, is_to_infinitive
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .model import Response, statements_at


def response_at(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> Response | None:
    """The response a verb makes: "turned down the request", "agreed to resign", else None."""
    lex = ctx.lexicon.demands
    kind = _kind(ctx, verb)
    if kind is None or p.quote_of(verb):
        return None
    sent_end = p.sent(verb).end
    after = p.tokens[verb.i + 1 : min(verb.i + 7, sent_end)]
    obj = next((t for t in after if t.lower_ in lex["demand_nouns"] and t.pos_ == "NOUN"), None)
    subject = subject_of(verb)
    if subject is not None and subject.dep_ == "nsubjpass":  # "the demand was rejected by X"
        obj = subject if subject.lower_ in lex["demand_nouns"] else None
        subject = passive_agent(verb)
        if obj is None or subject is None:
            return None
    responder = actors_of(ctx, index, p, subject) if subject is not None else None
    if responder is None:
        return None
    if obj is None:
        return _action_response(ctx, p, verb, subject, responder.actor, kind)
    end = obj.right_edge if obj.right_edge.i < sent_end else obj
    end = p.doc[end.i - 1] if end.is_punct else end
    first = min(subject.left_edge, obj.left_edge, verb, key=lambda t: t.i)
    last = max(end, subject, verb, key=lambda t: t.i)
    return Response(
        responder=responder.actor,
        response=kind,
        target=_target(ctx, index, p, verb, obj),
        start=p.start(first),
        end=p.end(last),
        topic=content_words(ctx, p.doc[obj.i + 1 : end.i + 1].text),
        plural=obj.tag_ in ("NNS", "NNPS"),
    )


def _kind(ctx: Context, verb: Token) -> str | None:
    """ "rejected", "ruled out", "did not agree": rejected; "agreed": accepted; else None (a
    negated rejection, "did not reject", answers nothing)."""
    lex = ctx.lexicon.demands
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    phrasal = particles & set(lex.get("reject_phrasal", {}).get(lemma, ()))
    if lemma in lex["reject_verbs"] or phrasal:
        return None if is_negated(verb) else "rejected"
    if lemma in lex["accept_verbs"]:
        return "rejected" if is_negated(verb) else "accepted"
    return None


def refusal_response(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, responder: str | None
) -> Response | None:
    """ "X will not withdraw its troops", "X said it would not free them": a refusal of what
    was demanded of X (the responder is the verb's demander-like subject, given)."""
    lex = ctx.lexicon.demands
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if responder is None or not (auxes & set(lex["refusal_aux"])) or not is_negated(verb):
        return None
    last = verb.right_edge
    for t in p.doc[verb.i + 1 : verb.right_edge.i + 1]:
        if t.text == "," or t.lower_ in lex["response_breaks"] or t.dep_ == "mark":
            last = p.doc[t.i - 1]
            break
    words = p.doc[verb.i : last.i + 1]
    subject = subject_of(verb)
    first = subject.left_edge if subject is not None and subject.i < verb.i else verb
    return Response(
        responder=responder,
        response="rejected",
        target=None,
        start=p.start(first),
        end=p.end(last),
        topic=content_words(ctx, words.text),
        action=True,
        anaphor=any(t.lower_ in lex["response_anaphors"] and t.pos_ == "PRON" for t in words),
        refusal=True,
    )


def predicate_response(
    ctx: Context, index: ActorIndex, p: Parsed, word: Token, statements: list[Statement]
) -> Response | None:
    """ "X said this was impossible", "X said the demand was unacceptable": a rejection by the
    speaker of the demand the subject refers to."""
    lex = ctx.lexicon.demands
    subject, topic = _rejecting_predicate(ctx, word), frozenset[str]()
    if subject is None:
        subject = _not_negotiable(ctx, word)
        if subject is None:
            return None
        topic = content_words(ctx, p.doc[subject.left_edge.i : subject.i + 1].text)
    elif subject.lower_ not in set(lex["response_anaphors"]) | set(lex["demand_nouns"]):
        return None
    start = p.start(word)
    inside = statements_at(statements, start)
    if not inside or inside[0].speaker is None:
        return None
    return Response(
        responder=inside[0].speaker.actor,
        response="rejected",
        target=None,
        start=p.start(subject.left_edge),
        end=p.end(word),
        topic=topic,
    )


def _rejecting_predicate(ctx: Context, word: Token) -> Token | None:
    """The subject of "this was impossible", "the demand is not acceptable", else None."""
    lex = ctx.lexicon.demands
    if word.lower_ not in lex["rejecting_predicates"] or word.dep_ != "acomp":
        return None
    if is_negated(word.head) != (word.lower_ in lex["negated_predicates"]):
        return None  # "was acceptable" and "was not impossible" reject nothing
    return first_child(word.head, "nsubj")


def _not_negotiable(ctx: Context, word: Token) -> Token | None:
    """The subject of "X's future is not up for debate" (the word is "debate"), else None."""
    if word.lower_ not in ctx.lexicon.demands["not_up_for_nouns"] or word.dep_ != "pobj":
        return None
    up = word.head.head
    if word.head.lower_ != "for" or up.lower_ != "up" or not is_negated(up.head):
        return None
    return first_child(up.head, "nsubj")


def _target(ctx: Context, index: ActorIndex, p: Parsed, verb: Token, obj: Token) -> str | None:
    """Whose demands are answered: an actor or demonym between the verb and the demand noun
    ("dismissed the union's requests", "dismissed French requests")."""
    words = p.doc[verb.i + 1 : obj.i] if obj.i > verb.i else p.doc[obj.left_edge.i : obj.i]
    for token in words:
        found = index.at(p.index, token)
        target = found.actor if found else demonym_actor(ctx, index, token.text)
        if target:
            return target
    return None


def _action_response(
    ctx: Context, p: Parsed, verb: Token, subject: Token, responder: str, kind: str
) -> Response | None:
    """ "agreed to publish it", "refused to sign X": a response by doing (or not)."""
    action = next(
        (
            c
            for c in verb.children
            if c.dep_ == "xcomp"
            and is_to_infinitive(c)
            or c.dep_ in ("xcomp", "dobj", "advcl", "pcomp")
            and c.tag_ == "VBG"
            and c.i > verb.i
        ),
        None,
    )  # "agreed to withdraw", "ruled out withdrawing"
    if action is None:
        return None
    start = p.start(subject.left_edge) if subject.i < verb.i else p.start(verb)
    lex = ctx.lexicon.demands
    last = action.right_edge
    for t in action.subtree:
        if t.i > action.i and (t.text == "," or t.lower_ in lex["response_breaks"]):
            last = p.doc[t.i - 1]
            break
    topic = content_words(ctx, p.doc[action.i : last.i + 1].text)
    anaphors = lex["response_anaphors"]
    anaphor = any(t.lower_ in anaphors and t.pos_ == "PRON" for t in p.doc[action.i : last.i + 1])
    return Response(
        responder=responder,
        response=kind,
        target=None,
        start=start,
        end=p.end(last),
        topic=topic,
        action=True,
        anaphor=anaphor,
    )


STEM = 6  # "withdraw", "withdrawal" and "withdrawing" share their first six letters


def content_words(ctx: Context, text: str) -> frozenset[str]:
    """Content words (4+ letters) of a phrase, lower-case, without a final "s" and cut to
    their first letters so that forms of one word meet ("troops", "withdrawing")."""
    stop = ctx.lexicon.words("demands", "stop_words")
    words = (w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in stop)
    return frozenset((w[:-1] if w.endswith("s") else w)[:STEM] for w in words)


def passive_agent(verb: Token) -> Token | None:
    """The agent of a passive verb ("was rejected by the council" -> council), else None."""
    agent = first_child(verb, "agent")
    return first_child(agent, "pobj") if agent is not None else None
