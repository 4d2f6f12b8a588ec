"""What the actor rules build: actors and their mentions in one source, and the index of both."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token


@dataclass
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


@dataclass
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
