"""version_checks.py: every release kept in versions/ checked against its own descriptor, and
the latest release against the newest version folder, on a copy of a package of two releases
(test_package_checks's: 1.0.0, then 1.0.1 with one actor renamed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_package_checks import (
    NEWEST,
    OLD,
    has,
    problems_of,
    publish_two_releases,
    resource,
    rewrite_descriptor,
    rewrite_parquet,
    set_cell,
)


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory) -> Path:
    return publish_two_releases(tmp_path_factory.mktemp("releases") / "datapackage")


@pytest.fixture()
def package(two_releases: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "datapackage"
    shutil.copytree(two_releases, copy)
    return copy


# ---- validate: the releases kept in versions/ ----------------------------------------------


@pytest.mark.parametrize("name", ["actors.csv", "actors.parquet"])
def test_file_of_an_older_version_edited(package: Path, name: str) -> None:
    path = package / OLD / "data" / name
    if name.endswith(".csv"):
        path.write_bytes(path.read_bytes().replace(b"Jens Stoltenberg", b"Jens Stoltenburg"))
    else:
        rewrite_parquet(path, lambda t: set_cell(t, "name", 0, "Jens Stoltenburg"))
    problems = problems_of(package)
    assert f"actors: file {OLD}data/{name}: rule 'hash' failed (edited after publishing?)" \
        in problems
    if name.endswith(".parquet"):
        assert has(problems, f"actors: file {OLD}data/actors.parquet: rule 'parquet-content'")
    else:
        assert has(problems, f"actors: file {OLD}data/actors.csv: rule 'content-hash'")
    assert all(p.startswith("actors: file versions/1.0.0/") for p in problems), problems
    assert problems_of(package, latest_only=True) == []


def test_garbage_recorded_in_an_older_version(package: Path) -> None:
    rewrite_descriptor(package / OLD,
                       lambda d: resource(d, "sources").update(x_content_hash="x", x_rows=-1))
    assert [p.split(" (")[0] for p in problems_of(package)] == [
        "sources: file versions/1.0.0/data/sources.csv: rule 'rows' failed",
        "sources: file versions/1.0.0/data/sources.csv: rule 'content-hash' failed"]


def test_version_folder_holding_another_version(package: Path) -> None:
    rewrite_descriptor(package / OLD, lambda d: d.update(version="0.9.0"))
    shutil.copytree(package / OLD, package / "versions" / "not-a-version")
    assert problems_of(package) == [
        "versions/not-a-version: rule 'version' failed (not a release folder named X.Y.Z)",
        f"{OLD}datapackage.json: rule 'version' failed (version '0.9.0' in the folder of 1.0.0)"]


@pytest.mark.parametrize("where", ["", NEWEST])
@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "data/statements.parquet"])
def test_latest_release_differs_from_the_newest_version_folder(package: Path, where: str,
                                                              name: str) -> None:
    path = package / where / name
    path.write_bytes(path.read_bytes() + b"\n")
    label = f"statements: file {name}" if name.startswith("data/") else name
    assert f"{label}: rule 'latest-copy' failed (differs from {NEWEST}{name})" \
        in problems_of(package)


def test_latest_release_newer_than_every_version_folder(package: Path) -> None:
    shutil.rmtree(package / NEWEST)
    assert problems_of(package) == [
        "datapackage.json: rule 'latest-version' failed (version '1.0.1'; the newest version "
        "folder is versions/1.0.0)"]
