"""All tables of one source: the row builders return what they refer to, so the order in which
they run does not matter."""

from __future__ import annotations

import itertools

from pipeline.extract.actors import build_index
from pipeline.extract.actors.rows import actor_rows
from pipeline.extract.context import Context, parse_sources
from pipeline.extract.demands import find_demands
from pipeline.extract.demands.rows import demand_rows
from pipeline.extract.meetings import find_meetings
from pipeline.extract.meetings.rows import meeting_rows
from pipeline.extract.statements import find_statements
from pipeline.extract.statements.rows import statement_rows
from pipeline.extract.tables import extract_tables
from pipeline.ingest import segment

pytest_plugins = ["tests.conftest_extract"]


def test_tables_built_in_any_order_have_the_same_rows(seed, nlp, registry, lexicon):
    passages = segment.split(seed)
    ctx = Context(seed, next(parse_sources([(seed, passages)], nlp)), registry, lexicon)
    index = build_index(ctx)
    statements = find_statements(ctx, index)
    meetings = find_meetings(ctx, index)
    demands = find_demands(ctx, index, statements)
    builders = {
        "statements": lambda: statement_rows(ctx, statements),
        "meetings": lambda: meeting_rows(ctx, meetings),
        "demands": lambda: demand_rows(ctx, demands),
    }

    def build(order: tuple[str, ...]) -> dict[str, list[dict]]:
        parts = [builders[name]() for name in order]
        tables = {name: rows for part in parts for name, rows in sorted(part.tables.items())}
        roles = frozenset().union(*(part.actors for part in parts))
        places = frozenset(row["location"] for row in tables["meetings"] if row["location"])
        tables["actors"] = actor_rows(ctx, index, roles, places)
        return tables

    built = [build(order) for order in itertools.permutations(builders)]
    assert all(tables == built[0] for tables in built[1:])
    whole = extract_tables(Context(seed, ctx.parsed, registry, lexicon)).tables
    assert {name: whole[name] for name in built[0]} == built[0]
    kept = {row["actor_id"] for row in built[0]["actors"]}
    referred = {row["demander_id"] for row in built[0]["demands"]}
    referred |= {row["speaker_id"] for row in built[0]["statements"] if row["speaker_id"]}
    assert referred and referred <= kept
    plain = {row["name"] for row in actor_rows(ctx, index)}  # no roles: only those named
    other = next(name for name in index.actors if name not in plain)
    assert other in {row["name"] for row in actor_rows(ctx, index, frozenset({other}))}
