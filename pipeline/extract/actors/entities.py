"""Actors named in one source: registry and NER entities, acronyms, surnames, bare proper names."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..context import Context, Parsed
from ..lexicon import norm_word
from . import places
from .merge import merge_short_names, short_state_names
from .model import Actor, ActorIndex, make_mention
from .names import country_actor, ensure
from .spans import clean_spans, name_parts, person_words

ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country"}
POSSESSIVE = re.compile(r"['’‘]s$")
ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
# A place name in one of these roles acts for its country (subject, object, possessor ...).
AGENT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "iobj", "poss", "appos", "agent"}


def _clean(span: Span, titles: frozenset[str]) -> Span:
    """Drop a leading article (or title words before a name) and a trailing possessive."""
    start, end = span.start, span.end
    while end - start > 1 and span.doc[start].is_punct:  # an opening quotation mark
        start += 1
    if span.doc[start].lower_ == "the" and end - start > 1:
        start += 1
    while end - start > 2 and span.doc[end - 2].tag_ == "HYPH" and span.doc[end - 1].is_lower:
        end -= 2  # "the Arcadian Union-brokered talks": the union
    while span.label_ == "PERSON" and end - start > 1 and span.doc[start].lower_ in titles:
        start += 1
    while end - start > 1 and span.doc[end - 1].tag_ in ("POS", "PUNCT"):
        end -= 1
    owner = [t.i for t in span.doc[start : end - 1] if t.tag_ == "POS"]
    if owner and span.label_ != "PERSON":  # "Arcadia's Trade Council": the council
        start = owner[-1] + 1
    return Span(span.doc, start, end, label=span.label, span_id=span.id)


def _after_title(span: Span, nouns: frozenset[str]) -> Span:
    """A two-word name the NER calls an organisation, right after a title, is a person."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (
        span.label_ == "ORG"
        and len(span) == 2
        and before is not None
        and norm_word(before.text) in nouns
        and all(t.pos_ == "PROPN" for t in span)
    ):
        return Span(span.doc, span.start, span.end, label="PERSON")
    return span


def _after_title_of(ctx: Context, span: Span, nouns: frozenset[str]) -> Span:
    """ "Minister of Arlo Ana Ruiz": the NER joins the title's country to the name; the person
    is the words after the country (the gazetteer's longest, else the first word)."""
    doc = span.doc
    if span.label_ != "PERSON" or len(span) < 3 or span.start < 2:
        return span
    if doc[span.start - 1].lower_ != "of" or norm_word(doc[span.start - 2].text) not in nouns:
        return span
    cut = next(
        (k for k in range(len(span) - 2, 0, -1) if ctx.lexicon.country(span[:k].text)), 1
    )
    return Span(doc, span.start + cut, span.end, label="PERSON")


def _is_fake_person(ctx: Context, ent: Span) -> bool:
    """A ship, a Spanish fragment or a place tagged PERSON."""
    start = (
        ent.start - 1 if ent.start > 0 and ent.doc[ent.start - 1].lower_ != "the" else ent.start - 2
    )
    before = ent.doc[start] if start >= 0 else None
    vessels = ctx.lexicon.words("actors", "vessel_nouns")
    foreign = ctx.lexicon.words("actors", "not_person_words")
    places = ctx.lexicon.words("actors", "place_preps")
    if before is not None and (before.lower_ in vessels or before.lower_ in places):
        return True
    i = ent.start - 1
    while i > 0 and ent.doc[i].pos_ == "PROPN":
        i -= 1
    if i >= 0 and ent.doc[i].lower_ in vessels:
        return True
    root = ent.root
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ in ctx.lexicon.words("actors", "title_nouns"):
        return True
    # a particle between a given name and a surname ("Ana de Ruiz") is no Spanish fragment
    inner = [t for t in ent[1:-1] if t.lower_ in foreign]
    return sum(t.lower_ in foreign for t in ent) > len(inner) or len(inner) > 1


