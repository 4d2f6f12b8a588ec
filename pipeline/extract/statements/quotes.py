"""Quotations: direct and partial quotes, the reporting verb that attributes them, and a quote
that continues the previous speaker's."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS
from .model import CONTINUATION, UNATTRIBUTED, Statement, sentence_bounds
from .speakers import speaker_of

OPENERS = set(".:,!?;—–-")


def _quote_tokens(p: Parsed, start: int, end: int) -> list[Token]:
    return [t for t in p.tokens if start <= t.idx < end]


def is_cue(ctx: Context, token: Token) -> bool:
    """A reporting verb that reports (not "the council will respond")."""
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
            if is_cue(ctx, anc):
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
        if p.quote_of(t) is None and is_cue(ctx, t)
    ]
    if not cands and first > 0:
        prev = p.sents[first - 1]
        if prev.text.rstrip().endswith(":"):
            cands = [
                t
                for t in p.tokens[prev.start : prev.end]
                if p.quote_of(t) is None and is_cue(ctx, t)
            ]
    if not cands:
        return None
    mid = (tokens[0].i + tokens[-1].i) / 2
    return min(cands, key=lambda t: abs(t.i - mid))


def _trailing_cue(ctx: Context, p: Parsed, tokens: list[Token]) -> Token | None:
    """`"Who pays for it?" she asked.`: an attribution the parser split off into the
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
        subject = any(c.dep_ in SUBJECT_DEPS for c in token.children)
        if is_cue(ctx, token) and not clause and subject:
            return token
    return None


def _is_name(ctx: Context, tokens: list[Token]) -> bool:
    """Whether quoted words are a name: two or more, each capitalised or a connector ("of",
    "the")."""
    words = [t for t in tokens if not t.is_punct]
    connectors = ctx.lexicon.words("actors", "name_connectors")
    return len(words) > 1 and words[0].text[:1].isupper() and all(
        t.text[:1].isupper() or t.lower_ in connectors for t in words
    )


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


def quote_statement(
    ctx: Context, index: ActorIndex, p: Parsed, span: tuple[int, int], previous: Statement | None
) -> Statement | None:
    """The statement a quotation (`span`, passage coordinates) makes: attributed by its
    reporting verb, else a direct quotation that continues the `previous` speaker's."""
    text = p.passage.text
    while span[1] > span[0] and text[span[1] - 1] in ",;:":
        span = (span[0], span[1] - 1)
    tokens = _quote_tokens(p, *span)
    if not tokens:
        return None
    mode = _split_mode(p, span, _mode(p, span[0]))
    if mode == "partial" and _is_name(ctx, tokens):
        return None  # a name in quotation marks: 'renamed it the "Office of the Pact"'
    cue = _cue(ctx, p, tokens)
    sent_start, sent_end = sentence_bounds(p, tokens + ([cue] if cue is not None else []))
    base = p.passage.char_start
    where = {"pidx": p.index, "start": base + span[0], "end": base + span[1], "mode": mode,
             "sent_start": sent_start, "sent_end": sent_end}
    if cue is not None:
        speaker = speaker_of(ctx, index, p, cue)
        lemma = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
        return Statement(**where, cue=lemma, cue_token=cue.i, speaker=speaker,
                         confidence=speaker.confidence if speaker else UNATTRIBUTED)
    if mode == "partial":
        return None
    speaker = _floating_speaker(ctx, index, p, tokens, previous)
    if speaker is None:
        return None
    return Statement(**where, cue=None, cue_token=None, speaker=speaker, confidence=CONTINUATION)


def _floating_speaker(
    ctx: Context, index: ActorIndex, p: Parsed, tokens: list[Token], previous: Statement | None
) -> Mention | None:
    """Who says a quotation without a cue: the previous speaker when the quotation follows
    that statement; else the person the sentence before it is about ("Ana Ruiz arrived with an
    offer. “We are here to listen.”"); else the previous speaker."""
    first = p.sent_index(tokens[0])
    if first > 0:
        before, bp = p.sents[first - 1], p
    elif p.index > 0 and ctx.parsed[p.index - 1].sents:
        bp = ctx.parsed[p.index - 1]
        before = bp.sents[-1]
    else:
        return previous.speaker if previous else None
    start = bp.passage.char_start + before.start_char
    if previous is not None and previous.end > start:
        return previous.speaker
    sent = bp.sent_id(before[0])
    people = [
        m for m in index.mentions
        if m.pidx == bp.index and m.sent == sent and m.is_subject and not m.quoted
        and index.actors[m.actor].type == "person"
    ]
    if people:
        return people[-1]
    return previous.speaker if previous else None


def _cue(ctx: Context, p: Parsed, tokens: list[Token]) -> Token | None:
    """The reporting verb of a quotation: the one that governs it, "according to", the nearest
    in its sentence, or an attribution right after it."""
    return (
        _ancestor_cue(ctx, p, tokens)
        or _according(p, tokens)
        or _sentence_cue(ctx, p, tokens)
        or _trailing_cue(ctx, p, tokens)
    )
