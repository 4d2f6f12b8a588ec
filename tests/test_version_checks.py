"""check/versions.py: every release kept in versions/ checked against its own descriptor, the
latest release against the newest version folder, and the check a publish makes of the latest
release before it compares its tables with it (a release edited after publishing stops the
build; nothing is written).

The validate tests work on a copy of a package of two releases (tests/factories.py: 1.0.0,
then 1.0.1 with one actor renamed); the publish tests on a one-release package of the same
tiny tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import PublishError
from tests.factories import (
    NEWEST,
    OLD,
    do_publish,
    has,
    make_frames,
    make_rows,
    problems_of,
    resource,
    rewrite_descriptor,
    rewrite_parquet,
    set_cell,
    tree_hash,
)

# ---- validate: the releases kept in versions/ ----------------------------------------------


@pytest.mark.parametrize("name", ["actors.csv"])  # a version folder keeps no Parquet twin
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


@pytest.mark.parametrize("where", ["", NEWEST], ids=["latest-edited", "newest-folder-edited"])
@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "changes.csv"])
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


# ---- publishing on an edited release ----------------------------------------------------------


def _edit_parquet(out: Path) -> str:
    table = pq.read_table(out / "data" / "actors.parquet")
    names = table.column("name").to_pylist()
    names[0] = "NATO alliance"
    at = table.schema.get_field_index("name")
    table = table.set_column(at, table.schema.field(at), pa.array(names, pa.string()))
    pq.write_table(table, out / "data" / "actors.parquet", compression="zstd")
    return "actors: file data/actors.parquet: rule 'hash' failed (edited after publishing?)"


def _edit_csv(out: Path) -> str:
    path = out / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"Jens Stoltenberg", b"Jens Stoltenburg"))
    return "actors: file data/actors.csv: rule 'hash' failed (edited after publishing?)"


def _edit_readme(out: Path) -> str:
    with (out / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\nEdited by hand.\n")
    return "README.md: rule 'latest-copy' failed (differs from versions/1.0.0/README.md)"


def _delete_changelog(out: Path) -> str:
    (out / "CHANGELOG.md").unlink()
    return "CHANGELOG.md: rule 'file-missing' failed"


def _edit_kept_copy(out: Path) -> str:
    path = out / "versions" / "1.0.0" / "data" / "sources.csv"
    path.write_bytes(path.read_bytes()[:-10])
    return ("sources: file versions/1.0.0/data/sources.csv: rule 'hash' failed (edited after "
            "publishing?)")


EDITS = {"parquet": _edit_parquet, "csv": _edit_csv, "readme": _edit_readme,
         "changelog-deleted": _delete_changelog, "kept-copy": _edit_kept_copy}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("frames", ["same", "changed"])
def test_a_release_edited_after_publishing_stops_the_next_publish(tmp_path: Path, edit: str,
                                                                  frames: str) -> None:
    """Before its tables are compared with the latest release, a publish checks that release's
    files against its descriptor and its copy in versions/: the same tables would otherwise
    publish nothing and leave the edit in place, other tables a release diffed against (and a
    changelog continued from) the edited files. Nothing is written either way."""
    out = tmp_path / "datapackage"
    do_publish(out)
    problem = EDITS[edit](out)
    before = tree_hash(out)
    rows = make_rows()
    if frames == "changed":
        rows["statements"] = rows["statements"][:1]
    with pytest.raises(PublishError) as info:
        do_publish(out, make_frames(rows))
    assert info.value.rule == "release-changed"
    assert f"\n  {problem}" in str(info.value)
    assert "nothing was written" in str(info.value) and "then build again" in str(info.value)
    assert tree_hash(out) == before
    assert not list(tmp_path.glob(".datapackage.tmp-*"))


def test_a_release_restored_from_its_version_folder_publishes_again(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    published = (out / "data" / "actors.csv").read_bytes()
    _edit_csv(out)
    with pytest.raises(PublishError):
        do_publish(out)
    shutil.copy2(out / "versions" / "1.0.0" / "data" / "actors.csv", out / "data" / "actors.csv")
    assert (out / "data" / "actors.csv").read_bytes() == published
    assert not do_publish(out).published
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"
    assert do_publish(out, make_frames(rows)).version == "1.0.1"
