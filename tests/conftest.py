"""Shared fixtures: the repository's folders, the seed source, a Prefect API, the seed package
built once, and a package of two releases (tests/factories.py) copied for each test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_sources(seeds_dir: Path):
    from pipeline.ingest import sources

    return [sources.ingest(e, seeds_dir) for e in sources.load_manifest(seeds_dir)]


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (starting one costs ~13 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def built_package(prefect_harness, seeds_dir, tmp_path_factory):
    """The seed package, built once by the real flow into a temporary folder."""
    from pipeline.config import Settings
    from pipeline.orchestration.flows import build

    out = tmp_path_factory.mktemp("build") / "datapackage"
    result = build(Settings(seeds_dir=seeds_dir, out_dir=out))
    return result, out


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory) -> Path:
    """1.0.0, then 1.0.1 with one actor renamed, each validated by validate_package."""
    from tests.factories import publish_two_releases

    return publish_two_releases(tmp_path_factory.mktemp("releases") / "datapackage")


@pytest.fixture()
def package(two_releases: Path, tmp_path: Path) -> Path:
    """A copy of the two releases, to tamper with."""
    copy = tmp_path / "datapackage"
    shutil.copytree(two_releases, copy)
    return copy
