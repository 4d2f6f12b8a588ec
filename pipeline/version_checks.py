"""The releases a package keeps: every version folder (`versions/X.Y.Z/`) checked against its
own descriptor and named by its version, and the latest release, at the top of the package,
equal byte for byte to the newest version folder for every file both hold.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .package_checks import (
    Seen,
    check_contents,
    check_hashes,
    check_release_files,
    read_descriptor,
    resources,
)

VERSION = re.compile(r"\d+\.\d+\.\d+")


def version_folders(package_dir: Path) -> tuple[list[Path], list[str]]:
    """The folders of versions/, oldest first, and a problem for anything else in it."""
    versions = package_dir / "versions"
    if not versions.is_dir():
        return [], []
    folders, problems = [], []
    for entry in sorted(versions.iterdir()):
        if entry.is_dir() and VERSION.fullmatch(entry.name):
            folders.append(entry)
        elif not entry.name.startswith("."):
            problems.append(f"versions/{entry.name}: rule 'version' failed (not a release "
                            "folder named X.Y.Z)")
    folders.sort(key=lambda p: tuple(int(part) for part in p.name.split(".")))
    return folders, problems


def check_versions(package_dir: Path, descriptor: dict[str, Any] | None,
                   seen: Seen) -> list[str]:
    """Every version folder against its own descriptor, then the latest release (whose
    descriptor is `descriptor`, None when it cannot be read) against the newest folder."""
    folders, problems = version_folders(package_dir)
    for folder in folders:
        problems += check_version(folder, seen)
    if folders:
        problems += check_latest_copy(package_dir, descriptor, folders[-1], seen)
    return problems


def check_version(folder: Path, seen: Seen) -> list[str]:
    """One version folder: its release files, its descriptor's version and, against that
    descriptor, its files' hashes and sizes, rows, content hashes and Parquet twins."""
    where = f"versions/{folder.name}/"
    descriptor, problems = read_descriptor(folder)
    problems += check_release_files(folder, where)
    if descriptor is None:
        return problems
    if descriptor.get("version") != folder.name:
        problems.append(f"{where}datapackage.json: rule 'version' failed (version "
                        f"{descriptor.get('version')!r} in the folder of {folder.name})")
    problems += check_hashes(folder, descriptor, seen, where)
    return problems + check_contents(folder, descriptor, seen, where)


def check_latest_copy(package_dir: Path, descriptor: dict[str, Any] | None, newest: Path,
                      seen: Seen) -> list[str]:
    """The latest release is the newest version folder: the same version, and the same bytes
    in every file both hold."""
    version = descriptor.get("version") if descriptor is not None else None
    if descriptor is not None and version != newest.name:
        return [f"datapackage.json: rule 'latest-version' failed (version {version!r}; the "
                f"newest version folder is versions/{newest.name})"]
    tables = {r[key]: r.get("name") for r in resources(descriptor or {})
              for key in ("path", "x_parquet") if isinstance(r.get(key), str)}
    problems = []
    for path in sorted(p for p in newest.rglob("*") if p.is_file()):
        rel = path.relative_to(newest).as_posix()
        top = package_dir / rel
        if top.is_file() and seen.digest(top)[0] != seen.digest(path)[0]:
            label = f"{tables[rel]}: file {rel}" if rel in tables else rel
            problems.append(f"{label}: rule 'latest-copy' failed (differs from "
                            f"versions/{newest.name}/{rel})")
    return problems
