"""Links pronouns, titles ("the finance minister") and collective nouns to actors."""

from __future__ import annotations

import dataclasses
import functools

from spacy.tokens import Token

from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS
from ..lexicon import norm_word
from .model import ActorIndex, Mention, make_mention
from .names import demonym_actor, ensure, ensure_actor

NP_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "ROOT"}


def _before(index: ActorIndex, ctx: Context, p: Parsed, token: Token) -> list[Mention]:
    """Mentions before the token, outside quotations and other passages' captions, in order."""
    key = (p.index, token.i)
    out = [
        m
        for m in index.mentions
        if (m.pidx, m.tok_start) < key
        and not m.quoted
        and (m.pidx == p.index or ctx.parsed[m.pidx].passage.kind != "caption")
    ]
    return sorted(out, key=lambda m: (m.pidx, m.tok_start))


def _word_gender(ctx: Context, word: str) -> str | None:
    """ "f" for "she" or "Ms.", "m" for "he" or "Mr.", else None."""
    word = word.lower()
    if word in ctx.lexicon.words("speech", "female_words"):
        return "f"
    return "m" if word in ctx.lexicon.words("speech", "male_words") else None


def _gender(ctx: Context, index: ActorIndex, actor: str) -> str | None:
    """The gender a person's pronouns agree with: the honorific the source gives the person
    ("Ms. Ruiz"), else the gender most who bear the first name share; None when unknown."""
    if index.actors[actor].type != "person":
        return None
    for m in index.mentions:
        if m.actor == actor and m.method != "pronoun":
            doc = ctx.parsed[m.pidx].doc
            before = doc[m.tok_start - 1].text if m.tok_start > 0 else ""
            found = _word_gender(ctx, m.text.split()[0]) or _word_gender(ctx, before)
            if found:
                return found
    return ctx.lexicon.given_names.get(actor.split()[0].lower())


def _pick(candidates: list[Mention], sent: int) -> Mention | None:
    """The antecedent: the latest subject of the last two sentences, else the first name of
    the latest sentence that has a candidate, where English puts the one the sentence is
    about ("At the border, Arcadia's envoy, Ana Ruiz, denied that Peru would name Juan
    Soto. 'No,' she said": Ruiz, not Soto)."""
    recent = [m for m in candidates if m.is_subject and sent - m.sent <= 2]
    if recent or not candidates:
        return recent[-1] if recent else None
    latest = [m for m in candidates if m.sent == candidates[-1].sent]
    return min(latest, key=lambda m: (m.method == "pronoun", m.tok_start))


