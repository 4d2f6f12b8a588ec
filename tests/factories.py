"""Builders of test inputs shared by several test modules (import them from here, never from
another test module)."""

from __future__ import annotations

import datetime as dt
import hashlib

from pipeline.models import Extraction, Source, SourceEntry


def make_source(
    text: str, source_id: str = "t-inline", published: dt.date | None = dt.date(2022, 1, 13)
) -> Source:
    """A Source for an inline text, as `sources.ingest` would read it from `<source_id>.txt`."""
    entry = SourceEntry(source_id=source_id, file=f"{source_id}.txt", published=published)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(entry=entry, path=entry.file, text=text, sha256=digest,
                  bom=text.startswith("\ufeff"))


def actor_names(ex: Extraction) -> dict[str, str]:
    """actor_id -> canonical name of an extraction's actors."""
    return {row["actor_id"]: row["name"] for row in ex.tables["actors"]}


def demand_tuples(ex: Extraction) -> list[tuple]:
    """(demander, addressee, demand, status) of each demand, by name."""
    n = actor_names(ex)
    return [
        (n[d["demander_id"]], n.get(d["addressee_id"]), d["demand"], d["status"])
        for d in ex.tables["demands"]
    ]


def response_tuples(ex: Extraction) -> list[tuple]:
    """(responder, response, demander of the demand answered), sorted, by name."""
    n = actor_names(ex)
    by_id = {d["demand_id"]: d for d in ex.tables["demands"]}
    return sorted(
        (n[r["responder_id"]], r["response"], n[by_id[r["demand_id"]]["demander_id"]])
        for r in ex.tables["demand_responses"]
    )
