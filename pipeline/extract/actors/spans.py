"""Entity spans made fit to name an actor: cut to the name, labelled by what the source says of
the name elsewhere, and dropped when they are headline words or lines of a letterhead."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..context import Context, Parsed
from ..lexicon import norm_word
from .places import is_place

INITIALS = re.compile(r"^(?:[A-Z]\.)+$")  # "V.I.", "J."
ROMAN = re.compile(r"^[IVX]+$")
PLURAL_TAGS = {"NNS", "NNPS"}
PROPER_TAGS = {"NNP", "NNPS", "POS"}
CUT_TAGS = {"IN", "DT", "CC"}
MAX_NAME = 4  # tokens a person's name grows to when the NER cut it short


def _is_name_word(ctx: Context, token: Token) -> bool:
    """A capitalised proper noun outside any entity that is no title word or honorific."""
    words = ctx.lexicon.words("actors", "title_words") | ctx.lexicon.words("actors", "title_nouns")
    return (
        token.tag_ == "NNP"
        and token.ent_iob_ == "O"
        and token.text[:1].isupper()
        and token.text.isalpha()
        and norm_word(token.text) not in words
        and token.lower_ not in ctx.lexicon.words("actors", "honorifics")
        and ctx.lexicon.demonym_country(token.text) is None
    )


def _grow_person(ctx: Context, span: Span) -> Span:
    """A person's name the NER cut short: the proper nouns right before or after it that no
    entity holds ("Ana [Maria Ruiz]", "[Ana] Ruiz") belong to it."""
    doc, start, end = span.doc, span.start, span.end
    while start > 0 and end - start < MAX_NAME and _is_name_word(ctx, doc[start - 1]):
        start -= 1
    while end < len(doc) and end - start < MAX_NAME and _is_name_word(ctx, doc[end]):
        end += 1
    return Span(doc, start, end, label=span.label, span_id=span.id)


def _strip_honorifics(ctx: Context, span: Span) -> Span:
    """ "Rt Hon Ana Ruiz", "Dr. Ana Ruiz": honorifics before a name say it is a person's and
    are no part of it, nor is a word before them."""
    honorifics = ctx.lexicon.words("actors", "honorifics")
    marks = [t.i for t in span[:-1] if t.lower_ in honorifics]  # "Later Mr. Ruiz": from "Ruiz"
    start = marks[-1] + 1 if marks else span.start
    if start == span.start:
        return span
    return Span(span.doc, start, span.end, label="PERSON", span_id=span.id)


def _relabel(ctx: Context, span: Span, persons: set[str]) -> Span:
    """The label the source's other mentions give the name: a name that ends with a surname the
    source calls a person ("Ana Ruiz" ORG beside "Ruiz" PERSON), or that starts with initials
    ("V.I. Ruiz"), is a person's; a "person" with an acronym in it ("Unity-PF") is a body's."""
    tokens = list(span)
    if span.id_:  # the registry's
        return span
    if span.label_ == "PERSON":
        acronym = any(t.text[1:].islower() for t in tokens) and any(
            t.text.isupper() and len(t.text) > 1 and t.text.isalpha() and not ROMAN.match(t.text)
            for t in tokens
        )
        return Span(span.doc, span.start, span.end, label="ORG") if acronym else span
    heads = ctx.lexicon.words("actors", "org_nouns") | ctx.lexicon.words("places", "feature_heads")
    titled = _after_titles(ctx, span, heads)
    if titled is not None:
        return titled
    particles = ctx.lexicon.words("actors", "name_particles")
    name_like = 1 < len(tokens) <= MAX_NAME and all(
        (t.text[:1].isupper() or t.lower_ in particles) and norm_word(t.text) not in heads
        for t in tokens
    ) and tokens[-1].text[:1].isupper()
    initials = INITIALS.match(tokens[0].text) is not None
    if not name_like or is_place(ctx, span.text):
        return span
    beside = span.label_ == "ORG" and _beside_person(ctx, span)
    if tokens[-1].text in persons or initials or beside:
        return Span(span.doc, span.start, span.end, label="PERSON")
    return span


def _beside_person(ctx: Context, span: Span) -> bool:
    """A name in apposition to an office ("the envoy, Ana de Ruiz,") or joined by "and" to a
    person ("Karl Brandt and Ana de Ruiz") is a person's."""
    root = span.root
    near = [c for c in root.children if c.dep_ in ("appos", "conj")]
    if root.dep_ in ("appos", "conj"):
        near.append(root.head)
        if root.head.dep_ == "pobj" and root.head.head.dep_ == "prep":  # "the envoy to X, Y"
            near.append(root.head.head.head)
    nouns = ctx.lexicon.words("actors", "title_nouns")
    outside = [t for t in near if not span.start <= t.i < span.end]
    return any(norm_word(t.text) in nouns or t.ent_type_ == "PERSON" for t in outside)


def _after_titles(ctx: Context, span: Span, heads: frozenset[str]) -> Span | None:
    """ "Trade Minister Ana Ruiz" the NER calls an organisation: title words, then a name with
    no organisation word in it, are a person and the person's title."""
    nouns = ctx.lexicon.words("actors", "title_nouns")
    words = ctx.lexicon.words("actors", "title_words") | nouns
    i = span.start
    while i < span.end and norm_word(span.doc[i].text) in words:
        i += 1
    rest = span.doc[i : span.end]
    if i == span.start or not any(norm_word(t.text) in nouns for t in span.doc[span.start : i]):
        return None
    if not rest or len(rest) > MAX_NAME - 1:
        return None
    if all(t.pos_ == "PROPN" and t.text[:1].isupper() and norm_word(t.text) not in heads
           for t in rest):
        return Span(span.doc, i, span.end, label="PERSON")
    return None


