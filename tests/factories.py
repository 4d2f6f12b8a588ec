"""Builders of test inputs shared by several test modules (import them from here, never from
another test module)."""

from __future__ import annotations

import datetime as dt
import hashlib

from pipeline.models import Source, SourceEntry


def make_source(
    text: str, source_id: str = "t-inline", published: dt.date | None = dt.date(2022, 1, 13)
) -> Source:
    """A Source for an inline text, as `sources.ingest` would read it from `<source_id>.txt`."""
    entry = SourceEntry(source_id=source_id, file=f"{source_id}.txt", published=published)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(entry=entry, path=entry.file, text=text, sha256=digest,
                  bom=text.startswith("\ufeff"))
