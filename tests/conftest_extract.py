"""Extraction fixtures (load with `pytest_plugins = ["tests.conftest_extract"]`): the spaCy
model is loaded once per session; `extract` runs the whole extractor on an inline text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipeline.config import DEFAULT_MODEL
from pipeline.extract import extract_source, load_lexicon, load_nlp, load_registry
from pipeline.ingest import segment, sources
from pipeline.models import Extraction
from tests.factories import actor_names, make_source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "documents"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="session")
def extract(nlp, registry, lexicon) -> Callable[..., Extraction]:
    """`extract(text, published=date)` -> Extraction, passages from the real segmenter."""

    def run(text: str, published: dt.date | None = dt.date(2022, 1, 13)) -> Extraction:
        source = make_source(text, published=published)
        return extract_source(source, segment.split(source), nlp, registry, lexicon)

    return run


@pytest.fixture(scope="session")
def names() -> Callable[[Extraction], dict[str, str]]:
    """`names(ex)`: actor_id -> canonical name of an extraction's actors."""
    return actor_names


@pytest.fixture(scope="session")
def speaker() -> Callable[[Extraction, str], str | None]:
    """`speaker(ex, text)`: canonical name of the speaker of the statement `text`."""

    def find(ex: Extraction, text: str) -> str | None:
        rows = [r for r in ex.tables["statements"] if r["text"] == text]
        assert rows, f"no statement {text!r} in {[r['text'] for r in ex.tables['statements']]}"
        return actor_names(ex).get(rows[0]["speaker_id"])

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
