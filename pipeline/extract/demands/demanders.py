"""Who makes a demand: the subject of its verb, with the forms reported speech and news use
("we" and "it" for the speaker, "the statement, which calls for" for its author, "the
Arcadians" for their country)."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention, make_mention
from ..actors.names import demonym_actor, ensure_actor
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..statements.model import Statement
from ..statements.speakers import subject_of
from .model import statements_at


def _reported_pronoun(
    ctx: Context,
    index: ActorIndex,
    p: Parsed,
    subject: Token,
    statements: list[Statement],
) -> Mention | None | bool:
    """ "The council said it wanted X": a third-person pronoun subject inside indirect speech
    stands for the speaker when they agree ("it" no person, "he"/"she" a person); None when
    they do not or the speaker is unknown; False outside indirect speech."""
    start = p.start(subject)
    persons = ctx.lexicon.demands["reported_pronouns"]
    inside = statements_at(statements, start, "indirect")
    clause = subject.head
    reported = clause.dep_ == "ccomp" and ctx.lexicon.is_cue(clause.head.text)
    if subject.lower_ not in persons or not (inside or reported):
        return False
    if inside:
        speaker = inside[0].speaker
    else:  # "the council said it wanted X", not found as a statement
        teller = subject_of(clause.head)
        speaker = actors_of(ctx, index, p, teller) if teller is not None else None
    actor = index.actors.get(speaker.actor) if speaker is not None else None
    is_person = actor is not None and actor.type == "person"
    agrees = (persons[subject.lower_] == "person") == is_person
    return speaker if speaker is not None and agrees else None


def demander_of(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, statements: list[Statement]
) -> Mention | None:
    """Who demands through `verb`: its subject's actor; "we" and agreeing third-person
    pronouns inside reported speech are the speaker; "the paper, which calls for X" is the
    paper's author."""
    subject = subject_of(verb)
    if subject is None:
        return None
    if subject.lower_ in ctx.lexicon.demands["relative_pronouns"] and verb.dep_ == "relcl":
        subject = verb.head  # "the statement, which calls for X": the statement's author
    start = p.start(subject)
    if subject.lower_ in ctx.lexicon.speech["first_person"]:
        inside = statements_at(statements, start)
        return inside[0].speaker if inside else None
    if subject.pos_ == "PRON":
        reported = _reported_pronoun(ctx, index, p, subject, statements)
        if reported is not False:
            return reported
    return actors_of(ctx, index, p, subject) or _people_of(ctx, index, p, subject)


def _people_of(ctx: Context, index: ActorIndex, p: Parsed, subject: Token) -> Mention | None:
    """ "the Arcadians demand X": a plural demonym stands for its country."""
    if subject.tag_ != "NNPS" or not subject.text.endswith("s"):
        return None
    words = [c.text for c in subject.children if c.dep_ == "compound" and c.i < subject.i]
    country = demonym_actor(ctx, index, " ".join([*words, subject.text[:-1]]))
    if country is None:
        return None
    span = p.doc[subject.left_edge.i : subject.i + 1]
    return make_mention(p, span, ensure_actor(ctx, index, country), "demonym", head=subject)
