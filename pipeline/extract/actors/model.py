"""What the actor rules build: actors and their mentions in one source, and the index of both."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..context import Parsed
from ..grammar import SUBJECT_DEPS
from ..registry import RegistryActor

# How sure the link of a mention to its actor is, by the method that made it (else 1.0).
CONFIDENCE = {"pronoun": 0.8, "title": 0.85}


@dataclass(kw_only=True)
class Actor:
    """An actor as known in one source."""

    name: str
    type: str
    in_registry: bool = False
    wikidata_id: str | None = None
    wikidata_verified: bool = False
    aliases: set[str] = field(default_factory=set)
    titles: list[frozenset[str]] = field(default_factory=list)
    affiliation: str | None = None

    @classmethod
    def of(cls, known: RegistryActor) -> Actor:
        """The actor of a registry entry."""
        return cls(
            name=known.name,
            type=known.type,
            in_registry=True,
            wikidata_id=known.wikidata_id,
            wikidata_verified=known.wikidata_verified,
            aliases=set(known.aliases),
        )


@dataclass(kw_only=True)
class Mention:
    """A span that refers to an actor. `group` lists all actors of a plural mention."""

    actor: str
    pidx: int
    tok_start: int
    tok_end: int
    method: str
    start: int
    end: int
    text: str
    sent: int
    is_subject: bool
    group: tuple[str, ...] = ()
    quoted: bool = False
    animate: bool = False  # a spokesperson standing for an organisation: "she" can refer to it

    @property
    def confidence(self) -> float:
        """How sure the link of the mention to its actor is."""
        return CONFIDENCE.get(self.method, 1.0)


def make_mention(
    p: Parsed,
    span: Span,
    actor: str,
    method: str,
    *,
    head: Token | None = None,
    subject: bool | None = None,
    group: tuple[str, ...] = (),
    animate: bool = False,
) -> Mention:
    """The mention of `actor` that `span` makes. `head` (default: the span's root) gives its
    sentence and whether it is quoted; `subject` says whether it is the subject of its clause
    (default: the head is one, or is conjoined or in apposition to one: "the minister and her
    deputy said", "the envoy, a veteran diplomat, said")."""
    head = span.root if head is None else head
    if subject is None:
        subject = head.dep_ in SUBJECT_DEPS or (
            head.dep_ in ("conj", "appos") and head.head.dep_ in SUBJECT_DEPS
        )
    return Mention(
        actor=actor,
        pidx=p.index,
        tok_start=span.start,
        tok_end=span.end,
        method=method,
        start=p.start(span[0]),
        end=p.end(span[-1]),
        text=p.text_of(span),
        sent=p.sent_id(head),
        is_subject=subject,
        group=group,
        quoted=p.quote_of(head) is not None,
        animate=animate,
    )


@dataclass
class ActorIndex:
    """Actors and their mentions in one source, with lookups by token."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        for i in range(mention.tok_start, mention.tok_end):
            self.by_token.setdefault((mention.pidx, i), mention)

    def at(self, pidx: int, token: Token) -> Mention | None:
        return self.by_token.get((pidx, token.i))
