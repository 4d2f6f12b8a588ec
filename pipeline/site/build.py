"""`write_site`: the whole site from a package folder, written at once.

The site is a pure function of the package folder's files (and, for a review copy, of the seeds
folder's texts): no clock, no network, no randomness, so a rebuild gives the same bytes. It is
staged in a temporary folder beside `out_dir` and swapped in whole, so a reader never sees half
a site, and a failure leaves the previous one as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import overview, pages
from .package import SiteError, load_package
from .pictures import draw_network, draw_timeline, timeline_events
from .records import build_records
from .texts import source_texts

ASSETS = Path(__file__).parent / "assets"
MANIFEST = "site.json"
GENERATOR = "python -m pipeline site"


@dataclass(frozen=True)
class SiteResult:
    """What `write_site` wrote."""

    out_dir: Path
    pages: int
    files: int
    bytes: int
    seconds: float
    review_copy: bool


def write_site(package_dir: Path, out_dir: Path, seeds_dir: Path | None = None) -> SiteResult:
    """Write the review site of the package in `package_dir` to `out_dir` (replaced whole).
    With `seeds_dir`, a maintainers' review copy showing every source's full text from the
    seeds folder; it must not be written inside the package folder. Raises SiteError."""
    started = time.perf_counter()
    _check_out(package_dir, out_dir, seeds_dir)
    files = render_site(package_dir, out_dir, seeds_dir)
    write_tree(files, out_dir)
    return SiteResult(out_dir=out_dir, pages=sum(1 for f in files if f.endswith(".html")),
                      files=len(files), bytes=sum(len(b) for b in files.values()),
                      seconds=time.perf_counter() - started, review_copy=seeds_dir is not None)


def render_site(package_dir: Path, out_dir: Path, seeds_dir: Path | None) -> dict[str, bytes]:
    """Every file of the site: relative path -> bytes."""
    package = load_package(package_dir)
    records = build_records(package)
    rel = Path(os.path.relpath(package_dir.absolute(), out_dir.absolute())).as_posix()
    site = pages.Site(package=package, records=records, texts=source_texts(package, seeds_dir),
                      pkg=f"{rel}/", review=seeds_dir is not None)
    env = pages.environment()
    text: dict[str, str] = {}
    for source in package.rows("sources"):
        text[f"sources/{source['source_id']}.html"] = pages.source_page(env, site, source)
    mentions = _mention_counts(package.rows("actor_mentions"))
    duplicates = pages.duplicate_candidates(package.rows("actors"))
    for actor in package.rows("actors"):
        aid = actor["actor_id"]
        text[f"actors/{aid}.html"] = pages.actor_page(env, site, actor, duplicates[aid],
                                                      mentions.get(aid, (0, 0)))
    for name in package.tables:
        text[f"tables/{name}.html"] = pages.table_page(env, site, name)
    network = draw_network(package)
    events = timeline_events(package)
    text["pictures/network.svg"] = network.svg
    text["pictures/timeline.svg"] = draw_timeline(events)
    text["pictures/index.html"] = overview.pictures_page(env, site, network, events)
    text["index.html"] = overview.home_page(env, site)
    text["sources/index.html"] = overview.sources_page(env, site)
    text["actors/index.html"] = overview.actors_page(env, site, mentions)
    text["tables/index.html"] = overview.tables_page(env, site)
    for asset in sorted(ASSETS.iterdir()):
        text[f"assets/{asset.name}"] = asset.read_text(encoding="utf-8")
    files = {path: body.encode("utf-8") for path, body in sorted(text.items())}
    files[MANIFEST] = _manifest(package.version, site.review, files)
    return files


def _mention_counts(rows: tuple[dict, ...]) -> dict[str, tuple[int, int]]:
    """actor -> (mentions, sources mentioning it)."""
    count: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        count[row["actor_id"]] += 1
        sources[row["actor_id"]].add(row["source_id"])
    return {a: (n, len(sources[a])) for a, n in count.items()}


def _manifest(version: str, review: bool, files: dict[str, bytes]) -> bytes:
    """site.json: what wrote the folder, and each file's sha256 (a later write recognises the
    folder as a site it may replace)."""
    data = {"generator": GENERATOR, "package_version": version, "review_copy": review,
            "files": {p: hashlib.sha256(b).hexdigest() for p, b in sorted(files.items())}}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _check_out(package_dir: Path, out_dir: Path, seeds_dir: Path | None) -> None:
    out = out_dir.absolute().resolve()
    package = package_dir.absolute().resolve()

    def refuse(rule: str, detail: str) -> SiteError:
        return SiteError(str(out_dir), None, rule, detail)

    if package == out or package.is_relative_to(out):
        raise refuse("out-dir", f"the site would replace the package folder {package_dir}")
    if seeds_dir is not None:
        seeds = seeds_dir.absolute().resolve()
        if seeds == out or seeds.is_relative_to(out) or out.is_relative_to(seeds):
            raise refuse("out-dir", f"the site must not be, hold or lie inside the seeds "
                         f"folder {seeds_dir}")
        if out.is_relative_to(package):
            raise refuse("review-copy-inside-package", "a review copy shows texts that may not "
                         "be redistributed, so it is never written inside the package folder; "
                         "give --out outside it")
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not _is_site(out):
        raise refuse("out-dir", "holds files that are not a site written by `pipeline site`; "
                     "the site replaces the whole folder, so give an empty or new folder")


def _is_site(folder: Path) -> bool:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == GENERATOR


def write_tree(files: dict[str, bytes], out_dir: Path) -> None:
    """Write `files` into a staged folder beside `out_dir`, then swap it in whole."""
    out = out_dir.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        stage.chmod(0o755)
        for rel, data in files.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if out.exists():
            old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            out.rename(old)
            stage.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
