"""The loader snippets of the datasheet (and docs/loaders.md) run as written inside a release."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.release.datasheet import LOADERS_FILE
from tests.factories import do_publish

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("loaders") / "pkg"
    do_publish(out)
    return out


def snippets() -> list[str]:
    return PYTHON_BLOCK.findall(LOADERS_FILE.read_text(encoding="utf-8"))


def test_docs_hold_the_datasheet_text() -> None:
    assert LOADERS_FILE.read_text("utf-8") in (ROOT / "docs" / "loaders.md").read_text("utf-8")


def test_the_datasheet_holds_the_loaders(release: Path) -> None:
    assert LOADERS_FILE.read_text("utf-8") in (release / "README.md").read_text("utf-8")
    assert len(snippets()) == 3


@pytest.mark.parametrize("n", range(3), ids=["pandas", "duckdb-fts", "frictionless"])
def test_snippet_runs_in_the_release(release: Path, n: int) -> None:
    result = subprocess.run([sys.executable, "-c", snippets()[n]], cwd=release,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    if n == 0:
        assert "Demand rights" in result.stdout  # the label joined on the code
    if n == 1:
        assert "[('1.0.0',)]" in result.stdout and "We will not compromise on security" \
            in result.stdout
    if n == 2:
        assert "'1043')" in result.stdout and "'cameo_code': '043'" in result.stdout  # text
