"""One release, one download: SHA256SUMS over every file of a release, and a deterministic zip
of it (fixed timestamps, modes and order: byte-identical whenever the files are)."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..metadata.layout import DIST_DIR, SUMS_FILE, VERSIONS_DIR

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks in


def release_files(root: Path) -> Iterator[str]:
    """Paths (POSIX, relative, sorted) of a release's files: everything at `root` but the
    kept versions, the archives and SHA256SUMS itself."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] not in (VERSIONS_DIR, DIST_DIR) and rel != SUMS_FILE:
            yield rel


def write_sums(root: Path) -> Path:
    """Write SHA256SUMS (the format `sha256sum -c` reads) over release_files(root)."""
    lines = []
    for rel in release_files(root):
        with (root / rel).open("rb") as fh:
            lines.append(f"{hashlib.file_digest(fh, 'sha256').hexdigest()}  {rel}\n")
    path = root / SUMS_FILE
    path.write_text("".join(lines), encoding="utf-8", newline="")
    return path



def write_zip(root: Path, target: Path, folder: str) -> Path:
    """Zip every release file of `root` and SHA256SUMS under `folder/`, in sorted order, with
    fixed times and modes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in sorted([*release_files(root), SUMS_FILE]):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            info.create_system = 3  # Unix: the mode above means what it says everywhere
            with (root / rel).open("rb") as src, zf.open(info, "w") as dst:
                while block := src.read(1 << 20):
                    dst.write(block)
    return target
