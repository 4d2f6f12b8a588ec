"""`python -m pipeline build` as a user runs it, on a seeds folder holding only a text and its
manifest: it builds, warns about nothing it was not asked about, and says truthfully what it
did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Talks in Geneva\n\nRussia said: \"Geneva talks were useful.\" NATO demanded that "
        "Russia withdraw its troops.\n")
MANIFEST = "sources:\n  - id: geneva-talks\n    file: talks.txt\n    published: 2022-01-10\n"


def build(seeds: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache)}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds),
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_texts_and_a_manifest_are_a_complete_seeds_folder(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
    done = build(seeds, tmp_path / "out", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "W036" not in done.stderr + done.stdout
    assert (tmp_path / "out" / "datapackage.json").is_file()
    # An empty actor registry adds nothing to the default one, and no warning per document.
    (seeds / "actors.yaml").write_text("actors: []\n", encoding="utf-8")
    again = build(seeds, tmp_path / "out", tmp_path / "cache")
    assert again.returncode == 0, again.stderr
    assert "W036" not in again.stderr + again.stdout and "Warning" not in again.stderr
