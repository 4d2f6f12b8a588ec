"""Every shell command in docs/releases.md and docs/loaders.md runs as written, from the
repository's root, with this Python's `python` first on PATH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "docs" / "releases.md", ROOT / "docs" / "loaders.md"]
SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def commands(path: Path) -> list[str]:
    return [line for block in SH_BLOCK.findall(path.read_text(encoding="utf-8"))
            for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_docs_hold_commands() -> None:
    assert commands(DOCS[0])


@pytest.mark.slow
def test_every_command_runs_as_written(tmp_path: Path) -> None:
    for folder in ("/tmp/dt-release", "/tmp/dt-unpacked"):
        shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
    for doc in DOCS:
        for command in commands(doc):
            result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, (doc.name, command, result.stdout, result.stderr)
