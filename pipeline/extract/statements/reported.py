"""Reported speech outside quotation marks: "X said that ...", "According to X, ..."."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS, is_negated, is_to_infinitive
from ..lexicon import norm_word
from .model import UNATTRIBUTED, Statement, sentence_bounds
from .speakers import speaker_of


def _that_conjuncts(clause: Token) -> list[Token]:
    """ "agreed that A and that B": the clauses joined to a reported clause, each with its own
    "that" — each its own statement."""
    return [
        c
        for c in clause.children
        if c.dep_ == "conj" and (c.left_edge.lower_ == "that" or any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children))
    ]


def _opens(that: Token, clause: Token) -> bool:
    """Whether a "that" opens the clause: its mark, or a "that" the parser took for the
    determiner of the clause's subject ("and that trade would resume")."""
    return that.dep_ == "mark" or (that.dep_ == "det" and that.head.dep_ in SUBJECT_DEPS
                                   and that.head.head.i == clause.i)


def _clause_span(p: Parsed, verb: Token, clause: Token) -> tuple[int, int] | None:
    """Passage char span of a reported clause (without "that"), extended over "but ..." clauses
    and cut before a conjoined "and that ..." clause."""
    left, right = clause.left_edge, clause.right_edge
    joined = _that_conjuncts(clause)
    if joined:
        right = p.doc[min(c.left_edge.i for c in joined) - 1]
        while right.i > left.i and (right.is_punct or right.dep_ == "cc"):
            right = p.doc[right.i - 1]
    for conj in verb.children if not joined else ():
        if (
            conj.dep_ == "conj"
            and conj.i > clause.i
            and any(c.dep_ in ("nsubj", "expl", "nsubjpass") for c in conj.children)
        ):
            right = max(right, conj.right_edge, key=lambda t: t.i)
    while left.i < right.i and (left.lower_ == "that" and _opens(left, clause) or left.is_punct):
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


def _that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _phrase_word(ctx: Context, verb: Token) -> Token | None:
    """The word that makes a verb report ("clear" of "made clear that"), else None."""
    words = (ctx.lexicon.speech.get("phrasal_cues") or {}).get(verb.lemma_.lower())
    if not words:
        return None
    return next((c for c in verb.children if c.lower_ in words), None)


def _later_clauses(ctx: Context, verb: Token) -> list[Token]:
    """Clauses after a reporting verb: its complement ("said that X"), the clause of the noun
    it expresses ("expressed the hope that X"), or the promise or threat it reports ("vowed
    not to sign X")."""
    speech = ctx.lexicon.words
    out = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    adjective = _phrase_word(ctx, verb)
    if adjective is not None:  # "made clear that X": the clause, not "clear"
        out = [c for c in out if c.i != adjective.i and _that(c)]
        out += [c for c in adjective.children if c.dep_ in ("ccomp", "advcl") and _that(c)]
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if norm_word(obj.text) in speech("speech", "clause_nouns"):
            out += [c for c in obj.children
                    if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")]
    if verb.lemma_.lower() in speech("speech", "commitment_verbs"):
        out += [c for c in verb.children if c.dep_ == "xcomp" and is_to_infinitive(c)]
    return out


def _told(ctx: Context, verb: Token) -> bool:
    """ "They were told that X", "unless they are assured that X": the subject heard it."""
    hearer = verb.lemma_.lower() in ctx.lexicon.words("speech", "hearer_verbs")
    return hearer and any(c.dep_ == "auxpass" for c in verb.children)


def _reported_clauses(ctx: Context, p: Parsed, verb: Token) -> list[Token]:
    """Clauses a reporting verb reports: after it (see `_later_clauses`), or before it when the
    attribution follows a comma ("X, the spokeswoman said.")."""
    out = _later_clauses(ctx, verb)
    out += [c for c in out for c in _that_conjuncts(c)]
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i):
        between = p.doc[clause.right_edge.i + 1 : verb.i]
        inverted = subject is not None and clause.i < subject.i
        if inverted and any(t.text == "," for t in between) and clause.dep_ == "ccomp":
            out.append(clause)
    return out


def _unquoted_words(p: Parsed, clause: Token) -> int:
    """Words of a reported clause outside quotations: 'said his country "will not yield"' has
    two, so the clause is reported speech beside the partial quotation it holds."""
    return sum(1 for t in clause.subtree if not t.is_punct and p.quote_of(t) is None)


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
        if verb.lemma_.lower() not in verbs and _phrase_word(ctx, verb) is None:
            continue
        if p.quote_of(verb):
            continue
        if is_negated(verb) or _passive_participle(verb) or _told(ctx, verb):
            continue
        for clause in _reported_clauses(ctx, p, verb):
            asks = verb.lemma_.lower() in ctx.lexicon.words("speech", "question_verbs")
            if not asks and any(t.lower_ in blocking for t in clause.lefts):
                continue
            span = _clause_span(p, verb, clause)
            if span is None or any(
                p.quote_of(t) for t in p.tokens if span[0] <= t.idx < span[1] and t.dep_ == "ROOT"
            ):
                continue
            quoted = verb.i in quoted_cues or p.quote_of(clause) is not None
            if quoted and _unquoted_words(p, clause) < 2:
                continue  # the quotation itself: a direct or partial statement already
            base = p.passage.char_start
            where = (base + span[0], base + span[1])
            phrase = _phrase_word(ctx, verb)
            lemma = verb.lemma_.lower() + (f" {phrase.lower_}" if phrase is not None else "")
            out.append(_reported(ctx, index, p, verb, clause, where, lemma))
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
        # a subtree of a non-projective parse is not in text order: sort before taking its ends
        words = sorted((t for t in clause.subtree if t.i not in skip and not t.is_punct),
                       key=lambda t: t.i)
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
