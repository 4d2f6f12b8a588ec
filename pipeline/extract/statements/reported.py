"""Reported speech outside quotation marks: "X said that ...", "According to X, ..."."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS, is_negated
from .model import UNATTRIBUTED, Statement, sentence_bounds
from .speakers import speaker_of


def _clause_span(p: Parsed, verb: Token, clause: Token) -> tuple[int, int] | None:
    """Passage char span of a reported clause (without "that"), extended over "but ..." clauses."""
    left, right = clause.left_edge, clause.right_edge
    for conj in verb.children:
        if (
            conj.dep_ == "conj"
            and conj.i > clause.i
            and any(c.dep_ in ("nsubj", "expl", "nsubjpass") for c in conj.children)
        ):
            right = max(right, conj.right_edge, key=lambda t: t.i)
    while left.i < right.i and (left.dep_ == "mark" and left.lower_ == "that" or left.is_punct):
        left = p.doc[left.i + 1]
    while right.i > left.i and right.is_punct and not _closes(p, left, right):
        right = p.doc[right.i - 1]
    if right.i - left.i < 2:
        return None
    return left.idx, right.idx + len(right)


def _passive_participle(verb: Token) -> bool:
    """ "Asked whether X would resign, she replied ...": the one asked is not the speaker."""
    own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and not own


def _reported_clauses(p: Parsed, verb: Token) -> list[Token]:
    """Clauses a reporting verb reports: after it ("said that X"), or before it when the
    attribution follows a comma ("X, the spokeswoman said.")."""
    out = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i):
        between = p.doc[clause.right_edge.i + 1 : verb.i]
        inverted = subject is not None and clause.i < subject.i
        if inverted and any(t.text == "," for t in between) and clause.dep_ == "ccomp":
            out.append(clause)
    return out


def _closes(p: Parsed, left: Token, right: Token) -> bool:
    """Whether `right` closes a bracket or quotation opened inside the span ("(WTO)")."""
    pairs = {")": "(", "]": "[", "”": "“", "’": "‘", "»": "«"}
    opener = pairs.get(right.text)
    if opener is None:
        return right.text == '"' and p.doc[left.i : right.i].text.count('"') % 2 == 1
    inside = p.doc[left.i : right.i].text
    return inside.count(opener) > inside.count(right.text)


def indirect_statements(
    ctx: Context, index: ActorIndex, p: Parsed, quoted_cues: set[int]
) -> list[Statement]:
    """Reported speech: a reporting verb with a clausal complement, outside quotations."""
    out = []
    verbs = ctx.lexicon.words("speech", "indirect_verbs")
    blocking = set(ctx.lexicon.speech["blocking_heads"])
    for verb in p.tokens:
        if verb.lemma_.lower() not in verbs or p.quote_of(verb) or verb.i in quoted_cues:
            continue
        if is_negated(verb) or _passive_participle(verb):
            continue
        for clause in _reported_clauses(p, verb):
            asks = verb.lemma_.lower() in ctx.lexicon.words("speech", "question_verbs")
            if p.quote_of(clause) or (not asks and any(t.lower_ in blocking for t in clause.lefts)):
                continue
            span = _clause_span(p, verb, clause)
            if span is None or any(
                p.quote_of(t) for t in p.tokens if span[0] <= t.idx < span[1] and t.dep_ == "ROOT"
            ):
                continue
            base = p.passage.char_start
            where = (base + span[0], base + span[1])
            out.append(_reported(ctx, index, p, verb, clause, where, verb.lemma_.lower()))
    return out


def according_statements(ctx: Context, index: ActorIndex, p: Parsed) -> list[Statement]:
    """ "According to X, <clause>" without quotation marks: reported speech of X."""
    out = []
    if "according" not in p.passage.text.lower():
        return out  # a quick test before looking at every token
    for token in p.tokens:
        if token.lower_ != "according" or p.quote_of(token) is not None:
            continue
        clause = token.head
        if clause.i == token.i or any(p.quote_of(t) for t in clause.subtree):
            continue
        skip = {t.i for t in token.subtree}
        words = [t for t in clause.subtree if t.i not in skip and not t.is_punct]
        if len(words) < 3:
            continue
        where = (p.start(words[0]), p.end(words[-1]))
        out.append(_reported(ctx, index, p, token, clause, where, "according to"))
    return out


def _reported(
    ctx: Context,
    index: ActorIndex,
    p: Parsed,
    cue: Token,
    clause: Token,
    span: tuple[int, int],
    lemma: str,
) -> Statement:
    """The indirect statement of `span` (source coordinates), reported through `cue`."""
    speaker = speaker_of(ctx, index, p, cue)
    conf = 0.9 * (speaker.confidence if speaker else UNATTRIBUTED)
    sent_start, sent_end = sentence_bounds(p, [cue, clause])
    return Statement(
        pidx=p.index,
        start=span[0],
        end=span[1],
        mode="indirect",
        cue=lemma,
        cue_token=cue.i,
        speaker=speaker,
        confidence=round(conf, 3),
        sent_start=sent_start,
        sent_end=sent_end,
    )
