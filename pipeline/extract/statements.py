"""Statements: direct and partial quotations and reported (indirect) speech, with speakers."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..ids import actor_id, make_id, occurrence
from .actors.model import ActorIndex, Mention
from .actors.references import actors_of, confidence
from .context import Context, Parsed

SUBJECTS = ("nsubj", "nsubjpass")
OPENERS = set(".:,!?;—–-")
CONTINUATION = 0.6
UNATTRIBUTED = 0.5


@dataclass
class Statement:
    """One statement found in a passage; offsets are source coordinates."""

    pidx: int
    start: int
    end: int
    mode: str
    cue: str | None
    cue_token: int | None
    speaker: Mention | None
    confidence: float
    sent_start: int
    sent_end: int


def _quote_tokens(p: Parsed, start: int, end: int) -> list[Token]:
    return [t for t in p.tokens if start <= t.idx < end]


def _is_cue(ctx: Context, token: Token) -> bool:
    """A reporting verb that reports (not "Russia will respond")."""
    if token.dep_ == "amod" or any(c.tag_ == "MD" for c in token.children):
        return False
    return token.pos_ in ("VERB", "AUX") and (
        ctx.lexicon.is_cue(token.text)
        or token.lemma_.lower() in ctx.lexicon.words("speech", "indirect_verbs")
    )


def _ancestor_cue(ctx: Context, p: Parsed, tokens: list[Token]) -> Token | None:
    """The nearest reporting verb that governs the quotation from outside it."""
    best: tuple[int, Token] | None = None
    quote = p.quote_of(tokens[0])
    for token in tokens:
        if p.quote_of(token.head) == quote and token.head.i != token.i:
            continue
        for hops, anc in enumerate(token.ancestors):
            if p.quote_of(anc) == quote:
                continue
            if _is_cue(ctx, anc):
                if best is None or hops < best[0]:
                    best = (hops, anc)
                break
    return best[1] if best else None


def _according(p: Parsed, tokens: list[Token]) -> Token | None:
    """The "according" of an "according to X" in the quotation's sentence, outside quotes."""
    sent = p.sent(tokens[0])
    for token in p.tokens[sent.start : sent.end]:
        if token.lower_ == "according" and p.quote_of(token) is None:
            return token
    return None


def _sentence_cue(ctx: Context, p: Parsed, tokens: list[Token]) -> Token | None:
    """The reporting verb outside any quotation nearest to the quotation in its sentence(s)."""
    first = p.sent_index(tokens[0])
    sents = [p.sents[i] for i in sorted({first, p.sent_index(tokens[-1])})]
    cands = [
        t
        for sent in sents
        for t in p.tokens[sent.start : sent.end]
        if p.quote_of(t) is None and _is_cue(ctx, t)
    ]
    if not cands and first > 0:
        prev = p.sents[first - 1]
        if prev.text.rstrip().endswith(":"):
            cands = [
                t
                for t in p.tokens[prev.start : prev.end]
                if p.quote_of(t) is None and _is_cue(ctx, t)
            ]
    if not cands:
        return None
    mid = (tokens[0].i + tokens[-1].i) / 2
    return min(cands, key=lambda t: abs(t.i - mid))


def _trailing_cue(ctx: Context, p: Parsed, tokens: list[Token]) -> Token | None:
    """`"Why should we trust them?" he asked.`: an attribution the parser split off into the
    next sentence, right after the closing quotation mark."""
    last = p.sent_index(tokens[-1])
    if last + 1 >= len(p.sents):
        return None
    nxt = p.sents[last + 1]
    gap = p.passage.text[tokens[-1].idx + len(tokens[-1]) : nxt.start_char]
    if len(nxt) > 8 or gap.strip(" \"”’'") or any(p.quote_of(t) for t in nxt):
        return None
    for token in nxt:
        clause = any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children)
        if _is_cue(ctx, token) and not clause and any(c.dep_ in SUBJECTS for c in token.children):
            return token
    return None


