"""The package folder a release is published into: never over what is not a package this
pipeline wrote, one build at a time, and swapped in whole.

Publishing replaces the whole package folder (a staged copy is swapped in), so the folder must
be absent, empty, or hold only a release of this package; and it must not be, hold or lie
inside the seeds folder. Light on imports: the command line checks this before Prefect starts.
Builds take a lock beside the folder; the staged copy `.{out}.tmp-<pid>` replaces the folder
with two renames (the old one is `.{out}.old-<pid>` in between), and the next build, or
`recover`, cleans up after a publish killed midway.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import PublishError
from ..metadata.layout import PACKAGE_ENTRIES
from ..metadata.specs import load_package_meta


def check_out_dir(out_dir: Path, seeds_dir: Path | None = None, package: str | None = None
                  ) -> None:
    """Raise PublishError naming `out_dir` and why, unless a release may be published there.
    `package` is the package name its datapackage.json must carry (default: schemas/')."""
    out = out_dir.absolute().resolve()

    def refuse(detail: str) -> PublishError:
        return PublishError(str(out_dir), None, "out-dir", detail)

    if seeds_dir is not None:
        seeds = seeds_dir.absolute().resolve()
        if out == seeds or out.is_relative_to(seeds) or seeds.is_relative_to(out):
            raise refuse(f"the package folder must not be, hold or lie inside the seeds folder "
                         f"{seeds_dir}: publishing replaces the whole package folder")
    if not out.exists():
        return
    if not out.is_dir():
        raise refuse("exists and is not a folder")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    name = package or str(load_package_meta()["name"])
    if not written_by_pipeline(out / "datapackage.json", name):
        raise refuse(f"holds files but no release of the {name!r} package (its "
                     "datapackage.json); publishing replaces the whole folder, so give an "
                     "empty or new folder")
    if others := [entry for entry in entries if entry not in PACKAGE_ENTRIES]:
        raise refuse(f"holds files that are not part of a release: {others[:5]}; publishing "
                     "replaces the whole folder, so move them elsewhere first")


def written_by_pipeline(descriptor: Path, package: str) -> bool:
    """Whether `descriptor` is the datapackage.json of a release of `package` this pipeline
    wrote (its name, and the extractor facts only this pipeline records)."""
    try:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("name") == package and "x_extractor" in data


def sibling(out_dir: Path, kind: str) -> Path:
    """`.{name}.{kind}-<pid>` beside out_dir: the staged (tmp) or replaced (old) folder."""
    return out_dir.parent / f".{out_dir.name}.{kind}-{os.getpid()}"


@contextlib.contextmanager
def publish_lock(out_dir: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold `.{name}.lock` beside out_dir (fcntl.flock) so builds run one at a time."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    path = out_dir.parent / f".{out_dir.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishError(str(path), None, "lock", f"another build holds the lock; "
                                       f"gave up after {timeout:g}s") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def undo_interrupted(out_dir: Path) -> list[str]:
    """`recover` with the lock already held."""
    parent, name = out_dir.parent, out_dir.name
    olds = sorted(parent.glob(f".{name}.old-*"), key=lambda p: p.stat().st_mtime)
    actions = []
    if not out_dir.exists() and olds:
        olds.pop().rename(out_dir)
        actions.append(f"restored {out_dir} from an interrupted swap")
    for leftover in olds + sorted(parent.glob(f".{name}.tmp-*")):
        shutil.rmtree(leftover, ignore_errors=True)
        actions.append(f"removed {leftover.name}")
    return actions


def recover(out_dir: Path, lock_timeout: float = 600.0) -> list[str]:
    """Clean up after a killed publish: restore out_dir from `.{name}.old-*` when it is missing,
    delete leftover tmp/old folders. Returns what was done."""
    with publish_lock(out_dir, lock_timeout):
        return undo_interrupted(out_dir)


def swap_in(stage: Path, out_dir: Path) -> None:
    """Replace out_dir by stage with two renames; undo the first if the second fails."""
    old = sibling(out_dir, "old")
    had_old = out_dir.exists()
    if had_old:
        out_dir.rename(old)
    try:
        stage.rename(out_dir)
    except OSError:
        if had_old:
            old.rename(out_dir)
        raise
    if had_old:
        shutil.rmtree(old)
