"""`python -m pipeline site`: the command around write_site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import PACKAGE, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "site", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_the_command_writes_the_site(tmp_path: Path):
    done = run("--package", str(PACKAGE), "--out", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    assert re.match(r"site: \d+ pages, ", done.stdout), done.stdout
    assert done.stdout.rstrip().endswith(str(tmp_path / "site" / "index.html"))
    assert (tmp_path / "site" / "sources" / "nato-rejects-russia-security-demands.html").is_file()


def test_a_review_copy_says_what_it_is(tmp_path: Path):
    done = run("--out", str(tmp_path / "review"), "--seeds", str(ROOT / "seeds"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("review copy (full texts: never publish it): ")


def test_refusals_are_one_line_and_exit_2(tmp_path: Path):
    done = run("--package", str(tmp_path / "missing"), "--out", str(tmp_path / "site"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "[descriptor-missing]" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("--out", str(PACKAGE / "review"), "--seeds", str(ROOT / "seeds"))
    assert done.returncode == 2 and "[review-copy-inside-package]" in done.stderr
    assert not (PACKAGE / "review").exists()