def agentive(ctx: Context, token: Token) -> bool:
    """Whether a place name acts (subject, object, possessor, "talks with X", "the X
    government") rather than locates ("in X", "to X")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in AGENT_DEPS:
        return True
    if token.dep_ == "pobj":
        return token.head.lower_ in ctx.lexicon.words("actors", "agent_preps")
    if token.dep_ not in ("compound", "nmod"):
        return False
    head = token.head  # "the Arcadia government", "the Arcadian President"; not "the Arlo talks"
    nouns = ctx.lexicon.words("actors", "title_nouns")
    title = head.pos_ == "PROPN" and norm_word(head.text) in nouns
    named = head.lower_ in ctx.lexicon.meetings["nouns"] or norm_word(head.text) in (
        ctx.lexicon.words("actors", "place_named_nouns")
    )
    return (head.pos_ == "NOUN" or title) and not named


def _capital(
    ctx: Context, index: ActorIndex, p: Parsed, span: Span
) -> tuple[str, str] | None | bool:
    """A capital standing for its country: (country actor, "alias") when it acts, None when it
    only locates, False when the span is not a capital."""
    text = p.text_of(span)
    country = ctx.lexicon.capital_country(text)
    if country is None or ctx.registry.find(text) is not None:
        return False
    if span.label_ == "PERSON" and len(span) == 1 and text in name_parts(ctx):
        return False  # "Victoria", "Kingston": also given names and surnames
    if agentive(ctx, span.root):
        return country_actor(ctx, index, country), "alias"
    return None


def _acronyms(ctx: Context, index: ActorIndex) -> dict[str, str]:
    """Acronyms introduced in parentheses -> actor name; full names become actors."""
    found: dict[str, str] = {}
    for p in ctx.parsed:
        for match in ACRONYM.finditer(p.passage.text):
            words = re.findall(r"[\w'’-]+", p.passage.text[: match.start()])[-12:]
            full = _expansion(ctx, words, match.group(1))
            if full:
                actor = ensure(ctx, index, full, "organization")
                actor.aliases.add(match.group(1))
                found[match.group(1)] = found[full] = actor.name
    return found


def _expansion(ctx: Context, words: list[str], acronym: str) -> str | None:
    """The trailing words whose capitalised initials spell the acronym."""
    for i in range(len(words)):
        tail = words[i:]
        if not tail[0][:1].isupper():
            continue
        initials = "".join(w[0] for w in tail if w[:1].isupper())
        # the same letters in another order: an acronym of the name in another language
        # ("International Labour Office (BIT)", Bureau international du Travail)
        same = initials.upper() == acronym.upper() or (
            len(acronym) > 2 and sorted(initials.upper()) == sorted(acronym.upper())
        )
        connectors = ctx.lexicon.words("actors", "name_connectors")
        if same and all(w[:1].isupper() or w.lower() in connectors for w in tail):
            return " ".join(tail)
    return None


def _metonym(ctx: Context, text: str) -> bool:
    """A capital or a seat of government: it stands for its state only when it acts."""
    low = text.lower()
    low = low[4:] if low.startswith("the ") else low
    seats = ctx.lexicon.words("actors", "seats_of_government")
    return ctx.lexicon.capital_country(text) is not None or low in seats


def _registry_method(actor: Actor, text: str) -> str:
    if text == actor.name:
        return "registry"
    if actor.type == "person" and text == actor.name.split()[-1]:
        return "surname"
    return "alias"


def _entity_actor(
    ctx: Context, index: ActorIndex, p: Parsed, ent: Span, acr: dict[str, str]
) -> tuple[str, str] | None:
    """(actor name, method) for an entity span, or None if it is not an actor."""
    text = p.text_of(ent)
    if ent.id_ and _metonym(ctx, text) and not agentive(ctx, ent.root):
        return None  # a registry capital used as a place: "the envoys met in Paris"
    if ent.id_:
        actor = ensure(ctx, index, ent.id_, "other")
        return actor.name, _registry_method(actor, text)
    if text in acr:
        return acr[text], "acronym" if text.isupper() else "ner"
    known = ctx.registry.find(text)
    if known is not None:
        return known.name, _registry_method(ensure(ctx, index, known.name, known.type), text)
    capital = _capital(ctx, index, p, ent)
    if capital is not False:
        return capital
    if _is_place(ctx, ent, text):
        return None
    if ent.label_ == "PERSON" and ctx.lexicon.country(text):
        return ensure(ctx, index, text, "country").name, "ner"
    if ent.label_ == "PERSON" and _is_fake_person(ctx, ent):
        return None
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    places = ctx.lexicon.words("actors", "place_preps")
    if ent.label_ == "ORG" and len(ent) == 1 and before in places:
        return None
    if text.lower() in ctx.lexicon.words("actors", "title_words"):
        return None
    if ent.label_ == "ORG" and _title_fragment(ctx, ent):
        return None
    kind = ENTITY_TYPES[ent.label_]
    heads = ctx.lexicon.words("actors", "org_nouns")
    if kind == "country" and not ctx.lexicon.country(text) and norm_word(ent[-1].text) in heads:
        kind = "organization"  # "the Arcadian Union" the NER took for a state
    return ensure(ctx, index, text, kind).name, "ner"


def _is_place(ctx: Context, ent: Span, text: str) -> bool:
    """A city, region, natural feature or building that is no gazetteer country: never an
    actor. A name the NER calls a person is a city's only for a big city named with no title
    or honorific ("Homs" in "the siege of Homs", not "Mr. Lincoln"); a building's only where
    it does not act ("talks at the Unity Hall", not "the Arlo Centre said")."""
    if ctx.lexicon.country(text):
        return False
    kind = places.feature_kind(ctx, text)
    if kind == "building":
        return ent.label_ != "PERSON" and not agentive(ctx, ent.root)
    if kind == "feature" or places.is_region(ctx, text) or places.after_place_noun(ctx, ent):
        return True
    population = places.city_population(text)
    if ent.label_ != "PERSON":
        # a small town's name that acts is rather a state's ("Arlo closed its border",
        # "Arlo's envoy"); a big city's stays a place unless it is a capital
        acts = agentive(ctx, ent.root) and population < places.BIG_CITY
        return (population > 0 and not acts) or text in places.geonames_countries()
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    titled = before is not None and (
        before.lower_ in ctx.lexicon.words("actors", "honorifics")
        or norm_word(before.text) in ctx.lexicon.words("actors", "title_nouns")
    )
    return len(ent) == 1 and population >= places.BIG_CITY and not titled


def _title_fragment(ctx: Context, ent: Span) -> bool:
    """ "Canadian Trade" of "Canadian Trade Minister X": demonyms and portfolio words before a
    title noun are part of a title, not an organisation."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    nouns = ctx.lexicon.words("actors", "title_nouns")
    if after is None or norm_word(after.text) not in nouns:
        return False
    words = ctx.lexicon.words("actors", "title_words")
    return all(
        t.lower_ in words or ctx.lexicon.demonym_country(t.text) or ctx.registry.demonym(t.text)
        for t in ent
    )