def _antecedent(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> Mention | None:
    """The mention a third-person pronoun refers back to."""
    word = token.lower_
    speech = ctx.lexicon.speech
    cands = _before(index, ctx, p, token)
    if word in speech["person_pronouns"]:
        cands = [
            m
            for m in cands
            if (index.actors[m.actor].type == "person" or m.animate)
            and len(m.group) < 2
            and _gender(ctx, index, m.actor) in (None, _word_gender(ctx, word))
        ]
    elif word in speech["pair_words"]:
        pair = _pair(ctx, index, p, token)
        return _pair_mention(index, cands, pair) if pair else None
    elif word in speech["group_pronouns"]:
        plural = [m for m in cands if len(m.group) > 1 or index.actors[m.actor].type != "person"]
        sent = p.sent_id(token)
        recent = [m for m in plural if m.is_subject and sent - m.sent <= 2]
        pair = () if recent else _met_pair(index, cands, sent) or _pair(ctx, index, p, token)
        if pair and all(any(m.actor == a and sent - m.sent <= 3 for m in cands) for a in pair):
            return _pair_mention(index, cands, pair)  # "They agreed": the two just named
        cands = plural
    elif word in speech["thing_pronouns"]:
        cands = [m for m in cands if index.actors[m.actor].type in ("organization", "country")]
    else:
        return None
    return _pick(cands, p.sent_id(token))


def _pair(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> tuple[str, ...]:
    """ "The two leaders agreed", "Both said": the two people the source has named most so
    far (the later first named breaks a tie), in order of their first mention."""
    counts: dict[str, int] = {}
    for m in _before(index, ctx, p, token):
        if index.actors[m.actor].type == "person" and not m.group:
            counts[m.actor] = counts.get(m.actor, 0) + 1
    if len(counts) < 2:
        return ()
    order = list(counts)
    top = sorted(order, key=lambda a: (-counts[a], -order.index(a)))[:2]
    return tuple(sorted(top, key=order.index))


def _met_pair(index: ActorIndex, cands: list[Mention], sent: int) -> tuple[str, ...]:
    """The two people of the latest of the last three sentences where one person acts on
    another ("Ana Ruiz met Juan Soto in Lima. They agreed ...": Ruiz and Soto)."""
    for back in range(1, 4):
        here = [m for m in cands if m.sent == sent - back and m.method != "pronoun"
                and not m.group and index.actors[m.actor].type == "person"]
        people = list(dict.fromkeys(m.actor for m in here))
        subjects = [m.actor for m in here if m.is_subject]
        if len(people) >= 2 and subjects:
            return (subjects[0], next(a for a in people if a != subjects[0]))
    return ()


def _pair_mention(index: ActorIndex, cands: list[Mention], pair: tuple[str, ...]) -> Mention:
    """The last mention of the pair's first person, standing for both."""
    last = next(m for m in reversed(cands) if m.actor == pair[0])
    return dataclasses.replace(last, group=pair)


def _np_tokens(token: Token) -> list[Token]:
    """The head noun and its left modifiers, without articles and punctuation."""
    left = token.left_edge.i
    return [
        t
        for t in token.doc[left : token.i + 1]
        if t.dep_ not in ("det", "punct", "case", "predet", "poss") and t.tag_ != "POS"
    ]


def _words(ctx: Context, index: ActorIndex, p: Parsed, tokens: list[Token]) -> set[str]:
    out = set()
    for t in tokens:
        demonym = demonym_actor(ctx, index, t.text)
        mention = index.at(p.index, t)
        name = demonym or (mention.actor if mention else t.text)
        out |= {norm_word(w) for w in name.split()}
    return out


def _group_actor(ctx: Context, index: ActorIndex, p: Parsed, tokens: list[Token]) -> str | None:
    """ "the French delegation", "the union side" -> the country or organisation named."""
    head = tokens[-1]
    preps = [
        c
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ctx.lexicon.words("actors", "group_preps")
    ]
    objects = [g for prep in preps for g in prep.children if g.dep_ == "pobj"]
    for t in [*tokens[:-1], *objects, *(c for o in objects for c in o.children)]:
        demonym = demonym_actor(ctx, index, t.text)
        if demonym:
            return ensure_actor(ctx, index, demonym)
        mention = index.at(p.index, t)
        if mention is None and t.pos_ == "PRON" and t.dep_ == "poss":
            mention = _antecedent(ctx, index, p, t)  # "officials of its trade ministry"
        if mention and index.actors[mention.actor].type != "person":
            return mention.actor
    if len(tokens) == 1 and head.lower_ in ctx.lexicon.words("speech", "government_nouns"):
        for m in reversed(_before(index, ctx, p, head)):  # "the Arcadian government" before
            kind = index.actors[m.actor].type
            if head.lower_ in m.text.lower().split() and kind in ("country", "organization"):
                return m.actor
    return None


def _title_before(ctx: Context, m: Mention) -> set[str]:
    """Title words written right before a name ("President" of "President Ruiz")."""
    titles = ctx.lexicon.words("actors", "title_nouns") | ctx.lexicon.words("actors", "title_words")
    doc, words, i = ctx.parsed[m.pidx].doc, set(), m.tok_start - 1
    while i >= 0 and doc[i].text[:1].isupper() and norm_word(doc[i].text) in titles:
        words.add(norm_word(doc[i].text))
        i -= 1
    return words


def _apposed(ctx: Context, m: Mention) -> set[str]:
    """Nouns in apposition to a name ("Ana Ruiz, a spokeswoman for the Pact," -> spokeswoman)."""
    root = ctx.parsed[m.pidx].doc[m.tok_start : m.tok_end].root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    return {norm_word(t.text) for n in nouns for t in n.subtree if t.pos_ in ("NOUN", "PROPN")}


def _title_holders(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, words: set[str]
) -> tuple[str, ...]:
    """People whose title in this source covers all the words, most recent last."""
    holders: list[str] = []
    sent = p.sent_id(token)
    # "The minister met Minister Ana Ruiz": the one described is not the one named beside
    named_here = {
        m.actor
        for m in index.mentions
        if m.pidx == p.index and m.sent == sent and m.method not in ("title", "pronoun")
        and not m.tok_start <= token.i < m.tok_end
    }
    for m in _before(index, ctx, p, token):
        actor = index.actors[m.actor]
        if m.actor in named_here:
            continue
        titled = any(words <= t for t in actor.titles) or words <= _title_before(ctx, m) | (
            _apposed(ctx, m))
        if actor.type == "person" and titled:
            if m.actor in holders:
                holders.remove(m.actor)
            holders.append(m.actor)
    # "the Prime Minister" is the one called just that, not the "Prime Minister of Arcadia"
    exact = [h for h in holders if words in index.actors[h].titles]
    if exact or holders:
        return tuple(exact or holders)
    day = ctx.source.published
    holder = ctx.registry.holder(" ".join(t.lower_ for t in _np_tokens(token)), day)
    return (ensure_actor(ctx, index, holder.name),) if holder else ()


def _sides(ctx: Context, index: ActorIndex, p: Parsed, token: Token, tokens: list[Token]
           ) -> set[str]:
    """The countries and organisations a description names ("Arcadia's", "Arcadian", "Pact")."""
    mods = [*tokens[:-1], *(c for c in token.children if c.dep_ == "poss")]
    sides = {m.actor for t in mods if (m := index.at(p.index, t))}
    return sides | {a for t in mods if (a := demonym_actor(ctx, index, t.text))}


def _side_person(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, tokens: list[Token]
) -> tuple[str, ...]:
    """ "Arcadia's top diplomat" after "Arcadian Foreign Minister Ana Ruiz": the one person the
    source has named so far who speaks for that side."""
    sides = _sides(ctx, index, p, token, tokens)
    if not sides or token.tag_ in ("NNS", "NNPS"):
        return ()
    people = {
        m.actor
        for m in _before(index, ctx, p, token)
        if index.actors[m.actor].type == "person" and index.actors[m.actor].affiliation in sides
    }
    return tuple(people) if len(people) == 1 else ()


def _named_later(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, tokens: list[Token]
) -> tuple[str, ...]:
    """A definite description that names its country or organisation before the person is
    named ("The Arcadian envoy said ... Speaking later, Ana Ruiz added"): the first person named
    in the next two paragraphs, outside the description's sentence, preferring one who speaks
    for that country or organisation."""
    definite = any(c.dep_ == "poss" or c.lower_ == "the" for c in token.children)
    sides = _sides(ctx, index, p, token, tokens)
    appos = any(c.dep_ == "appos" for c in token.children)  # "its envoy, Ana Ruiz,"
    if not definite or not sides or appos or token.tag_ in ("NNS", "NNPS"):
        return ()
    sent = p.sent_id(token)
    later = [
        m
        for m in index.mentions
        if p.index <= m.pidx <= p.index + 2
        and m.sent > sent
        and m.method in ("ner", "registry")
        and index.actors[m.actor].type == "person"
    ]
    later.sort(key=lambda m: (m.pidx, m.tok_start))
    fitting = [m for m in later if index.actors[m.actor].affiliation in sides]
    pick = (fitting or later)[:1]
    return tuple(m.actor for m in pick)


def _office(
    ctx: Context, index: ActorIndex, token: Token, tokens: list[Token], words: set[str]
) -> tuple[str, ...]:
    """ "The Prime Minister spoke to ..." with no holder named before: the office-holder the
    text never names, an actor called by the title ("Prime Minister")."""
    titles = ctx.lexicon.words("actors", "title_nouns")
    dets = [c.lower_ for c in token.children if c.dep_ == "det"]
    subject = token.dep_ in SUBJECT_DEPS or token.dep_ == "conj" and token.head.dep_ in SUBJECT_DEPS
    if dets != ["the"] or not subject or norm_word(token.text) != token.lower_:
        return ()  # only an office-holder who acts or speaks: "The Prime Minister said"
    if not all(norm_word(t.text) in titles for t in tokens):
        return ()
    name = " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in tokens)
    actor = ensure(ctx, index, name, "person")
    if frozenset(words) not in actor.titles:
        actor.titles.append(frozenset(words))
    return (actor.name,)


def _org_actor(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> str | None:
    """ "the agency" -> the latest organisation whose name holds "agency"."""
    word = norm_word(token.text)
    for m in reversed(_before(index, ctx, p, token)):
        actor = index.actors[m.actor]
        names = [actor.name, *actor.aliases]
        if actor.type != "person" and any(word in {norm_word(w) for w in n.split()} for n in names):
            return m.actor
    return None


def _described(ctx: Context, m: Mention, word: str) -> bool:
    """Whether the source introduced the mention with `word` ("the militia X" for "militia")."""
    doc = ctx.parsed[m.pidx].doc
    before = {norm_word(t.text) for t in doc[max(m.tok_start - 3, 0) : m.tok_start]}
    return word in before or word.rstrip("s") in before


def _org_anaphor(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> str | None:
    """ "the movement", "the coalition": the organisation last named; "the separatists": the
    last one the source described as separatist."""
    lex = ctx.lexicon
    word = token.lower_
    dets = [c.lower_ for c in token.children if c.dep_ == "det"]
    mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    if dets != ["the"] or mods:
        return None
    orgs = [
        m
        for m in _before(index, ctx, p, token)
        if index.actors[m.actor].type in ("organization", "other") and m.method != "pronoun"
    ]
    described = [m for m in orgs if _described(ctx, m, norm_word(word))]
    if described:
        return described[-1].actor
    if word in lex.words("actors", "org_anaphors") and orgs:
        return orgs[-1].actor
    return None


def _noun_reference(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> tuple | None:
    """(actors, method) for a title, collective or organisation noun phrase, else None."""
    lex = ctx.lexicon
    anaphors = lex.words("actors", "org_anaphors") | lex.words("actors", "descriptor_anaphors")
    if token.lower_ in anaphors:
        actor = _org_anaphor(ctx, index, p, token)
        return ((actor,), "alias") if actor else None
    lemma = norm_word(token.text)
    groups = _normed(lex.words("actors", "group_nouns"))
    if not (
        lemma in groups
        or lemma in lex.words("actors", "title_nouns")
        or lemma in lex.words("actors", "org_nouns")
    ):
        return None
    tokens = _np_tokens(token)
    appos = _appositions(token)
    if any(
        index.at(p.index, t) and index.actors[index.at(p.index, t).actor].type == "person"
        for t in [*tokens, *appos]
    ):
        return None  # "the envoy Ana Ruiz", "the spokesman for the Pact, Ana Ruiz,": she
    plural = token.tag_ in ("NNS", "NNPS") or lemma != token.lower_
    if token.lower_ in lex.words("actors", "group_nouns") or (plural and lemma in groups):
        actor = _group_actor(ctx, index, p, tokens)
        if actor and token.lower_ in lex.words("actors", "member_nouns"):
            actor = _member_group(ctx, index, p, tokens, actor)
        if actor or plural or lemma not in lex.words("actors", "title_nouns"):
            return ((actor,), "alias") if actor else None
        # "the spokesman" of no named side: the spokesman the source named before
    title_head = token.lower_ not in lex.words("actors", "not_title_heads")
    if lemma in lex.words("actors", "title_nouns") and title_head:
        words = _words(ctx, index, p, tokens)
        holders = (
            _title_holders(ctx, index, p, token, words)
            or _side_person(ctx, index, p, token, tokens)
            or _named_later(ctx, index, p, token, tokens)
            or _office(ctx, index, token, tokens, words)
        )
        sides = any(index.at(p.index, t) or demonym_actor(ctx, index, t.text) for t in tokens)
        if plural and len(holders) < 2 and not sides:
            holders = _pair(ctx, index, p, token)  # "the two ministers", "the leaders"
        if not holders:
            return None
        return (holders if plural else holders[-1:]), "title"
    has_det = any(t.dep_ == "det" for t in token.lefts)
    if lemma in lex.words("actors", "org_nouns") and has_det and len(tokens) <= 2:
        if any(index.at(p.index, t) for t in tokens):
            return None
        actor = _org_actor(ctx, index, p, token)
        return ((actor,), "alias") if actor else None
    return None


def _member_group(
    ctx: Context, index: ActorIndex, p: Parsed, tokens: list[Token], side: str
) -> str:
    """ "Senior Arcadian diplomats": a group actor called by its description, part of `side`."""
    name = p.text_of(p.doc[tokens[0].i : tokens[-1].i + 1])
    group = ensure(ctx, index, name[:1].upper() + name[1:], "group")
    if group.name == side or group.type != "group":
        return side
    group.affiliation = group.affiliation or side
    return group.name


@functools.lru_cache(maxsize=64)
def _normed(words: frozenset[str]) -> frozenset[str]:
    """`norm_word` of every word of a (cached) lexicon list."""
    return frozenset(norm_word(w) for w in words)


def _add(
    ctx: Context, index: ActorIndex, p: Parsed, token: Token, actors: tuple[str, ...], method: str
) -> None:
    """A mention of `actors` by the noun phrase headed by `token` (by the pronoun alone)."""
    start = token.left_edge.i if method != "pronoun" else token.i
    words = ctx.lexicon.words
    animate = words("actors", "spokespeople") | words("speech", "person_pronouns")
    index.add(
        make_mention(
            p,
            p.doc[start : token.i + 1],
            actors[0],
            method,
            head=token,
            subject=token.dep_ in SUBJECT_DEPS,
            group=actors if len(actors) > 1 else (),
            animate=token.lower_ in animate,
        )
    )


def _name_part(short: list[str], full: list[str], particles: frozenset[str]) -> bool:
    """Whether a name is a shorter form of a fuller one: its last words ("Lopez Garcia" of
    "Maria Lopez Garcia"), its first word (a given name, or a surname written first: "Wang"
    of "Wang Lei"), or the last word without its particle ("Hassan" of "Ali al-Hassan")."""
    if not 0 < len(short) < len(full):
        return False
    last = full[-1].lower()
    for particle in particles:
        if last.startswith(particle + "-"):
            last = last[len(particle) + 1 :]
    return (
        full[-len(short) :] == short
        or full[: len(short)] == short
        or (len(short) == 1 and short[0].lower() == last)
    )


def link_name_chains(ctx: Context, index: ActorIndex) -> None:
    """Shorter forms of one person's name within a source ("Ana Ruiz" ... "Ruiz"): their
    mentions go to the full name, when only one person of the source has it."""
    particles = ctx.lexicon.words("speech", "name_particles")
    people = [a for a in index.actors.values() if a.type == "person"]
    for short in people:
        if short.in_registry:
            continue
        fuller = [a for a in people if a is not short
                  and _name_part(short.name.split(), a.name.split(), particles)]
        if len(fuller) != 1 or fuller[0].name not in index.actors:
            continue
        full = fuller[0]
        for m in index.mentions:
            if m.actor == short.name:
                m.actor, m.method = full.name, "surname"
            m.group = tuple(full.name if a == short.name else a for a in m.group)
        full.titles += short.titles
        full.affiliation = full.affiliation or short.affiliation
        full.aliases |= short.aliases
        del index.actors[short.name]


def resolve_references(ctx: Context, index: ActorIndex) -> None:
    """Name chains first; then one pass in reading order: pronouns and noun phrases outside
    quotations become mentions."""
    link_name_chains(ctx, index)
    for p in ctx.parsed:
        for token in p.tokens:
            if p.quote_of(token) is not None or index.at(p.index, token) is not None:
                continue
            pair = token.lower_ in ctx.lexicon.speech["pair_words"] and token.dep_ in SUBJECT_DEPS
            if pair or token.pos_ == "PRON" and (token.dep_ in NP_DEPS or token.dep_ == "poss"):
                found = _antecedent(ctx, index, p, token)
                if found:
                    _add(ctx, index, p, token, found.group or (found.actor,), "pronoun")
            elif token.pos_ in ("NOUN", "PROPN") and token.dep_ in NP_DEPS:
                ref = _noun_reference(ctx, index, p, token)
                if ref:
                    _add(ctx, index, p, token, *ref)


def _appositions(token: Token) -> list[Token]:
    """Names in apposition to a noun, also where the parser hangs them on its prepositional
    object ("the spokesman for the Pact, Ana Ruiz,")."""
    objects = [o for c in token.children if c.dep_ == "prep" for o in c.children
               if o.dep_ == "pobj"]
    return [c for t in (token, *objects) for c in t.children if c.dep_ == "appos"]


def _person_noun(ctx: Context, token: Token) -> bool:
    """Whether a noun describes people ("official", "envoys", "diplomats")."""
    words = ctx.lexicon.words
    if token.pos_ != "NOUN" or token.lower_ in words("actors", "not_title_heads"):
        return False
    lemma = norm_word(token.text)
    return (
        lemma in words("actors", "title_nouns")
        or lemma in words("speech", "person_speakers")
        or token.lower_ in words("speech", "group_speakers")
    )


def actors_of(ctx: Context, index: ActorIndex, p: Parsed, token: Token) -> Mention | None:
    """The mention a noun phrase headed by `token` makes, with "A and B" as a group."""
    mention, anchor = index.at(p.index, token), token
    if mention is None:
        # "an Arcadian Foreign Ministry official" is a person, not the ministry she serves
        # ("Arcadian and Pact ministers met": the sides a meeting's participants stand for)
        person = _person_noun(ctx, token) and token.tag_ not in ("NNS", "NNPS")
        order = ("appos",) if person else ("appos", "compound", "nmod", "poss")
        children = sorted(
            token.children, key=lambda c: order.index(c.dep_) if c.dep_ in order else 9
        )
        if order == ("appos",):
            children = _appositions(token)
        for child in children:
            if child.dep_ in order and index.at(p.index, child):
                mention, anchor = index.at(p.index, child), child
                break
    if mention is None:
        return None
    conj = [index.at(p.index, c) for c in token.conjuncts if c.i > token.i]
    conj += [
        index.at(p.index, c) for c in anchor.conjuncts if c.i > anchor.i and anchor.i != token.i
    ]
    conj += [actors_of(ctx, index, p, c) for c in token.conjuncts if c.i > token.i]
    others = tuple(m.actor for m in conj if m is not None and m.actor != mention.actor)
    if others and not mention.group:
        return dataclasses.replace(mention, group=(mention.actor, *others))
    return mention