def person_words(ctx: Context) -> set[str]:
    """Single words the source calls a person: one-word PERSON entities and words right after
    an honorific ("Mr. Ruiz")."""
    if "person_words" in ctx.extras:
        return ctx.extras["person_words"]
    honorifics = ctx.lexicon.words("actors", "honorifics")
    out: set[str] = ctx.extras.setdefault("person_words", set())
    for p in ctx.parsed:
        out |= {e.text for e in p.ents if e.label_ == "PERSON" and len(e) == 1}
        out |= {
            t.nbor().text
            for t in p.tokens
            if t.lower_ in honorifics and t.i + 1 < len(p.doc) and t.nbor().text[:1].isupper()
        }
    return out


def name_parts(ctx: Context) -> set[str]:
    """Words of the source's names of people: words of PERSON entities of two words or more
    and words right after an honorific ("Ana Victoria Ruiz", "Mr. Kingston")."""
    if "name_parts" in ctx.extras:
        return ctx.extras["name_parts"]
    honorifics = ctx.lexicon.words("actors", "honorifics")
    out: set[str] = ctx.extras.setdefault("name_parts", set())
    for p in ctx.parsed:
        out |= {t.text for e in p.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        out |= {
            t.nbor().text
            for t in p.tokens
            if t.lower_ in honorifics and t.i + 1 < len(p.doc)
        }
    return out


def _title_case(p: Parsed) -> bool:
    """A headline or a line in Title Case ("Envoy Meets Rebels in Arlo"): its capitals mark
    no names."""
    if p.passage.kind == "title":
        return True
    words = [t.text for t in p.tokens if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _lower_tags(ctx: Context, p: Parsed) -> list[str]:
    """Part-of-speech tags of a passage read in lower case, token for token (a headline's
    capitals hide its verbs and nouns: "Envoy Meets Rebels"); empty without a pipeline or
    when the lower-case text splits otherwise."""
    key = ("lower_tags", p.index)
    if key not in ctx.extras:
        tags: list[str] = []
        if ctx.nlp is not None:
            names = ctx.nlp.pipe_names
            skip = names[names.index("tagger") + 1 :] if "tagger" in names else []
            doc = ctx.nlp(p.passage.text.lower(), disable=skip)
            tags = [t.tag_ for t in doc] if len(doc) == len(p.doc) else []
        ctx.extras[key] = tags
    return ctx.extras[key]


def _headline_words(ctx: Context, p: Parsed, span: Span, body: str) -> bool:
    """Words of a Title Case line that the NER ran together ("Envoy Meets Rebels"): a name the
    rest of the text never repeats, one of whose words is no proper noun once the line is read
    in lower case. A name ("Ana Ruiz's Call With ...") keeps its place, and so does a body's
    name ("Trade Council") or a country."""
    text = p.text_of(span)
    if span.id_ or text in body or ctx.lexicon.country(text):
        return False
    tags = _lower_tags(ctx, p)
    heads = ctx.lexicon.words("actors", "org_nouns") | ctx.lexicon.words("actors", "title_nouns")
    heads |= ctx.lexicon.words("actors", "name_connectors")
    return bool(tags) and any(
        tags[t.i] not in PROPER_TAGS and norm_word(t.text) not in heads
        for t in span
        if t.is_alpha
    )


def _junk(ctx: Context, p: Parsed, span: Span) -> bool:
    """A span across a line break (letterhead lines run together), a wire label ("UPDATE"),
    a plural noun the NER called a person."""
    text = p.text_of(span)
    if "\n" in text or "/" in text or not text.strip():  # a credit: "AGENCY/Ana Ruiz"
        return True
    if span[-1].tag_ in CUT_TAGS:  # "the Emirate of" [the Arcadian League]: cut by another
        return True
    parts = text.split("-")  # "the Arcadia-Borduria talks": a pair of states, not one
    if len(parts) == 2 and all(ctx.lexicon.country(w) or ctx.registry.find(w) for w in parts):
        return True
    labels = ctx.lexicon.words("actors", "headline_words")
    if any(t.text.isupper() and t.lower_ in labels for t in span):
        return True
    if span.label_ == "PERSON" and len(span) == 1 and span[0].tag_ in PLURAL_TAGS:
        return True
    return False


def _joined(ctx: Context, ents: list[Span]) -> list[Span]:
    """ "the [Justice] and [Peace Movement]": one word the NER cut from the organisation's name
    by "and" belongs to it (a name the registry knows, or a country's, stands alone)."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and ent.label_ == prev.label_ == "ORG"
            and len(prev) == 1
            and ent.start == prev.end + 1
            and ent.doc[prev.end].lower_ == "and"
            and not (prev.id_ or ent.id_ or ctx.lexicon.country(prev.text))
        ):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def clean_spans(ctx: Context, labels: set[str]) -> list[tuple[Parsed, Span]]:
    """The entity spans of the source with one of `labels`, cleaned, relabelled and sifted."""
    persons = person_words(ctx)
    body = "\n".join(p.passage.text for p in ctx.parsed if not _title_case(p))
    out = []
    for p in ctx.parsed:
        headline = _title_case(p)
        for ent in _joined(ctx, p.ents):
            if ent.label_ not in labels:
                continue
            span = _relabel(ctx, _strip_honorifics(ctx, ent), persons)
            if span.label_ == "PERSON" and not headline:
                span = _grow_person(ctx, span)
            if _junk(ctx, p, span) or (headline and _headline_words(ctx, p, span, body)):
                continue
            out.append((p, span))
    return out