def _surnames(ctx: Context, index: ActorIndex) -> dict[str, str]:
    """Last name -> full name of every multi-word person in the source; a last name with a
    joined particle also without it ("Hassan" of "Ali al-Hassan")."""
    particles = ctx.lexicon.words("speech", "name_particles")
    out: dict[str, str] = {}
    for actor in index.actors.values():
        parts = actor.name.split()
        if actor.type == "person" and len(parts) > 1:
            out.setdefault(parts[-1], actor.name)
            particle, _, rest = parts[-1].partition("-")
            if rest[:1].isupper() and particle.lower() in particles:
                out.setdefault(rest, actor.name)
    return out


def find_entities(ctx: Context, index: ActorIndex) -> None:
    """Registry, NER, acronym and surname mentions."""
    acr = _acronyms(ctx, index)
    titles = ctx.lexicon.words("actors", "title_words") | ctx.lexicon.words("actors", "title_nouns")
    spans = [(p, _clean(e, titles)) for p, e in clean_spans(ctx, set(ENTITY_TYPES))]
    nouns = ctx.lexicon.words("actors", "title_nouns")
    spans = [(p, _after_title_of(ctx, _after_title(s, nouns), nouns)) for p, s in spans]
    persons = [(p, s) for p, s in spans if s.label_ == "PERSON" and len(s) > 1]
    for p, span in persons:
        text = p.text_of(span)
        place = ctx.lexicon.capital_country(text) or ctx.lexicon.country(text)
        place = place or _is_place(ctx, span, text)
        if ctx.registry.find(text) is None and not place and not _is_fake_person(ctx, span):
            ensure(ctx, index, text, "person")
    surnames = _surnames(ctx, index)
    for p, span in spans:
        text = p.text_of(span)
        if len(span) == 1 and text in surnames and ctx.registry.find(text) is None:
            index.add(make_mention(p, span, surnames[text], "surname"))
            continue
        found = _entity_actor(ctx, index, p, span, acr)
        if found:
            index.add(make_mention(p, span, *found))
    _loose_surnames(ctx, index, surnames)
    _bare_names(ctx, index, titles)
    merge_short_names(index)
    _country_types(ctx, index, spans)
    short_state_names(ctx, index)


ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "poss", "conj"}


