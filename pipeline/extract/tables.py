"""Every table of one source: the rules in their order, then the actors the tables refer to."""

from __future__ import annotations

from ..models import Extraction, Source
from .actors import build_index
from .actors.rows import actor_rows, mention_rows
from .context import Context
from .demands import find_demands
from .demands.rows import demand_rows
from .meetings import find_meetings
from .meetings.rows import meeting_rows
from .statements import find_statements
from .statements.rows import statement_rows

TABLES = (
    "actors",
    "actor_mentions",
    "statements",
    "statement_speakers",
    "meetings",
    "meeting_mentions",
    "meeting_participants",
    "demands",
    "demand_responses",
)


def _check_spans(source: Source, tables: dict[str, list[dict]]) -> None:
    for name, rows in tables.items():
        for row in rows:
            if "char_start" not in row:
                continue
            start, end = row["char_start"], row["char_end"]
            if not 0 <= start <= end <= len(source.text):
                raise ValueError(f"{name}: span {start}:{end} lies outside the source")
            if "text" in row and source.text[start:end] != row["text"]:
                raise ValueError(f"{name}: text of {start}:{end} is not the source slice")


def extract_tables(ctx: Context) -> Extraction:
    """Rows of every table of one source: the actor index, the rules in order, then the rows."""
    index = build_index(ctx)
    statements = find_statements(ctx, index)
    meetings = find_meetings(ctx, index)
    demands = find_demands(ctx, index, statements)
    parts = [
        statement_rows(ctx, statements),
        meeting_rows(ctx, meetings),
        demand_rows(ctx, demands),
    ]
    tables = {name: rows for part in parts for name, rows in part.tables.items()}
    roles = frozenset().union(*(part.actors for part in parts))
    places = frozenset(row["location"] for row in tables["meetings"] if row["location"])
    tables["actors"] = actor_rows(ctx, index, roles, places)
    kept = {row["name"] for row in tables["actors"]}
    tables["actor_mentions"] = mention_rows(ctx, index, kept)
    _check_spans(ctx.source, tables)
    return Extraction(source_id=ctx.source_id, tables={name: tables[name] for name in TABLES})
