"""Atomic, locked, versioned publishing of validated frames as a Frictionless data package.

The package is written to `.{out}.tmp-<pid>` beside `out_dir`, validated, then swapped in;
on any failure the previous release stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..check.release_files import kept_per_version
from ..check.versions import changed_release, check_latest_release
from ..errors import PublishError, ValidationFailed
from ..metadata import codebook
from ..metadata.enums import Table
from ..metadata.layout import DB_FILE, DIST_DIR, SITE_DIR, VERSIONS_DIR
from ..metadata.specs import TableSpec, load_package_meta, load_tables
from ..tables import csv_text
from ..tables.store import chunks, n_rows
from . import archive, changelog, citation, datasheet, versions
from .changes import CHANGES_FILE, write_changes
from .context import BuildContext, PublishResult
from .data_files import write_table
from .duckdb_file import RELEASE_TABLE, release_rows, write_duckdb
from .outdir import check_out_dir, publish_lock, sibling, swap_in, undo_interrupted
from .versions import Diff, Release

CAMEO_CODEBOOK = codebook.CODEBOOK_NAME
Validator = Callable[[Path], list[str]]
Frames = Mapping[str, pd.DataFrame]  # a dict, or a TableStore read a table at a time


def frictionless_validate(package_dir: Path) -> list[str]:
    """Stand-in package validator: Frictionless over datapackage.json (keys, types, hashes)."""
    from frictionless import Package  # lazy, for start-up cost: builds pass check.package's

    report = Package(str(package_dir / "datapackage.json")).validate()
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        f"{e.type}: {e.message}" for e in report.errors
    ]


# ---- frames to files ------------------------------------------------------------------------


def _withheld(frames: Frames, context: BuildContext) -> set[str]:
    """Sources whose passage text stays out of the release: the manifest's rights rule
    (ingest.licences), a correction of `sources.redistribute_text`, or the `withhold` policy."""
    src = frames.get(Table.SOURCES)
    if context.text_policy == "withhold":
        ids = {s.source_id for s in context.sources}
        return ids | (set(src["source_id"]) if src is not None else set())
    ids = {s.source_id for s in context.sources if not s.entry.redistribute_text}
    if src is not None and "redistribute_text" in src:
        ids |= set(src.loc[~src["redistribute_text"].astype(bool), "source_id"])
    return ids


def apply_rights(frames: dict[str, pd.DataFrame], withheld: set[str]) -> dict[str, pd.DataFrame]:
    """Blank passages.text of sources that may not be redistributed (offsets, hashes kept) and
    mark them `redistribute_text = false`. Statements keep their quoted words."""
    if not withheld:
        return frames
    out = dict(frames)
    if (passages := frames.get(Table.PASSAGES)) is not None:
        out[Table.PASSAGES] = passages.copy()
        out[Table.PASSAGES].loc[passages["source_id"].isin(withheld), "text"] = None
    if (src := frames.get(Table.SOURCES)) is not None and "redistribute_text" in src:
        out[Table.SOURCES] = src.copy()
        out[Table.SOURCES].loc[src["source_id"].isin(withheld), "redistribute_text"] = False
    return out


def _with_rights(frames: Frames, specs: dict[str, TableSpec],
                 withheld: set[str]) -> Frames:
    """The frames of `specs` after apply_rights. Frames on disk (a TableStore) stay there:
    each table is read, and its rights applied, when it is looked up."""
    if isinstance(frames, dict):
        return apply_rights({n: frames[n] for n in specs}, withheld)
    return versions.TableRows(list(specs), lambda n: apply_rights({n: frames[n]}, withheld)[n])


def release_date(context: BuildContext) -> dt.date:
    """The date of the release being published: the one the context names (a rebuild of a
    published release passes that release's date, so its files come out byte-identical), else
    today (UTC). It is recorded once, in `created`, the changelog and the citation."""
    return context.release_date or dt.datetime.now(dt.UTC).date()


LIBRARIES = ("spacy", "pandas", "pyarrow", "duckdb", "frictionless")


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape the records and files (run-level facts: recorded
    once in the descriptor, never on each row)."""
    from importlib import metadata

    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _source_entries(frames: Frames) -> list[dict[str, Any]]:
    """The descriptor's `sources`: each news source by title, with its URL as `path` where it
    has one (a source's file is not in the package), and the codebook the codes come from."""
    src = frames.get(Table.SOURCES)
    entries = []
    for row in [] if src is None else src.sort_values("source_id").to_dict("records"):
        title = row.get("title")
        entry = {"title": title if isinstance(title, str) else row["source_id"]}
        if isinstance(row.get("url"), str) and row["url"]:
            entry["path"] = row["url"]
        if isinstance(row.get("publisher"), str) and row["publisher"]:
            entry["x_publisher"] = row["publisher"]
        entries.append(entry | {"x_source_id": row["source_id"]})
    return [*entries, codebook.CODEBOOK_SOURCE]


def _temporal(frames: Frames) -> dict[str, str] | None:
    """The time the sources cover: their first and last publication dates."""
    src = frames.get(Table.SOURCES)
    dates = sorted(d for d in ([] if src is None else src["published"])
                   if isinstance(d, dt.date))
    return {"start": dates[0].isoformat(), "end": dates[-1].isoformat()} if dates else None


PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def package_id(name: str, version: str) -> str:
    """A globally unique, stable id of one release (Data Package v2 `id`): a name-based UUID
    of the package and version. The DOI, once deposited, is in CITATION.cff."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{name}/{version}')}"


def build_descriptor(meta: dict[str, Any], version: str, created: dt.date | None,
                     frames: Frames, context: BuildContext) -> dict[str, Any]:
    """Package-level part of datapackage.json (resources are added by the caller)."""
    descriptor: dict[str, Any] = {"$schema": PROFILE, "name": meta["name"],
                                  "id": package_id(meta["name"], version), "title": meta["title"],
                                  "description": " ".join(meta["description"].split()),
                                  "version": version}
    if created is not None:
        descriptor["created"] = f"{created.isoformat()}T00:00:00Z"
    if meta.get("homepage"):
        descriptor["homepage"] = meta["homepage"]
    if temporal := _temporal(frames):
        descriptor["x_temporal_coverage"] = temporal
    if quality := quality_summary(context.quality, context.extractor_version):
        descriptor["x_quality"] = quality
    descriptor |= {
        "licenses": meta["licenses"],
        "contributors": [c | {"roles": [c["role"]]} if "role" in c else c
                         for c in meta["contributors"]],
        "keywords": meta["keywords"], "sources": _source_entries(frames),
        "x_extractor": {"version": context.extractor_version,
                        "nlp_model": {"name": context.nlp_model,
                                      "version": context.nlp_model_version},
                        "libraries": library_versions(),
                        "cameo_codebook": CAMEO_CODEBOOK},
    }
    return descriptor


QUALITY_PARTS = ("heldout", "dev", "fixtures")
QUALITY_KINDS = ("statements", "meetings", "demands", "responses")


def quality_summary(quality: dict[str, Any] | None, version: str) -> dict[str, Any] | None:
    """The headline of `make eval`'s figures for this extractor version (evaluation/quality.json)
    for the descriptor: when, and per part what it was measured on (title, texts, about) with
    precision, recall, F1 and gold count per kind of record. The datasheet has the rest."""
    if not quality:
        return None
    parts = []
    for name in (p for p in QUALITY_PARTS if isinstance(quality.get(p), dict)):
        part = quality[name]
        scores = {kind: {k: part[kind][k] for k in ("precision", "recall", "f1", "gold")
                         if k in part[kind]}
                  for kind in QUALITY_KINDS if isinstance(part.get(kind), dict)}
        parts.append({"part": name, "title": part.get("title"), "about": part.get("about"),
                      "texts": part.get("texts")} | scores)
    return {"extractor_version": version, "measured_on": quality.get("measured_on"),
            "parts": parts}


def dump_json(data: dict[str, Any]) -> str:
    """Stable JSON: insertion order, indent 2, UTF-8, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---- the release ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    specs: dict[str, TableSpec]
    meta: dict[str, Any]
    frames: Frames
    previous: Release | None
    diff: Diff | None  # against the previous release (None for the first)
    delta: Diff  # against the previous release, or against nothing for the first
    version: str
    created: dt.date
    withheld: set[str]


def _candidate(frames: Frames, specs: dict[str, TableSpec],
               context: BuildContext) -> Release:
    def load(name: str) -> csv_text.Rows:
        text, _ = csv_text.text_rows(frames[name], specs[name])
        return csv_text.keyed(specs[name].field_names, text, specs[name].primary_key)

    descriptor = {"version": None, "x_extractor": {"version": context.extractor_version}}
    return Release(descriptor, specs, versions.TableRows(list(specs), load))


def plan_release(frames: Frames, out_dir: Path, context: BuildContext,
                 tables: dict[str, TableSpec] | None = None,
                 package_meta: dict[str, Any] | None = None) -> _Plan:
    """Compare the frames with the release at out_dir: diff, bump and next version."""
    specs = tables if tables is not None else load_tables()
    if missing := [n for n in specs if n not in frames]:
        raise PublishError(str(out_dir), None, "frames", f"no frame for table(s) {missing}")
    withheld = _withheld(frames, context)
    previous = versions.read_release(out_dir)
    candidate = _candidate(_with_rights(frames, specs, withheld), specs, context)
    delta = versions.diff_releases(previous or versions.Release({}, {}, {}), candidate)
    diff = None if previous is None else delta
    version = versions.bump_version(previous.version if previous else None,
                                   diff.bump if diff else "initial")
    return _Plan(specs, package_meta or load_package_meta(), frames, previous, diff, delta,
                 version, release_date(context), withheld)


def _published_chunks(plan: _Plan, name: str) -> Iterator[pd.DataFrame]:
    """A table's chunks as published: with apply_rights."""
    for chunk in chunks(plan.frames, name):
        yield apply_rights({name: chunk}, plan.withheld)[name]


def _stage(plan: _Plan, stage: Path, out_dir: Path, context: BuildContext) -> dict[str, int]:
    """Write the whole new package (with all earlier versions) into `stage`."""
    (stage / "data").mkdir(parents=True)
    for kept in (VERSIONS_DIR, DIST_DIR):
        if (out_dir / kept).is_dir():
            shutil.copytree(out_dir / kept, stage / kept)
    if (stage / "versions" / plan.version).exists():
        raise PublishError(str(out_dir), plan.version, "immutable-version",
                           "a published version folder already exists; it is never rewritten")
    descriptor = build_descriptor(plan.meta, plan.version, plan.created, plan.frames, context)
    resources = [write_table(stage, functools.partial(_published_chunks, plan, n), s,
                             plan.version, plan.meta["name"]) for n, s in plan.specs.items()]
    counts = {r["name"]: r["x_rows"] for r in resources}
    for resource in resources:
        if resource["name"] == Table.CAMEO_CODES:  # the codebook keeps its own licence
            resource |= {"licenses": [codebook.CODEBOOK_LICENCE],
                         "sources": [codebook.CODEBOOK_SOURCE]}
    db_specs = [(s, stage / "data" / f"{n}.csv") for n, s in plan.specs.items()]
    descriptor["x_duckdb"] = write_duckdb(stage / DB_FILE, db_specs,
                                          release_rows(descriptor, resources))
    descriptor["x_duckdb"]["release_table"] = RELEASE_TABLE
    descriptor["resources"] = resources
    (stage / "datapackage.json").write_text(dump_json(descriptor), encoding="utf-8", newline="")
    datasheet.write_datasheet(stage / "README.md", datasheet.render_datasheet(
        descriptor, list(plan.specs.values()), counts, _cite(plan, context), context.quality,
        plan.withheld))
    previous_log = out_dir / "CHANGELOG.md"
    write_changes(stage / CHANGES_FILE, plan.delta)
    entry = changelog.changelog_entry(plan.version, plan.created, counts, plan.diff,
                                    context.corrections, _rights_notes(plan, counts))
    (stage / "CHANGELOG.md").write_text(versions.prepend_changelog(
        previous_log.read_text(encoding="utf-8") if previous_log.is_file() else None, entry),
        encoding="utf-8", newline="")
    (stage / archive.SUMS_FILE).touch()  # the site links it; written over below
    write_site(stage)
    archive.write_sums(stage)
    folder = f"{plan.meta['name']}-{plan.version}"
    archive.write_zip(stage, stage / DIST_DIR / f"{folder}.zip", folder)
    _snapshot(stage, stage / VERSIONS_DIR / plan.version)
    return counts


def write_site(root: Path) -> None:
    """The review site of the release at `root`, into root/site/ (pure: the same package gives
    the same bytes). It shows spans, hashes and quotes, never a withheld text."""
    from ..site.build import render_site  # lazy, for start-up cost (jinja2, matplotlib)

    for rel, data in render_site(root, root / SITE_DIR, None).items():
        (root / SITE_DIR / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / SITE_DIR / rel).write_bytes(data)


def _cite(plan: _Plan, context: BuildContext) -> str:
    """The release's citation: authors and title (CITATION.cff's when given), version, and the
    year of the release's own date."""
    return citation.citation_text(context.citation_path, {
        "author": "; ".join(c["title"] for c in plan.meta["contributors"]),
        "title": plan.meta["title"], "version": plan.version, "year": plan.created.year})


def _rights_notes(plan: _Plan, counts: dict[str, int]) -> list[str]:
    if not plan.withheld:
        return []
    return [f"Passage text withheld for {len(plan.withheld)} of {counts.get(Table.SOURCES, 0)} "
            "source(s): their licence is unknown or not open and no permission is recorded "
            "(the datasheet's Licence section); spans, hashes, URLs and quotes are kept."]


def _snapshot(root: Path, target: Path) -> None:
    """Copy the release files versions/X.Y.Z/ keeps (kept_per_version) from `root`."""
    for rel in archive.release_files(root):
        if kept_per_version(rel):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, target / rel)
    shutil.copy2(root / archive.SUMS_FILE, target / archive.SUMS_FILE)


