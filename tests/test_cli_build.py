"""`python -m pipeline build` as a user runs it, on a seeds folder holding only a text and its
manifest: it builds, warns about nothing it was not asked about, and says truthfully what it
did."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Talks in Geneva\n\nRussia said: \"Geneva talks were useful.\" NATO demanded that "
        "Russia withdraw its troops.\n")
MANIFEST = "sources:\n  - id: geneva-talks\n    file: talks.txt\n    published: 2022-01-10\n"


def pipeline(*args: object, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache)}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def build(seeds: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return pipeline("build", "--seeds", seeds, "--out", out, cache=cache)


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_texts_and_a_manifest_are_a_complete_seeds_folder(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
    began = time.perf_counter()
    done = build(seeds, tmp_path / "out", tmp_path / "cache")
    elapsed = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "W036" not in done.stderr + done.stdout
    assert (tmp_path / "out" / "datapackage.json").is_file()
    # Truthful output: plain progress lines (not a terminal), the wall time the user waited
    # (less only the interpreter's own start), and what was published where.
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [
        "starting Prefect (a temporary server", "stage check", "stage read",
        "[1/1] geneva-talks", "stage extract"]
    (times,) = [line for line in lines if line.startswith("  time: ")]
    wall, startup = (float(x) for x in re.findall(r"([\d.]+) s", times)[:2])
    assert 0.7 * elapsed < wall <= elapsed and 0 < startup < wall
    assert lines[-1].startswith(f"published 1.0.0 (initial) in {tmp_path / 'out'}: ")
    # An empty actor registry adds nothing to the default one, and no warning per document.
    (seeds / "actors.yaml").write_text("actors: []\n", encoding="utf-8")
    again = build(seeds, tmp_path / "out", tmp_path / "cache")
    assert again.returncode == 0, again.stderr
    assert "W036" not in again.stderr + again.stdout and "Warning" not in again.stderr


def test_verify_reports_reproducible_and_leaves_the_package_alone(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
    assert build(seeds, tmp_path / "out", tmp_path / "cache").returncode == 0
    before = tree(tmp_path / "out")
    done = pipeline("verify", "--seeds", seeds, "--package", tmp_path / "out",
                    cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        f"reproducible: the rebuild matches (every file byte for byte, the DuckDB file table "
        f"for table) the release in {tmp_path / 'out'}; "
        f"{tmp_path / 'out'} was not touched")
    assert "published" not in done.stdout and tree(tmp_path / "out") == before
    (tmp_path / "out" / "README.md").write_text("edited\n", encoding="utf-8")
    differs = pipeline("verify", "--seeds", seeds, "--package", tmp_path / "out",
                       cache=tmp_path / "cache")
    assert differs.returncode == 1 and "README.md: bytes differ from the rebuild" in differs.stdout
