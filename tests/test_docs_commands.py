"""Every shell command README.md and docs/ show is run as written: each ```sh or ```bash block,
in the order the files show them (README first), as one bash script in a copy of the
repository whose package is built once for the session. A block that cannot run here says why
in a `<!-- not run: REASON -->` line just above it, and is only checked to have a reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(?:<!-- not run: (?P<reason>[^\n]*?) -->\n)?```(?:sh|bash)\n(?P<body>.*?)```",
                   re.S)
NEVER_COPIED = ("evaluation/real/heldout/",)  # never read by anything but the headline figure


def shell_blocks() -> list[tuple[str, str | None, str]]:
    """(file:line, reason it is not run or None, the block's text) in reading order."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start("body"))
            found.append((f"{path.relative_to(ROOT)}:{line}", match["reason"], match["body"]))
    return found


BLOCKS = shell_blocks()


def copy_repository(target: Path) -> None:
    """The tracked and new files of the working tree (not ignored ones: no .venv, no cache)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if name.startswith(NEVER_COPIED) or not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)


@pytest.fixture(scope="session")
def repository(tmp_path_factory: pytest.TempPathFactory, cli_env: dict[str, str]
               ) -> tuple[Path, dict[str, str]]:
    """A copy of the repository, `python` on its PATH the test's own, its package built."""
    copy = tmp_path_factory.mktemp("docs") / "repository"
    copy_repository(copy)
    venv = Path(sys.executable).parent.parent
    (copy / ".venv").symlink_to(venv, target_is_directory=True)
    env = {**cli_env, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "PIPELINE_CACHE_DIR": str(tmp_path_factory.mktemp("docs-cache")), "TERM": "dumb"}
    built = run(copy, env, "python -m pipeline build\n")
    assert built.returncode == 0, built.stdout + built.stderr
    return copy, env


def run(cwd: Path, env: dict[str, str], script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_docs_show_shell_commands() -> None:
    where = {place.split(":")[0] for place, _, _ in BLOCKS}
    assert {"README.md", "docs/operations.md", "docs/querying.md"} <= where


@pytest.mark.parametrize("place, reason, body", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_a_shell_block_runs_as_written(repository, place: str, reason: str | None,
                                       body: str) -> None:
    if reason is not None:
        assert len(reason) > 10, f"{place}: say why the block cannot run"
        pytest.skip(f"{place}: {reason}")
    copy, env = repository
    done = run(copy, env, body)
    shown = f"{place}\n{body}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    assert done.returncode == 0, shown
    assert "Traceback" not in done.stdout + done.stderr, shown
