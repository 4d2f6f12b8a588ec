"""Actors of one source and every mention of them: who is named (entities), the offices named
people hold (titles), then who pronouns and noun phrases refer to (references)."""

from __future__ import annotations

from ..context import Context
from .entities import find_entities
from .model import ActorIndex
from .references import resolve_references
from .titles import assign_titles


def build_index(ctx: Context) -> ActorIndex:
    """All actors and mentions of a source: entities first, then titles, then references."""
    index = ActorIndex()
    find_entities(ctx, index)
    assign_titles(ctx, index)
    resolve_references(ctx, index)
    return index
