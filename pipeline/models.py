"""Typed records that flow between the pipeline's steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class SourceEntry:
    """One entry of seeds/sources.yaml, checked but not yet read."""

    source_id: str
    file: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_note: str | None = None
    language: str = "en"
    license: str | None = None
    redistribute_text: bool = True
    retrieved: dt.date | None = None  # when the text was copied from `url`


@dataclass(frozen=True)
class Source:
    """A decoded source document. `text` is the file decoded as UTF-8, BOM included."""

    entry: SourceEntry
    path: str  # relative to the seeds folder
    text: str
    sha256: str
    bom: bool

    @property
    def source_id(self) -> str:
        return self.entry.source_id

    @property
    def published(self) -> dt.date | None:
        return self.entry.published


@dataclass(frozen=True)
class Passage:
    """A title, standfirst, body paragraph or caption with its exact span in the source."""

    passage_id: str
    source_id: str
    seq: int
    kind: str  # title | standfirst | body | caption
    language: str
    char_start: int
    char_end: int
    text: str
    credit: str | None = None


@dataclass
class Extraction:
    """Rows for every extracted table of one source, keyed by table name."""

    source_id: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
