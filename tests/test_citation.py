"""CITATION.cff stays valid and in step with releases; .zenodo.json is derived from it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from pipeline.errors import PublishError
from pipeline.release import citation
from tests.factories import do_publish, make_context, make_frames, make_rows

ROOT_CFF = Path(__file__).resolve().parent.parent / "CITATION.cff"


@pytest.fixture
def cff(tmp_path: Path) -> Path:
    path = tmp_path / "CITATION.cff"
    path.write_bytes(ROOT_CFF.read_bytes())
    return path


def test_root_citation_describes_dataset_and_software() -> None:
    data = yaml.safe_load(ROOT_CFF.read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0" and data["type"] == "dataset"
    assert data["license"] == "CC-BY-4.0"
    assert data["authors"] == [{"name": "Diplomatic Talks Data Project"}]
    assert isinstance(data["version"], str) and isinstance(data["date-released"], str)
    software = [r for r in data["references"] if r["type"] == "software"]
    assert software and software[0]["authors"] == data["authors"]


def test_sync_rewrites_only_version_and_date(cff: Path) -> None:
    before = cff.read_bytes().split(b"\n")
    old = yaml.safe_load(cff.read_text())
    assert old["version"] != "1.2.0" and old["date-released"] != "2022-02-01"
    assert citation.sync_citation(cff, "1.2.0", dt.date(2022, 2, 1))
    after = cff.read_bytes().split(b"\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (f'version: "{old["version"]}"'.encode(), b'version: "1.2.0"'),
        (f'date-released: "{old["date-released"]}"'.encode(), b'date-released: "2022-02-01"')]
    assert not citation.sync_citation(cff, "1.2.0", dt.date(2022, 2, 1))  # already in step
    assert yaml.safe_load(cff.read_text())["references"][0].get("version") is None


def test_sync_refuses_a_file_without_one_version_line(tmp_path: Path) -> None:
    path = tmp_path / "CITATION.cff"
    path.write_text("cff-version: 1.2.0\ntitle: x\n")
    with pytest.raises(PublishError, match="version"):
        citation.sync_citation(path, "1.0.0", None)


def test_zenodo_agrees_with_citation(cff: Path) -> None:
    zen = json.loads(citation.write_zenodo(cff).read_text())
    data = yaml.safe_load(cff.read_text())
    assert zen["title"] == data["title"] and zen["version"] == data["version"]
    assert zen["publication_date"] == data["date-released"]
    assert zen["creators"] == [{"name": a["name"]} for a in data["authors"]]
    assert zen["keywords"] == data["keywords"] and zen["upload_type"] == "dataset"
    assert zen["license"] == data["license"].lower()
    assert zen["description"] == " ".join(data["abstract"].split())


def test_publish_keeps_citation_and_zenodo_in_step(cff: Path, tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out, context=make_context(citation_path=cff))
    rows = make_rows()
    rows["demands"][0]["status"] = "accepted"
    do_publish(out, make_frames(rows), context=make_context(citation_path=cff))
    data = yaml.safe_load(cff.read_text())
    assert (data["version"], data["date-released"]) == ("1.0.1", "2024-05-06")
    zen = json.loads((cff.parent / ".zenodo.json").read_text())
    assert zen["version"] == "1.0.1"
    desc = json.loads((out / "datapackage.json").read_text())
    assert desc["version"] == data["version"]


def test_filled_doi_and_repository_reach_zenodo_and_the_citation(cff: Path) -> None:
    text = cff.read_text(encoding="utf-8")
    cff.write_text(text.replace("# repository-code:", "repository-code:")
                   .replace("# doi:", "doi:"), encoding="utf-8")
    zen = citation.zenodo_from_citation(cff)
    assert zen["doi"] == "10.5281/zenodo.0000000"
    assert zen["related_identifiers"][0]["identifier"].startswith("https://")
    cite = citation.citation_text(cff, {"author": "x", "title": "t", "version": "2.0.0",
                                        "year": 2026})
    assert cite.endswith("(2026). Diplomatic talks in the news: actors, statements, meetings "
                         "and demands (version 2.0.0). https://doi.org/10.5281/zenodo.0000000")


def test_readme_citation_line_follows_the_release(cff: Path, tmp_path: Path) -> None:
    readme = cff.parent / "README.md"
    readme.write_text(f"# x\n\n{citation.CITE_MARK}\nold citation\n\nmore\n", encoding="utf-8")
    do_publish(tmp_path / "datapackage", context=make_context(citation_path=cff))
    lines = readme.read_text(encoding="utf-8").splitlines()
    assert lines[3] == ("Diplomatic Talks Data Project (2024). Diplomatic talks in the news: "
                        "actors, statements, meetings and demands (version 1.0.0).")
    assert lines[5] == "more"


def test_readme_cites_the_version_citation_cff_names() -> None:
    lines = (ROOT_CFF.parent / "README.md").read_text(encoding="utf-8").splitlines()
    data = citation.read_citation(ROOT_CFF)
    expected = citation.citation_text(ROOT_CFF, {
        "author": "", "title": "", "version": data["version"],
        "year": int(str(data["date-released"])[:4])})
    assert lines[lines.index(citation.CITE_MARK) + 1] == expected