def _bare_names(ctx: Context, index: ActorIndex, titles: frozenset[str]) -> None:
    """Proper nouns the NER missed that act (subject, object, possessor): actors of unknown type."""
    groups = ctx.lexicon.words("actors", "group_nouns")
    persons = person_words(ctx)
    for p in ctx.parsed:
        for token in p.tokens:
            modifier = _names_group(ctx, p, token, groups)
            place = token.pos_ == "PROPN" and _gazetteer_place(ctx, p, token)
            if place and index.at(p.index, token) is None:
                span = p.doc[place[0] : place[1]]
                capital = _capital(ctx, index, p, span)
                if capital:
                    index.add(make_mention(p, span, *capital))
                elif capital is False:  # a country the NER mislabelled ("Chad" PERSON)
                    actor = ensure(ctx, index, p.text_of(span), "country")
                    index.add(make_mention(p, span, actor.name, "ner"))
                continue
            if (
                (token.pos_ != "PROPN" and not modifier)
                or not (token.dep_ in ARGUMENT_DEPS or modifier)
                or token.ent_type_
                or index.at(p.index, token) is not None
            ):
                continue
            words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
            if any(t.lower_ in titles or t.ent_type_ or not t.text[:1].isupper() for t in words):
                continue
            span = p.doc[words[0].i : token.i + 1]
            if len(span) == 1 and token.tag_ == "NNPS":  # "Members" of a body
                continue
            name = POSSESSIVE.sub("", p.text_of(span))  # "Ruiz‘s": one token, a stray quote
            capital = _capital(ctx, index, p, span)
            if capital is not False:
                if capital:
                    index.add(make_mention(p, span, *capital))
                continue
            if places.is_place(ctx, name):
                continue
            known = ctx.registry.find(name)
            actor = ensure(ctx, index, name, _bare_type(ctx, span, titles, persons))
            method = "ner" if known is None else _registry_method(actor, name)
            index.add(make_mention(p, span, actor.name, method))


def _gazetteer_place(ctx: Context, p: Parsed, token: Token) -> tuple[int, int] | None:
    """Token span of a capital or country name of the gazetteer whose head is `token`, when
    the NER gave it no usable label ("Ottawa" PRODUCT)."""
    if token.ent_type_ in ENTITY_TYPES and token.ent_type_ != "PERSON":
        return None
    if token.dep_ == "compound" and token.head.pos_ == "PROPN":
        return None
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    text = p.text_of(token.doc[words[0].i : token.i + 1])
    if ctx.lexicon.capital_country(text) or ctx.lexicon.country(text):
        return words[0].i, token.i + 1
    return None


def _names_group(ctx: Context, p: Parsed, token: Token, groups: frozenset[str]) -> bool:
    """ "The Tamil delegation": a capitalised modifier, not a demonym, of a collective noun."""
    if token.dep_ not in ("compound", "amod") or token.head.lower_ not in groups:
        return False
    initial = token.i == p.sent(token).start
    endings = tuple(ctx.lexicon.actors["demonym_endings"])
    demonym = token.pos_ == "ADJ" and token.text.endswith(endings)
    return token.text[:1].isupper() and not initial and not demonym


def _bare_type(ctx: Context, span: Span, titles: frozenset[str], persons: set[str]) -> str:
    """A bare name after a title, beside a named person, or ending with a word the source
    calls a person ("Ana Ruiz" beside "Mr. Ruiz") is a person; an acronym an organisation;
    else unknown."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    connectors = ctx.lexicon.words("actors", "name_connectors")
    if before is not None and before.lower_ not in connectors and norm_word(before.text) in titles:
        return "person"
    if any(c.ent_type_ == "PERSON" for c in span.root.conjuncts):
        return "person"
    if len(span) == 1 and len(span.text) > 1 and span.text.isupper() and span.text.isalpha():
        return "organization"  # an acronym no gazetteer knows: "an ARC spokesperson"
    return "person" if len(span) > 1 and span[-1].text in persons else "other"


def _country_types(ctx: Context, index: ActorIndex, spans: list[tuple[Parsed, Span]]) -> None:
    """A name the NER also tags as a place, or whose demonym the text uses, is a country."""
    candidates = [
        actor
        for actor in index.actors.values()
        if not (actor.in_registry or " " in actor.name or len(actor.name) < 4)
    ]
    if not candidates:
        return  # nothing to retype: spare the scan of the text
    places = {p.text_of(s) for p, s in spans if s.label_ == "GPE"}
    texts = (t.text for p in ctx.parsed for t in p.tokens)
    words = {w for w in texts if w[:1].isupper() and w[-1] == "n"}
    for actor in candidates:
        stem = actor.name[:-1]
        demonym = any(w != actor.name and w.startswith(stem) and w.endswith("n") for w in words)
        if demonym or (actor.name in places and actor.type != "person"):
            actor.type = "country"


def _loose_surnames(ctx: Context, index: ActorIndex, surnames: dict[str, str]) -> None:
    """Capitalised words the NER missed that repeat a known surname."""
    if not surnames:
        return
    for p in ctx.parsed:
        for token in p.tokens:
            if (
                token.pos_ in ("PROPN", "NOUN")
                and token.text in surnames
                and index.at(p.index, token) is None
            ):
                index.add(
                    make_mention(p, p.doc[token.i : token.i + 1], surnames[token.text], "surname")
                )


