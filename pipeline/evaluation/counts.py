"""Counters the scorer adds up over texts and parts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

G = TypeVar("G")
P = TypeVar("P")


@dataclass
class Counts:
    """True positives, predictions and gold records of one record type."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.pred, self.gold = (
            self.tp + other.tp,
            self.pred + other.pred,
            self.gold + other.gold,
        )

    def scores(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass
class Ratio:
    """Right out of total (an accuracy over matched records)."""

    right: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.right, self.total = self.right + other.right, self.total + other.total

    def count(self, ok: bool) -> None:
        self.right, self.total = self.right + int(ok), self.total + 1

    def scores(self) -> dict[str, float | int]:
        value = self.right / self.total if self.total else 0.0
        return {"accuracy": round(value, 3), "right": self.right, "total": self.total}


@dataclass(frozen=True)
class Error:
    """One scoring error of a text, for `eval --details` (never kept for the held-out part)."""

    record: str  # statement | meeting | demand | response | actor
    kind: str  # missed | extra | wrong speaker | wrong date | ...
    text: str
    note: str = ""


@dataclass
class TextScore:
    """Everything the scorer found in one text."""

    counts: dict[str, Counts] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)
    tallies: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # lists of actor names
    errors: list[Error] = field(default_factory=list)

    def ratio(self, name: str) -> Ratio:
        return self.ratios.setdefault(name, Ratio())

    def tally(self, name: str, n: int = 1) -> None:
        self.tallies[name] = self.tallies.get(name, 0) + n

    def add(self, other: TextScore) -> None:
        for name, c in other.counts.items():
            self.counts.setdefault(name, Counts()).add(c)
        for name, r in other.ratios.items():
            self.ratio(name).add(r)
        for name, n in other.tallies.items():
            self.tally(name, n)
        for name, values in other.names.items():
            self.names.setdefault(name, []).extend(values)
        self.errors.extend(other.errors)


def match(gold: Sequence[G], pred: Sequence[P], ok: Callable[[G, P], Any]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in gold order: (gold index, pred index) pairs."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and ok(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs
