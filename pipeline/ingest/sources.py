"""Reads the source manifest (seeds/sources.yaml) and the source files it lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError
from ..metadata.specs import field_pattern
from ..models import Source, SourceEntry
from .licences import canonical_licence, may_redistribute

MANIFEST = "sources.yaml"
REGISTRY = "actors.yaml"  # optional: actors added to the pipeline's default registry
CORRECTIONS = "corrections.yaml"  # optional: corrections applied after extraction
TEXT_SUFFIXES = {".txt"}
MAX_SOURCE_BYTES = 5_000_000  # a news article is tens of kB; larger files are refused
ENTRY_KEYS = {
    "id", "file", "title", "publisher", "url", "published", "published_note",
    "language", "license", "redistribute_text", "retrieved",
}
# Longest value of each optional text field, in characters: a manifest field is a line of the
# sources table, and a megabyte there would be a data file, not metadata.
OPTIONAL_TEXT = {"title": 1_000, "publisher": 500, "url": 2_000, "published_note": 2_000,
                 "license": 200}


def read_by_build(rel: Path) -> bool:
    """Whether a build reads the file at `rel` (relative to the seeds folder): the manifest,
    the optional registry and corrections, and every text file (listed, or refused as
    unlisted). Other files in the folder are never read."""
    return rel.suffix.lower() in TEXT_SUFFIXES or rel.as_posix() in (MANIFEST, REGISTRY,
                                                                     CORRECTIONS)


MAX_YAML_BYTES = 20_000_000  # a manifest of 10,000 sources is about 5 MB
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser when PyYAML has it (about 10x faster on a manifest
    of thousands of sources; the same values, built by the same safe constructor)."""
    return yaml.load(text, Loader=SAFE_LOADER)


def read_yaml(path: Path, kind: str) -> Any:
    """The data of a user's YAML file (`kind`: manifest, registry, corrections), refused with a
    SourceError naming the file and the rule (KIND-size, KIND-utf8, KIND-yaml, KIND-alias) when
    it is too large, not UTF-8, malformed, or uses anchors and aliases: a few hundred bytes of
    nested aliases expand to gigabytes in whatever walks the data."""
    where = str(path)
    if (size := path.stat().st_size) > MAX_YAML_BYTES:
        raise SourceError(where, None, f"{kind}-size",
                          f"{size} bytes; the limit is {MAX_YAML_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8")
        if "*" in text and any(isinstance(event, yaml.AliasEvent)
                               for event in yaml.parse(text, Loader=SAFE_LOADER)):
            raise SourceError(where, None, f"{kind}-alias", "anchors and aliases (&name, *name) "
                              "are not allowed; write each value out")
        return parse_yaml(text)
    except yaml.YAMLError as err:
        raise SourceError(where, None, f"{kind}-yaml", f"malformed YAML: {err}") from None
    except UnicodeDecodeError as err:
        raise SourceError(where, None, f"{kind}-utf8", f"not UTF-8: {err}") from None


def check_registry(seeds_dir: Path) -> None:
    """Refuse an actor registry (the optional seeds/actors.yaml) that is too large, not UTF-8,
    malformed or full of aliases, before anything parses it for the extractor."""
    path = seeds_dir / REGISTRY
    if path.is_file():
        read_yaml(path, "registry")


def load_manifest(seeds_dir: Path) -> list[SourceEntry]:
    """Checked entries of `seeds_dir/sources.yaml`. Raises SourceError naming file, entry, rule."""
    path = seeds_dir / MANIFEST
    where = str(path)
    if not path.is_file():
        raise SourceError(where, None, "manifest-missing", "no source manifest found")
    raw = read_yaml(path, "manifest")
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise SourceError(where, None, "manifest-shape", "expected a mapping with a 'sources' list")
    if unknown := set(raw) - {"sources"}:
        raise SourceError(where, None, "unknown-key",
                          f"unknown top-level key(s): {sorted(unknown)}")
    entries = [_entry(where, i, item, seeds_dir) for i, item in enumerate(raw["sources"], 1)]
    _check_unique(where, entries)
    _check_unlisted(where, seeds_dir, entries)
    return entries


def _entry(where: str, n: int, item: Any, seeds_dir: Path) -> SourceEntry:
    label = f"entry {n}"
    if not isinstance(item, dict):
        raise SourceError(where, label, "entry-shape", "each source must be a mapping")
    if isinstance(item.get("id"), str):
        label = f"entry {n} (id {item['id']!r})"
    if unknown := set(item) - ENTRY_KEYS:
        raise SourceError(where, label, "unknown-key", f"unknown key(s): {sorted(unknown)}")
    for key in ("id", "file"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise SourceError(where, label, "required-field", f"'{key}' is required (a string)")
    if not re.match(id_pattern := field_pattern("sources", "source_id"), item["id"]):
        raise SourceError(where, label, "id-pattern", f"id must match {id_pattern}")
    for key, longest in OPTIONAL_TEXT.items():
        if item.get(key) is not None and not isinstance(item[key], str):
            raise SourceError(where, label, "field-type", f"'{key}' must be a string or null")
        if len(item.get(key) or "") > longest:
            raise SourceError(where, label, "field-too-long",
                              f"'{key}' has {len(item[key])} characters; the limit is {longest}")
    language = item.get("language", "en")
    if not isinstance(language, str) or not re.match(field_pattern("sources", "language"),
                                                     language):
        raise SourceError(where, label, "language", "language must be an ISO 639-1 code like 'en'")
    licence = _licence(where, label, item.get("license"))
    explicit = item.get("redistribute_text")
    if explicit is not None and not isinstance(explicit, bool):
        raise SourceError(where, label, "field-type", "'redistribute_text' must be true or false")
    _check_path(where, label, item["file"], seeds_dir)
    return SourceEntry(
        source_id=item["id"],
        file=item["file"],
        title=item.get("title"),
        publisher=item.get("publisher"),
        url=item.get("url"),
        published=_date(where, label, item.get("published"), "published"),
        retrieved=_date(where, label, item.get("retrieved"), "retrieved"),
        published_note=item.get("published_note"),
        language=language,
        license=licence,
        redistribute_text=may_redistribute(licence, explicit),
    )


def _licence(where: str, label: str, value: str | None) -> str | None:
    """The SPDX id of `license` (any case), a `LicenseRef-...` id, or None; else an error."""
    if value is None or not value.strip():
        return None
    if (licence := canonical_licence(value)) is None:
        raise SourceError(where, label, "license",
                          f"license {value!r} is not an SPDX id this pipeline knows (see "
                          "pipeline/ingest/licences.yaml) nor a 'LicenseRef-...' id; write "
                          "null when the licence is unknown")
    return licence


def _date(where: str, label: str, value: Any, key: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise SourceError(where, label, f"{key}-date", f"'{key}' must be an ISO date, got {value!r}")


def _check_path(where: str, label: str, file: str, seeds_dir: Path) -> None:
    rel = Path(file)
    if rel.is_absolute() or ".." in rel.parts:
        raise SourceError(where, label, "path-escape",
                          f"file {file!r} must be relative, inside {seeds_dir}")
    if any(part.startswith(".") for part in rel.parts):
        raise SourceError(where, label, "hidden-path",
                          f"file {file!r} is hidden (a name starting with '.'): hidden files "
                          "and folders are not sources")
    if rel.suffix.lower() not in TEXT_SUFFIXES:
        raise SourceError(where, label, "not-text",
                          f"file {file!r} is not a text source: sources are "
                          f"{'/'.join(sorted(TEXT_SUFFIXES))} files")
    full = seeds_dir / rel
    if full.is_symlink() or not full.resolve().is_relative_to(seeds_dir.resolve()):
        raise SourceError(where, label, "path-escape",
                          f"file {file!r} is a symlink or leaves {seeds_dir}")
    if not full.is_file():
        raise SourceError(where, label, "file-missing", f"file {file!r} does not exist")


def _check_unique(where: str, entries: list[SourceEntry]) -> None:
    seen: dict[str, int] = {}
    files: dict[str, int] = {}
    for n, e in enumerate(entries, 1):
        label = f"entry {n} (id {e.source_id!r})"
        if e.source_id in seen:
            raise SourceError(where, label, "duplicate-id",
                              f"id already used by entry {seen[e.source_id]}")
        seen[e.source_id] = n
        file = Path(e.file).as_posix()
        if file in files:
            raise SourceError(where, label, "duplicate-file",
                              f"file {e.file!r} is already listed by entry {files[file]}")
        files[file] = n


def _check_unlisted(where: str, seeds_dir: Path, entries: list[SourceEntry]) -> None:
    listed = {Path(e.file).as_posix() for e in entries}
    for path in sorted(seeds_dir.rglob("*")):
        rel = path.relative_to(seeds_dir).as_posix()
        if any(part.startswith(".") for part in path.relative_to(seeds_dir).parts):
            continue  # hidden files and folders (an editor's, drafts) are not sources
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file() and rel not in listed:
            raise SourceError(where, rel, "unlisted-file",
                              "a text file in the seeds folder has no entry in the manifest")


def ingest(entry: SourceEntry, seeds_dir: Path) -> Source:
    """Read, check and decode one source file. Offsets index this exact text (BOM included)."""
    path = seeds_dir / entry.file
    where, label = str(path), f"source {entry.source_id!r}"
    size = path.stat().st_size
    if size == 0:
        raise SourceError(where, label, "empty-file", "the file is empty")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(where, label, "too-large",
                          f"{size} bytes; the limit is {MAX_SOURCE_BYTES} bytes per source")
    data = path.read_bytes()
    if b"\x00" in data:
        raise SourceError(where, label, "binary-file", f"NUL byte at offset {data.index(0)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(where, label, "invalid-utf8",
                          f"byte {err.start} is not valid UTF-8 ({err.reason})") from None
    if not text.replace("\ufeff", "").strip():  # str.strip() knows every Unicode space
        raise SourceError(where, label, "empty-file", "the file holds only whitespace")
    return Source(
        entry=entry,
        path=Path(entry.file).as_posix(),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        bom=text.startswith("\ufeff"),
    )
