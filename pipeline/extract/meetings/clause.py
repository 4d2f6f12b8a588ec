"""What the clause of a meeting mention says: the verb that governs it, whether the meeting is
ahead, hypothetical or under way, and its date."""

from __future__ import annotations

from spacy.tokens import Token

from ..context import Context, Parsed
from ..dates import UNKNOWN, When, resolve_date

# Dependents of a meeting word that say when it happens, and the clauses a date phrase is
# not looked for in ("talks that began in May" dates the beginning, not the talks' mention).
DATE_DEPS = ("prep", "npadvmod", "tmod", "poss", "nmod", "compound", "amod", "appos", "advmod")
CLAUSE_DEPS = ("relcl", "advcl", "ccomp", "xcomp", "acl", "conj", "parataxis", "csubj")


def governor(token: Token) -> Token:
    """The verb whose clause says when, where and by whom a meeting noun happens."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def clause_chain(verb: Token) -> list[Token]:
    """The verb and, while it has no subject of its own, the verbs it hangs from."""
    chain = [verb]
    while (
        len(chain) < 4
        and chain[-1].dep_ in ("advcl", "xcomp", "conj")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in chain[-1].children)
    ):
        chain.append(chain[-1].head)
    return chain


def is_future(ctx: Context, verb: Token, noun: Token | None) -> bool:
    """Whether the clause puts the meeting ahead ("will meet", "plan a summit", "next summit")."""
    words = ctx.lexicon.words
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    mods = {c.lower_ for c in noun.children} if noun is not None else set()
    xcomp_to = verb.lemma_ == "be" and any(c.dep_ == "xcomp" for c in verb.children)
    plan_verbs = words("meetings", "plan_verbs")
    planned = verb.lemma_ in plan_verbs or (  # "the envoys are to meet", "due to open"
        verb.dep_ == "xcomp" and (verb.head.lemma_ == "be" or verb.head.lemma_ in plan_verbs)
    )
    future = bool(aux & words("meetings", "future_aux"))
    return future or xcomp_to or planned or bool(mods & words("meetings", "future_modifiers"))


def direction(ctx: Context, verb: Token, noun: Token | None) -> bool | None:
    """Which way a date without year or week points: ahead (True) for a meeting still to come,
    back (False) under a past tense ("met on Sunday", "have met"), else the nearer (None)."""
    if is_future(ctx, verb, noun):
        return True
    perfect = verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children
    )
    return False if verb.tag_ == "VBD" or perfect else None


def is_ahead(ctx: Context, noun: Token) -> bool:
    """ "ahead of a summit", "before the meeting", "prior to the session": still to come."""
    words = ctx.lexicon.words
    head = noun.head
    if noun.dep_ != "pobj":
        return False
    ahead_words = words("meetings", "ahead_words")
    if head.lower_ in words("meetings", "ahead_preps") and head.head.lower_ in ahead_words:
        return True
    return head.lower_ == "before"


def is_hypothetical(ctx: Context, token: Token) -> bool:
    """A meeting that only could, might or should happen."""
    verb = governor(token) if token.pos_ != "VERB" else token
    aux = ctx.lexicon.words("meetings", "hypothetical_aux")
    return any(c.dep_ == "aux" and c.lower_ in aux for c in verb.children)


def noun_type(ctx: Context, token: Token) -> str | None:
    """The meeting type a noun gives ("talks", "press_conference"), else None."""
    nouns = ctx.lexicon.meetings["nouns"]
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
        return None
    prev = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return nouns.get(f"{prev} {token.lower_}") or nouns.get(token.lower_)


def names_meeting(ctx: Context, token: Token) -> bool:
    """ "met for talks", "a session of the talks": a meeting noun in a prepositional phrase
    of the token says which meeting it is (that noun makes the mention)."""
    return any(
        noun_type(ctx, o) is not None
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ctx.lexicon.words("meetings", "naming_preps")
        for o in c.children
        if o.dep_ == "pobj"
    )


def _date_tokens(ctx: Context, token: Token, out: list[Token]) -> None:
    """Tokens of DATE and TIME entities under `token`, not crossing into another clause or
    another meeting ("met before the July summit": July dates the summit)."""
    if token.ent_type_ in ("DATE", "TIME"):
        out.append(token)
    if token.lower_ in ctx.lexicon.meetings["nouns"] and token.pos_ == "NOUN":
        return
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS or (child.dep_ == "conj" and child.pos_ != "VERB"):
            _date_tokens(ctx, child, out)  # "on Tuesday and Wednesday", not "and met on Friday"


def date_phrases(ctx: Context, p: Parsed, anchor: Token) -> list[str]:
    """Date phrases said on a meeting noun or verb: the DATE and TIME words of each of its
    time, place and modifier phrases ("on Monday", "next month's summit", "the call this
    evening", "a visit beginning on Friday"), and relative day words spaCy leaves out of its
    entities. A phrase is cut to its dependent: an entity may run over a place ("in X next
    month")."""
    phrases: list[str] = []
    for child in anchor.children:
        tokens: list[Token] = []
        if child.dep_ in DATE_DEPS or (child.dep_ == "acl" and anchor.pos_ != "VERB"):
            _date_tokens(ctx, child, tokens)
        elif child.lower_ in ctx.lexicon.words("dates", "relative_days"):
            tokens.append(child)
        for text in _phrases(ctx, p, tokens):
            if text not in phrases:
                phrases.append(text)
    return phrases


def _phrases(ctx: Context, p: Parsed, tokens: list[Token]) -> list[str]:
    """The text of each entity the tokens are in, cut to the tokens; entities joined by a range
    word become one phrase ("Tuesday and Wednesday", "8 to 12 May")."""
    runs: dict[int, list[int]] = {}
    for token in tokens:
        runs.setdefault(_entity_start(token), []).append(token.i)
    spans: list[list[int]] = []
    joins = ctx.lexicon.words("dates", "range_words")
    for _, run in sorted(runs.items()):
        between = p.doc[spans[-1][1] + 1 : min(run)] if spans else None
        if between is not None and 0 < len(between) <= 2 and all(
            t.lower_ in joins or t.is_punct for t in between
        ):
            spans[-1][1] = max(run)
        else:
            spans.append([min(run), max(run)])
    return [p.doc[a : b + 1].text for a, b in spans]


def _entity_start(token: Token) -> int:
    """The index of the first token of the entity holding `token` (its own if none)."""
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def meeting_date(ctx: Context, p: Parsed, anchors: list[Token], future: bool | None) -> When:
    """The first date said on one of the anchors that resolves, with its precision."""
    for anchor in anchors:
        for text in date_phrases(ctx, p, anchor):
            found = resolve_date(text, ctx.source.published, ctx.lexicon.date_words, future)
            if found.start is not None:
                return found
    return UNKNOWN


def headline_day(ctx: Context, p: Parsed, verb: Token, found: When) -> When:
    """A headline in the present simple reports an event of the publication day ("Leaders Meet
    in X", "Leaders Hold Summit"): that day, marked as assumed, when the headline names no
    date of its own."""
    published = ctx.source.published
    if found.start is not None or p.passage.kind != "title" or published is None:
        return found
    if verb.tag_ not in ("VBZ", "VBP") or is_future(ctx, verb, None):
        return found
    return When(published, None, "day", assumed=True)
