"""Who speaks through a reporting verb: the verb's subject, and the actor it names."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.model import ActorIndex, Mention
from ..actors.references import actors_of
from ..context import Context, Parsed
from ..grammar import SUBJECT_DEPS
from ..lexicon import norm_word
from .groups import unnamed_speaker


def subject_of(verb: Token) -> Token | None:
    """Grammatical subject of a verb, borrowed from the verb it is conjoined to if needed."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "The mayor, X, asking for ...": a headline-style fragment
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        after = [c for c in subjects if c.i > verb.i]
        if after and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            return after[0]  # "The ships, said the admiral, will leave": the admiral
        before = [c for c in subjects if c.i < verb.i]
        # "A spokesman, Ana Ruiz said" parsed as two subjects: the name after the comma
        named = [c for c in before[1:]
                 if c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","]
        subject = named[-1] if named else (subjects[0] if subjects else None)
        if (
            subject is not None
            or verb.dep_ not in ("conj", "xcomp", "advcl")
            or verb.head.i == verb.i
        ):
            return subject
        verb = verb.head
    return None


def speaker_of(ctx: Context, index: ActorIndex, p: Parsed, verb: Token) -> Mention | None:
    """The actor who speaks through a reporting verb: the one its subject names or refers
    to; a group or unnamed person for a description ("officials", "a ministry official")."""
    subject = subject_of(verb)
    issuer = _issuer(ctx, index, p, verb, subject)
    if issuer is not None:
        return issuer
    if subject is None:
        return None
    mention = actors_of(ctx, index, p, subject)
    if mention is None or not _stands_for_side(ctx, index, mention, subject):
        return mention or unnamed_speaker(ctx, index, p, subject)
    group = unnamed_speaker(ctx, index, p, subject)
    if group is None:
        return mention
    if mention.tok_start <= subject.i < mention.tok_end and mention in index.mentions:
        index.mentions.remove(mention)  # "Arcadian officials" names the group, not Arcadia
    return group


def _issuer(
    ctx: Context, index: ActorIndex, p: Parsed, verb: Token, subject: Token | None
) -> Mention | None:
    """The one who issued the statement a verb reports through ("said in a statement issued
    by spokesman Ana Ruiz", "a statement released by Ana Ruiz said"): Ana Ruiz. Never the
    agency that published or carried it."""
    documents = ctx.lexicon.words("speech", "statement_nouns")
    nouns = [subject] if subject is not None else []
    nouns += [o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    for noun in nouns:
        if norm_word(noun.text) not in documents:
            continue
        issuing = ctx.lexicon.words("speech", "issue_verbs")
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in issuing):
            for agent in (c for c in acl.children if c.dep_ == "agent"):
                by = next((o for o in agent.children if o.dep_ == "pobj"), None)
                mention = actors_of(ctx, index, p, by) if by is not None else None
                if mention is not None:
                    return mention
    return None


def _stands_for_side(ctx: Context, index: ActorIndex, mention: Mention, head: Token) -> bool:
    """Whether a plural description ("Arcadian officials") was linked to its country or
    organisation: the speakers are a group of it, not the state itself."""
    groups = ctx.lexicon.words("speech", "group_speakers")
    return head.lower_ in groups and index.actors[mention.actor].type != "person"
