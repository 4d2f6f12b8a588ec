"""Where a release may be published: never over what is not a package this pipeline wrote.

Publishing replaces the whole package folder (a staged copy is swapped in), so the folder must
be absent, empty, or hold only a release of this package; and it must not be, hold or lie
inside the seeds folder. Light on imports: the command line checks this before Prefect starts.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import PublishError
from .metadata.layout import PACKAGE_ENTRIES


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
    name = package or _package_name()
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


def _package_name() -> str:
    from .metadata.schema import load_package_meta

    return str(load_package_meta()["name"])
