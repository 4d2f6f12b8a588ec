"""Files written whole or not at all: a temporary file beside the target, renamed over it once
complete, so a reader (or the next run after a crash) sees the old file or the new one, never a
part of either; the temporary file is removed when writing fails."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A path beside `path` for the block to write (`.NAME.tmp-PID-THREAD`), renamed over
    `path` when the block ends; removed when it raises."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Replace `path` by `text` (UTF-8, line endings as given), atomically."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
