"""The descriptor follows Data Package v2 (profile, id, contributors' roles, categories of enum
fields, sources that resolve, temporal coverage), and the DuckDB file says which release and
which content it holds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.release import publish
from tests.factories import do_publish


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("v2") / "pkg"
    do_publish(out)
    return out


def test_package_properties(package: Path) -> None:
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["id"].startswith("urn:uuid:") and d["id"] == publish.package_id(d["name"], "1.0.0")
    assert d["id"] != publish.package_id(d["name"], "1.0.1")
    assert d["contributors"][0]["roles"] == ["author"]
    assert d["x_temporal_coverage"] == {"start": "2022-01-10", "end": "2022-01-13"}
    assert "spacy" in d["x_extractor"]["libraries"] or "pandas" in d["x_extractor"]["libraries"]
    assert publish.frictionless_validate(package) == []


def test_enum_fields_carry_their_categories(package: Path) -> None:
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    fields = [f for r in d["resources"] for f in r["schema"]["fields"]]
    enums = [f for f in fields if "enum" in f.get("constraints", {})]
    assert enums and all(f["categories"] == f["constraints"]["enum"] for f in enums)


def test_no_row_carries_run_level_facts(package: Path) -> None:
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    names = {f["name"] for r in d["resources"] for f in r["schema"]["fields"]}
    assert not names & {"extractor_version", "nlp_model", "spacy_version"}


def test_duckdb_file_says_which_release_it_holds(package: Path) -> None:
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    with duckdb.connect(str(package / "diplomatic_talks.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT version, resource, rows, content_hash FROM package_release "
                           "ORDER BY resource").fetchall()
    expected = sorted(("1.0.0", r["name"], r["x_rows"], r["x_content_hash"])
                      for r in d["resources"])
    assert rows == expected
