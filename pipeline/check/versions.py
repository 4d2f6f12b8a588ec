"""The releases a package keeps: every version folder (`versions/X.Y.Z/`) checked against its
own descriptor and named by its version, and the latest release, at the top of the package,
equal byte for byte to the newest version folder for every file both hold.

`check_latest_release` is what a build checks before it compares its tables with the latest
release: hashes and sizes only, so it costs a read of the release's files, not a parse.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .release_files import (
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


def check_latest_release(out_dir: Path) -> list[str]:
    """Whether the latest release at out_dir still holds the files a next release is built on:
    its CSV files (and Parquet twins, when there) against its descriptor's hashes and sizes,
    the kept release files there, and
    the newest version folder the same: same version, same bytes, its own data files there.
    [] when out_dir holds no release yet."""
    folders, _ = version_folders(out_dir)
    if not (out_dir / "datapackage.json").is_file() and not folders:
        return []
    seen = Seen()
    descriptor, problems = read_descriptor(out_dir)
    # What the next release is built on: the files a version folder keeps (the descriptor,
    # changelog and CSV tables); the others are written anew.
    problems += check_release_files(out_dir, kept=True)
    if descriptor is not None:
        problems += check_hashes(out_dir, descriptor, seen, kept=True)
    if folders:
        newest, where = folders[-1], f"versions/{folders[-1].name}/"
        problems += check_latest_copy(out_dir, descriptor, newest, seen)
        kept, unreadable = read_descriptor(newest)
        problems += unreadable + check_release_files(newest, where)
        if kept is not None:
            problems += check_hashes(newest, kept, seen, where)
    return list(dict.fromkeys(problems))


def changed_release(out_dir: Path, problems: list[str]) -> str:
    """What a build says when the latest release is not as published, and what to do."""
    shown = "\n  ".join(problems)
    return (f"the latest release no longer holds the files it published, so the tables cannot "
            f"be compared with it; nothing was written:\n  {shown}\n"
            f"Restore these files as published (`git checkout -- {out_dir.name}/` when the "
            f"package is under version control, or copy each back from its version folder "
            f"when `python -m pipeline validate {out_dir}` finds that copy intact), then build "
            f"again.")
