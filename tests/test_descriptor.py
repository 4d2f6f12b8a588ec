"""The descriptor a query builds its database from is checked before any SQL runs: a crafted
name, path or type cannot reach DuckDB."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.query import descriptor, engine
from pipeline.query.descriptor import DescriptorError
from tests.factories import do_publish

PWNED = "pwned.csv"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("d") / "datapackage"
    do_publish(out)
    return out


@pytest.fixture()
def package(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "package"
    shutil.copytree(published, copy)
    return copy


def edit(package: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = package / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    change(desc)
    path.write_text(json.dumps(desc), encoding="utf-8")


def injection(target: Path) -> str:
    return f"x\" AS SELECT 1; COPY (SELECT 1) TO '{target}'; --"


def set_resource_name(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["resources"][1].update(name=value)


def set_field_name(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["resources"][1]["schema"]["fields"][0].update(name=value)


def set_path(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["resources"][1].update(path=value)


def set_type(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["resources"][1]["schema"]["fields"][0].update(type=value)


HOSTILE = {
    "resource-name": (set_resource_name, "resource-name"),
    "field-name": (set_field_name, "field-name"),
    "path": (set_path, "resource-path"),
    "type": (set_type, "field-type"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_descriptor_runs_no_sql(case: str, package: Path, tmp_path: Path) -> None:
    """A name, path or type carrying SQL is refused by name; the COPY it holds never runs."""
    target = tmp_path / PWNED
    change, rule = HOSTILE[case]
    edit(package, change(injection(target)))
    with pytest.raises(DescriptorError) as info:
        engine.run_query("SELECT 1", package)
    assert info.value.rule == rule and repr(injection(target)) in str(info.value)
    assert not target.exists() and not Path("/tmp", PWNED).exists()


@pytest.mark.parametrize(("change", "rule", "words"), [
    (set_resource_name("Actors"), "resource-name", "does not match ^[a-z][a-z0-9_]*$"),
    (set_resource_name("sources"), "resource-name", "is used twice"),
    (set_field_name(""), "field-name", "does not match"),
    (set_path("data/../../outside.csv"), "resource-path", "must be 'data/passages.csv'"),
    (set_path("/etc/passwd"), "resource-path", "must be 'data/passages.csv'"),
    (set_type("geojson"), "field-type", "is not one of string, integer"),
    (lambda d: d["resources"][1].update(description=["x"]), "descriptor-shape", "a string"),
    (lambda d: d["resources"][1].pop("schema"), "descriptor-shape", "schema.fields"),
    (lambda d: d.update(resources={}), "descriptor-shape", "list of resources"),
    (lambda d: d["resources"][1]["schema"].update(primaryKey=7), "descriptor-shape", "schema"),
])
def test_descriptor_rules(change: Callable[[dict[str, Any]], None], rule: str, words: str,
                          package: Path) -> None:
    edit(package, change)
    with pytest.raises(DescriptorError) as info:
        descriptor.read_tables(package)
    assert info.value.rule == rule and words in info.value.detail


def test_a_data_file_linked_outside_the_package_is_refused(package: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    shutil.copy(package / "data" / "passages.csv", outside)
    (package / "data" / "passages.csv").unlink()
    os.symlink(outside, package / "data" / "passages.csv")
    with pytest.raises(DescriptorError, match="resource-path"):
        descriptor.read_tables(package)


def test_missing_folder_descriptor_and_data_file(package: Path, tmp_path: Path) -> None:
    with pytest.raises(DescriptorError, match="package-missing") as info:
        descriptor.read_tables(tmp_path / "nonexistent")
    assert "--package" in info.value.hint
    (package / "data" / "actors.csv").unlink()
    with pytest.raises(DescriptorError, match="resource-path.*not a file"):
        descriptor.read_tables(package)
    (package / "datapackage.json").unlink()
    with pytest.raises(DescriptorError, match="descriptor-missing"):
        descriptor.read_tables(package)


def test_malformed_json_names_the_line(package: Path) -> None:
    (package / "datapackage.json").write_text('{"resources": [\n', encoding="utf-8")
    with pytest.raises(DescriptorError, match=r"descriptor-json\] .*line 2"):
        descriptor.read_tables(package)


def test_the_published_descriptor_passes(published: Path) -> None:
    tables = descriptor.read_tables(published)
    assert [spec.name for spec, _ in tables][:2] == ["sources", "passages"]
    assert all(path.is_absolute() and path.is_file() for _, path in tables)