def subject_of(verb: Token) -> Token | None:
    """Grammatical subject of a verb, borrowed from the verb it is conjoined to if needed."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "The chairwoman, X, called on ...": a headline-style fragment
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if (
            subject is not None
            or verb.dep_ not in ("conj", "xcomp", "advcl")
            or verb.head.i == verb.i
        ):
            return subject
        verb = verb.head
    return None


def speaker_of(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> Mention | None:
    """The actor who speaks through a reporting verb."""
    subject = subject_of(verb)
    if subject is None:
        return None
    return actors_of(ctx, index, p, subject)


def _mode(p: Parsed, start: int) -> str:
    """direct for a quotation that starts a sentence or follows a colon or comma."""
    text = p.passage.text
    if not (text[start : start + 1].isupper() or text[start : start + 1].isdigit()):
        return "partial"
    before = text[: max(start - 1, 0)].rstrip()
    return "direct" if not before or before[-1] in OPENERS else "partial"


def _split_mode(p: Parsed, span: tuple[int, int], mode: str) -> str:
    """The second half of a split quotation ("..., he said, "but ...."") is direct too."""
    text = p.passage.text
    before = text[: max(span[0] - 1, 0)].rstrip()
    if mode == "partial" and before.endswith(",") and text[span[1] - 1 : span[1]] in ".?!":
        return "direct"
    return mode


def _sent_bounds(p: Parsed, tokens: list[Token]) -> tuple[int, int]:
    sents = [p.sent(t) for t in tokens]
    start = min(s.start_char for s in sents)
    end = max(s.end_char for s in sents)
    return p.passage.char_start + start, p.passage.char_start + end


def _quote_statement(
    ctx: Context, index: ActorIndex, p: Parsed, span: tuple[int, int], previous: Statement | None
) -> Statement | None:
    text = p.passage.text
    while span[1] > span[0] and text[span[1] - 1] in ",;:":
        span = (span[0], span[1] - 1)
    tokens = _quote_tokens(p, *span)
    if not tokens:
        return None
    mode = _split_mode(p, span, _mode(p, span[0]))
    cue = (
        _ancestor_cue(ctx, p, tokens)
        or _according(p, tokens)
        or _sentence_cue(ctx, p, tokens)
        or _trailing_cue(ctx, p, tokens)
    )
    sent_start, sent_end = _sent_bounds(p, tokens + ([cue] if cue is not None else []))
    base = p.passage.char_start
    if cue is not None:
        speaker = speaker_of(ctx, index, p, cue)
        conf = confidence(speaker) if speaker else UNATTRIBUTED
        lemma = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
        return Statement(
            p.index,
            base + span[0],
            base + span[1],
            mode,
            lemma,
            cue.i,
            speaker,
            conf,
            sent_start,
            sent_end,
        )
    if mode == "partial" or previous is None:
        return None
    return Statement(
        p.index,
        base + span[0],
        base + span[1],
        mode,
        None,
        None,
        previous.speaker,
        CONTINUATION,
        sent_start,
        sent_end,
    )


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
    """ "Asked whether X would leave, he replied ...": the one asked is not the speaker."""
    own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and not own


def _reported_clauses(p: Parsed, verb: Token) -> list[Token]:
    """Clauses a reporting verb reports: after it ("said that X"), or before it when the
    attribution follows a comma ("X, the delegation said.")."""
    out = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
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


def _indirect(ctx: Context, index: ActorIndex, p: Parsed, quoted_cues: set[int]) -> list[Statement]:
    """Reported speech: a reporting verb with a clausal complement, outside quotations."""
    out = []
    verbs = ctx.lexicon.words("speech", "indirect_verbs")
    blocking = set(ctx.lexicon.speech["blocking_heads"])
    for verb in p.tokens:
        if verb.lemma_.lower() not in verbs or p.quote_of(verb) or verb.i in quoted_cues:
            continue
        if any(c.dep_ == "neg" for c in verb.children) or _passive_participle(verb):
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
            speaker = speaker_of(ctx, index, p, verb)
            conf = 0.9 * (confidence(speaker) if speaker else UNATTRIBUTED)
            s0, s1 = _sent_bounds(p, [verb, clause])
            base = p.passage.char_start
            out.append(
                Statement(
                    p.index,
                    base + span[0],
                    base + span[1],
                    "indirect",
                    verb.lemma_.lower(),
                    verb.i,
                    speaker,
                    round(conf, 3),
                    s0,
                    s1,
                )
            )
    return out


def find_statements(ctx: Context, index: ActorIndex) -> list[Statement]:
    """All statements of a source in reading order."""
    found: list[Statement] = []
    previous: Statement | None = None
    for p in ctx.parsed:
        if p.passage.kind == "caption":
            continue
        quoted_cues: set[int] = set()
        for span in p.quotes:
            statement = _quote_statement(ctx, index, p, span, previous)
            if statement is None:
                continue
            found.append(statement)
            if statement.cue_token is not None:
                quoted_cues.add(statement.cue_token)
            if statement.speaker is not None:
                previous = statement
        found += _indirect(ctx, index, p, quoted_cues)
        found += _according_statements(ctx, index, p)
    unique = {(s.start, s.end, s.mode): s for s in reversed(found)}  # first of duplicates
    return sorted(unique.values(), key=lambda s: s.start)


def statement_rows(
    ctx: Context, index: ActorIndex, found: list[Statement], version: str
) -> list[dict]:
    """Rows of the statements table."""
    text = ctx.source.text
    rows = []
    for s in found:
        body = text[s.start : s.end]
        if s.speaker is not None:
            index.used.add(s.speaker.actor)
        rows.append(
            {
                "statement_id": make_id(
                    "st", ctx.source_id, s.mode, body, occurrence(text, body, s.start)
                ),
                "source_id": ctx.source_id,
                "passage_id": ctx.parsed[s.pidx].passage.passage_id,
                "speaker_id": actor_id(s.speaker.actor) if s.speaker else None,
                "mode": s.mode,
                "cue": s.cue,
                "text": body,
                "char_start": s.start,
                "char_end": s.end,
                "sentence_start": s.sent_start,
                "sentence_end": s.sent_end,
                "confidence": s.confidence,
                "extractor_version": version,
            }
        )
    return rows


def _according_statements(ctx: Context, index: ActorIndex, p: Parsed) -> list[Statement]:
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
        speaker = speaker_of(ctx, index, p, token)
        conf = 0.9 * (confidence(speaker) if speaker else UNATTRIBUTED)
        s0, s1 = _sent_bounds(p, [token, clause])
        out.append(
            Statement(
                p.index,
                p.start(words[0]),
                p.end(words[-1]),
                "indirect",
                "according to",
                token.i,
                speaker,
                round(conf, 3),
                s0,
                s1,
            )
        )
    return out
