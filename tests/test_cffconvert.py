"""CITATION.cff is valid CFF 1.2.0 (checked by cffconvert in its own environment) and cites the
version that datapackage/ holds."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _cffconvert() -> str:
    found = os.environ.get("CFFCONVERT") or shutil.which("cffconvert")
    if not found:
        pytest.fail("cffconvert not found: run the suite with `make test`, which installs it")
    return found


def test_citation_validates_with_cffconvert():
    result = subprocess.run([_cffconvert(), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cffconvert_rejects_a_broken_citation(tmp_path):
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(text.replace("cff-version: 1.2.0", "cff-version: one"), encoding="utf-8")
    result = subprocess.run([_cffconvert(), "--validate", "-i", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_citation_version_is_the_published_package_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    assert str(citation["version"]) == descriptor["version"]


def test_citation_with_its_doi_and_repository_filled_in_validates(tmp_path):
    filled = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "# repository-code:" in text and "# doi:" in text  # the slots the maintainer fills
    filled.write_text(text.replace("# repository-code:", "repository-code:")
                      .replace("# doi:", "doi:"), encoding="utf-8")
    result = subprocess.run([_cffconvert(), "--validate", "-i", str(filled)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
