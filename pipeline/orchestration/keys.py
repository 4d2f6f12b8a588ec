"""What each thing a build keeps depends on, as a key: a source's passages (its bytes, id and
language and the segmenter's code), its extraction (its bytes, manifest fields, passages and
the extractor version), a set of tables that passed validation (their content and the code and
schemas that check them), and the whole build (every file it reads, the pipeline's code, the
model and library versions). Change anything a value depends on and its key changes.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import Settings
from ..ingest import sources
from ..metadata.specs import SCHEMAS_DIR
from ..models import Passage, Source
from .cache import FORMAT

PIPELINE_DIR = Path(__file__).resolve().parents[1]
SEGMENTER_FILES = ("ingest/segment.py", "ingest/language.py", "ids.py", "models.py")
# The code that checks tables before publishing: a change to it checks them again.
CHECK_FILES = ("check/tables.py", "metadata/specs.py", "metadata/types.py",
               "metadata/schema.py")


@functools.cache
def segmenter_version() -> str:
    """Short hash of the code that splits a source into passages, and of lingua's version."""
    digest = hashlib.sha256(f"lingua=={metadata.version('lingua-language-detector')}".encode())
    for name in SEGMENTER_FILES:
        digest.update(name.encode() + b"\0" + (PIPELINE_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def passages_key(source: Source, version: str) -> str:
    """Hex key of one source's passages."""
    parts = [str(FORMAT), source.source_id, source.sha256, source.entry.language, version]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def passages_digest(passages: list[Passage]) -> str:
    """sha256 of the passages' ids, kinds, languages and spans (their text is in the source)."""
    parts = [f"{p.passage_id}:{p.kind}:{p.language}:{p.char_start}:{p.char_end}:{p.credit}"
             for p in passages]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def extraction_key(source: Source, passages: list[Passage], extractor_version: str) -> str:
    """Hex key of one source's extraction; any input that changes the rows changes it."""
    entry = source.entry
    parts = {
        "format": FORMAT,
        "source_id": entry.source_id,
        "sha256": source.sha256,
        "published": entry.published.isoformat() if entry.published else None,
        "language": entry.language,
        "passages": passages_digest(passages),
        "extractor_version": extractor_version,
    }
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frames_key(frames: dict[str, Any]) -> str:
    """Hex key of a set of tables' content and of the code and schemas that validate them."""
    import pandas as pd  # lazy, for start-up cost: a no-change build hashes no tables

    digest = hashlib.sha256(str(FORMAT).encode())
    for path in [*(PIPELINE_DIR / name for name in CHECK_FILES),
                 *sorted(SCHEMAS_DIR.glob("*.yaml"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name, frame in frames.items():
        digest.update(f"{name}\0{list(frame.columns)}\0{list(map(str, frame.dtypes))}".encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


INPUT_TOOLS = ("spacy", "lingua-language-detector")  # libraries whose version changes records


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted, skipping hidden files and folders and bytecode."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts))


def tree_digest(folder: Path, include: Callable[[Path], bool] | None = None) -> str:
    """sha256 over the relative path and bytes of every file under `folder` (none: empty), or
    of those whose relative path `include` accepts; files are streamed, never read whole."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in _files(folder):
            rel = path.relative_to(folder)
            if include is not None and not include(rel):
                continue
            with path.open("rb") as fh:
                file_hash = hashlib.file_digest(fh, "sha256").hexdigest()
            digest.update(f"{rel.as_posix()}\0{file_hash}\n".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


Folder = Path | tuple[Path, Callable[[Path], bool]]  # a folder, or one with a file filter


def inputs_key(folders: list[Folder], files: list[Path], model: str) -> str:
    """Hex key of everything a build reads: the folders' files (seeds, the pipeline's own code,
    lexicons and schemas; a folder given with a filter counts only the files it accepts),
    single files (the corrections file, the quality file), and the versions of the spaCy model
    and of the libraries that shape the records."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for item in folders:
        folder, include = item if isinstance(item, tuple) else (item, None)
        digest.update(f"{folder.name}\0{tree_digest(folder, include)}\n".encode())
    for path in files:
        data = path.read_bytes() if path.is_file() else b"\0missing"
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).hexdigest().encode())
    for package in (model, *INPUT_TOOLS):
        digest.update(f"{package}=={_version(package)}\n".encode())
    return digest.hexdigest()


def package_state(out_dir: Path) -> str | None:
    """Fingerprint of a published package folder as it is on disk: datapackage.json's bytes and
    every other file's size and modification time (an edit, a deletion or a half-finished swap
    changes it). None when there is no package or a publish left leftovers beside it."""
    descriptor = out_dir / "datapackage.json"
    leftovers = [*out_dir.parent.glob(f".{out_dir.name}.tmp-*"),
                 *out_dir.parent.glob(f".{out_dir.name}.old-*")]
    if not descriptor.is_file() or leftovers:
        return None
    digest = hashlib.sha256(descriptor.read_bytes())
    for path in _files(out_dir):
        stat = path.stat()
        digest.update(f"{path.relative_to(out_dir).as_posix()}\0{stat.st_size}\0"
                      f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build_inputs_key(settings: Settings) -> str:
    """inputs_key of the seeds folder (the files a build reads of it), this package's code,
    lexicons and schemas, the quality file, the corrections file and the spaCy model."""
    seeds = (settings.seeds_dir, sources.read_by_build)
    key = inputs_key([seeds, PIPELINE_DIR, SCHEMAS_DIR],
                     [settings.corrections_file, settings.quality_path], settings.spacy_model)
    if settings.text_policy == "licence":
        return key
    return hashlib.sha256(f"{key}\0text_policy={settings.text_policy}".encode()).hexdigest()


def seeds_fingerprint(settings: Settings) -> str:
    """sha256 over the path and bytes of every file of the seeds folder a build reads
    (sources.read_by_build): changes when any of them does."""
    return tree_digest(settings.seeds_dir, sources.read_by_build)