def publish_release(
    frames: Frames,
    out_dir: Path,
    context: BuildContext,
    validate_package: Validator = frictionless_validate,
    *,
    tables: dict[str, TableSpec] | None = None,
    package_meta: dict[str, Any] | None = None,
    lock_timeout: float = 600.0,
) -> PublishResult:
    """Publish validated frames as the next release at out_dir (atomic, locked, versioned).
    Identical content -> nothing written, `published=False`. Raises ValidationFailed when
    `validate_package(staged_dir)` reports problems and PublishError on write failures, or
    when the latest release no longer holds the files it published (it is the base of the
    diff, the changelog and the next release); in every case out_dir is left as it was."""
    out_dir = out_dir.absolute()
    with publish_lock(out_dir, lock_timeout):
        undo_interrupted(out_dir)
        check_out_dir(out_dir, package=(package_meta or load_package_meta())["name"])
        if changed := check_latest_release(out_dir):
            raise PublishError(str(out_dir), None, "release-changed",
                               changed_release(out_dir, changed))
        plan = plan_release(frames, out_dir, context, tables, package_meta)
        bump = "initial" if plan.diff is None else plan.diff.bump
        if bump == "none":
            counts = {n: n_rows(plan.frames, n) for n in plan.specs}
            return PublishResult(plan.version, False, "none", out_dir, counts, plan.diff)
        stage = sibling(out_dir, "tmp")
        try:
            counts = _stage(plan, stage, out_dir, context)
            if problems := validate_package(stage):
                raise ValidationFailed(str(out_dir), problems)
            swap_in(stage, out_dir)
        except (OSError, duckdb.Error) as err:
            raise PublishError(str(out_dir), plan.version, "write",
                               f"{err}; the previous release is untouched") from err
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    _sync_citation(context, plan)
    return PublishResult(plan.version, True, bump, out_dir, counts, plan.diff)


def _sync_citation(context: BuildContext, plan: _Plan) -> None:
    if context.citation_path is None:
        return
    try:
        citation.sync_citation(context.citation_path, plan.version, plan.created)
        citation.write_zenodo(context.citation_path)
        citation.sync_readme(context.citation_path.parent / "README.md", _cite(plan, context))
    except (OSError, KeyError) as err:
        raise PublishError(str(context.citation_path), plan.version, "citation",
                           f"release published but CITATION.cff/.zenodo.json not updated: {err}"
                           ) from err
