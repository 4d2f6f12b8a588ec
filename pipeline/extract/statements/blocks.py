"""Statements a paragraph makes as a whole: the paragraphs a line such as "A spokeswoman said:"
introduces (a block quotation), and the turns of a transcript ("MS. ROE: We are ready.")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention, make_mention
from ..actors.names import ensure
from ..context import Context, Parsed
from .model import CONTINUATION, Statement
from .quotes import is_cue
from .speakers import speaker_of

OPENING = "\"“‘«"
CLOSING = "\"”’»"
# "MR. ROE:", "PRESIDENT ALVES:", "AMB. McKAY:" at the start of a paragraph: a speaker label.
LABEL = re.compile(r"^([A-Z][A-Za-z.'’\- ]{1,40}?):\s+\S")
# "Q Will you go?", "Q: Will you go?": a journalist's question, never a statement.
QUESTION = re.compile(r"^Q\b[.:]?\s")
TURN_KINDS = ("standfirst", "body")  # a transcript may open right after its title


def _capitals(text: str) -> bool:
    """Written in capitals ("MR. McKAY" has one lower-case letter)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.75 * len(letters)


def _labels(ctx: Context) -> set[str]:
    """The speaker labels of a transcript: in capitals, and opening two paragraphs or more or
    holding an honorific or title ("MS. ROE", "MINISTER ALVES"), so that a lone "NOTE:" is not
    a speaker."""
    honorifics = ctx.lexicon.words("speech", "label_honorifics")
    found: dict[str, int] = {}
    for p in ctx.parsed:
        match = LABEL.match(p.passage.text)
        if match and p.passage.kind in TURN_KINDS and _capitals(match.group(1)):
            found[match.group(1)] = found.get(match.group(1), 0) + 1
    return {label for label, n in found.items()
            if n > 1 or any(w.lower().rstrip(".") in honorifics for w in label.split())}


def _body(p: Parsed, skip: int = 0) -> tuple[int, int] | None:
    """Passage span of a paragraph's words from `skip` on, without the quotation marks that
    open or close it."""
    text = p.passage.text
    start, end = skip, len(text)
    while start < end and (text[start].isspace() or text[start] in OPENING):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in CLOSING):
        end -= 1
    return (start, end) if end - start > 1 else None


def _statement(p: Parsed, span: tuple[int, int], speaker: Mention | None, cue: str | None,
               confidence: float) -> Statement:
    base = p.passage.char_start
    return Statement(pidx=p.index, start=base + span[0], end=base + span[1], mode="direct",
                     cue=cue, cue_token=None, speaker=speaker, confidence=confidence,
                     sent_start=base, sent_end=p.passage.char_end)


def _intro_cue(ctx: Context, p: Parsed) -> Token | None:
    """The reporting verb of a paragraph that ends with a colon ("A spokeswoman said:",
    "According to an official:"), else None."""
    if not p.passage.text.rstrip().endswith(":") or not p.sents:
        return None
    last = p.sents[-1]
    cues = [t for t in p.tokens[last.start : last.end]
            if p.quote_of(t) is None and (is_cue(ctx, t) or t.lower_ == "according")]
    return cues[-1] if cues else None


def _quoted_block(parsed: list[Parsed]) -> list[Parsed]:
    """The paragraphs of a quotation that runs over several: each opens with a quotation
    mark, and only the last one closes it."""
    out = []
    for p in parsed:
        text = p.passage.text.strip()
        if not text or text[0] not in OPENING:
            break
        out.append(p)
        if text[-1] in CLOSING:
            break
    return out


def _block(parsed: list[Parsed]) -> list[Parsed]:
    """The body paragraphs an introducing line opens: a quotation over several paragraphs, or
    (a press office's release) every paragraph up to the next introduction or transcript turn."""
    body = []
    for p in parsed:
        text = p.passage.text
        if p.passage.kind != "body" or LABEL.match(text) or text.rstrip().endswith(":"):
            break
        body.append(p)
    if body and body[0].passage.text.lstrip()[:1] in OPENING:
        return _quoted_block(body)
    return body


def introduced_statements(ctx: Context, index: ActorIndex) -> list[Statement]:
    """Each paragraph of a block introduced by "X said:" is a direct statement of X."""
    out: list[Statement] = []
    for i, p in enumerate(ctx.parsed):
        cue = _intro_cue(ctx, p)
        if cue is None:
            continue
        speaker = speaker_of(ctx, index, p, cue)
        lemma = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
        for q in _block(ctx.parsed[i + 1 :]):
            span = _body(q)
            if span is not None:
                conf = speaker.confidence if speaker else 0.5
                out.append(_statement(q, span, speaker, lemma, conf))
    return out


def _label_speaker(ctx: Context, index: ActorIndex, p: Parsed, label: str) -> Mention | None:
    """The person a transcript label names: a person of the source with that surname, else
    a new person called by the label without its honorific."""
    words = label.split()
    surname = words[-1].lower()
    person = next((a.name for a in index.actors.values()
                   if a.type == "person" and a.name.split()[-1].lower() == surname), None)
    if person is None:
        honorifics = ctx.lexicon.words("speech", "label_honorifics")
        kept = [w for w in words if w.lower().rstrip(".") not in honorifics] or words[-1:]
        person = ensure(ctx, index, " ".join(w.capitalize() for w in kept), "person").name
    span = p.doc.char_span(0, len(label), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    mention = make_mention(p, span, person, "alias", subject=True)
    index.add(mention)
    return mention


def transcript_statements(ctx: Context, index: ActorIndex) -> list[Statement]:
    """A transcript's turns: a paragraph opening with a speaker label in capitals, and the
    unlabelled paragraphs that follow it in the same turn, are direct statements of the
    speaker; a journalist's question ("Q ...") ends the turn."""
    out: list[Statement] = []
    speaker: Mention | None = None
    labels = _labels(ctx)
    if not labels:
        return out
    for p in ctx.parsed:
        text = p.passage.text
        label = LABEL.match(text)
        if p.passage.kind not in TURN_KINDS or QUESTION.match(text):
            speaker = None
        elif label and label.group(1) in labels:
            speaker = _label_speaker(ctx, index, p, label.group(1))
            span = _body(p, label.end(1) + 1)
            if speaker is not None and span is not None:
                out.append(_statement(p, span, speaker, None, 1.0))
        elif speaker is not None and not _capitals(text):
            span = _body(p)
            if span is not None:
                out.append(_statement(p, span, speaker, None, CONTINUATION))
    return out
