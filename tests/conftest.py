"""Shared fixtures: the repository's folders, the seed source, a Prefect API, the seed package
built once, and a package of two releases (tests/factories.py) copied for each test."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment for CLI subprocesses: quiet Prefect, a private extraction cache and, when it
    starts, one Prefect server shared by every build of the session."""
    home = tmp_path_factory.mktemp("prefect-home")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING", "DO_NOT_TRACK": "1",
           "PIPELINE_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    env.pop("PREFECT_API_URL", None)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        env={**env, "PREFECT_HOME": str(home)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None and not _healthy(url):
        time.sleep(0.5)
    if _healthy(url):
        env["PREFECT_API_URL"] = url
    try:
        yield env
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
