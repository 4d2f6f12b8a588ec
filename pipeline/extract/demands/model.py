"""What the demand rules build: demands, and the responses that reject or accept them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..statements.model import Statement


@dataclass(kw_only=True)
class Response:
    """A rejection or acceptance of demands."""

    responder: str
    response: str
    target: str | None
    start: int
    end: int
    topic: frozenset[str] = frozenset()
    action: bool = False  # answered by an act ("agreed to publish it"), not by "the demand"
    plural: bool = False  # "turned down the requests": may answer several demands
    anaphor: bool = False  # the act refers back ("agreed to publish it")
    refusal: bool = False  # "will not publish it": answers only what was demanded of the responder


@dataclass(kw_only=True)
class Demand:
    """One demand; offsets are source coordinates."""

    pidx: int
    demander: str
    addressee: str | None
    cue: str
    start: int
    end: int
    ev_start: int
    ev_end: int
    confidence: float
    status: str = "made"
    responses: list[Response] = field(default_factory=list)
    coordinated: bool = False  # one of several demanders of the same words ("A and B demand")
    nominal: bool = False  # read from a noun ("calls to reopen the port"), not a verb


def statements_at(
    statements: list[Statement], start: int, mode: str | None = None
) -> list[Statement]:
    """The statements holding the offset `start`, innermost first ("X said Y insists Z": the
    statement of Y before that of X); only those of `mode` when given."""
    inside = [s for s in statements if s.start <= start < s.end and mode in (None, s.mode)]
    return sorted(inside, key=lambda s: s.end - s.start)
