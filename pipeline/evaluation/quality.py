"""The committed quality file, evaluation/quality.json: each extractor version's figures on
every part of the evaluation, written by `make eval` and read by the build (which never reads
gold annotations itself). Only the standard library here: the build imports it."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

QUALITY_FILE = Path(__file__).resolve().parents[2] / "evaluation" / "quality.json"


def read_quality_file(path: Path = QUALITY_FILE) -> dict[str, dict]:
    """{extractor version: figures}; empty when there is no file yet, or when it cannot be
    read (said once: a build states no figures rather than failing on every run)."""
    if not path.is_file():
        return {}
    try:
        figures = json.loads(path.read_bytes().decode("utf-8"))
    except ValueError as err:  # torn JSON, bad UTF-8
        logging.getLogger(__name__).warning("warning: %s is unreadable (%s); no quality "
                                            "figures are stated", path, err)
        return {}
    return figures if isinstance(figures, dict) else {}


def load_quality(extractor_version: str, path: Path = QUALITY_FILE) -> dict | None:
    """The figures `make eval` measured for this extractor version ({"measured_on", "heldout",
    "dev", "fixtures", ...}), or None when this version was never measured."""
    return read_quality_file(path).get(extractor_version)


def save_quality(extractor_version: str, entry: dict, path: Path = QUALITY_FILE) -> None:
    """Add or replace this version's figures; other versions' figures are kept as they were."""
    figures = read_quality_file(path)
    figures[extractor_version] = entry
    staged = path.with_suffix(f".tmp-{os.getpid()}")
    staged.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    staged.replace(path)
