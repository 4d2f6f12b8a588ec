"""The text each source page shows: the package's passages, or the seeds' files for a review copy.

A published site shows only what the package publishes: passage texts of sources that may be
redistributed. A maintainer's review copy (`site --seeds DIR`) reads every source file from the
seeds folder with the pipeline's own reader, so withheld texts can be checked too; a file whose
sha256 differs from the one the release records is not used (its offsets may not line up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..ingest import sources as seed_sources
from .package import Package, Row


@dataclass(frozen=True)
class SourceText:
    """What a source page may show. `text` is the whole source text (review copy), else None
    and the passages' own texts are used; `note` says why a text is not shown."""

    text: str | None
    withheld: bool  # the package does not publish this source's passage texts
    note: str | None = None


def source_texts(package: Package, seeds_dir: Path | None) -> dict[str, SourceText]:
    """A SourceText per source id of the package."""
    seeds = _seed_texts(seeds_dir) if seeds_dir is not None else {}
    out = {}
    for source in package.rows("sources"):
        sid = source["source_id"]
        withheld = source.get("redistribute_text") is False
        seed = seeds.get(sid)
        if seed is None:
            note = "not in the seeds folder" if seeds_dir is not None else None
            out[sid] = SourceText(None, withheld, note)
        elif seed[1] != source.get("sha256"):
            out[sid] = SourceText(None, withheld, "the seeds' file differs from the one this "
                                  "release was built from (sha256), so its text is not shown")
        else:
            out[sid] = SourceText(seed[0], withheld)
    return out


def _seed_texts(seeds_dir: Path) -> dict[str, tuple[str, str]]:
    """source id -> (text, sha256) of every source the seeds folder lists."""
    found = {}
    for entry in seed_sources.load_manifest(seeds_dir):
        source = seed_sources.ingest(entry, seeds_dir)
        found[source.source_id] = (source.text, source.sha256)
    return found


def passage_text(passage: Row, source: SourceText) -> str | None:
    """The passage's text when the page may show it, else None."""
    if source.text is not None:
        return source.text[passage["char_start"]:passage["char_end"]]
    if source.withheld:
        return None
    return passage.get("text") or ""
