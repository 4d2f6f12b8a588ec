"""A small, explicit on-disk cache of extraction results (and passages), one JSON file per source.

The key says everything an extraction depends on: the source's bytes (sha256), the manifest
fields that change what is extracted (id, published date, language), the passages the source
was split into, and the extractor's version (a hash of its code, lexicons, registry and spaCy
model). Change any of them and the key changes, so the source is extracted again.

Passages are cached too, keyed by the source's bytes, id and language and the segmenter's
code (ingest/segment.py and language.py, ids.py, models.py and the lingua version): a
no-change run then never loads the language detector or the spaCy model.

Values are the Extraction's rows as JSON with sorted keys; dates and datetimes are tagged so
they come back as the same Python types. Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from .models import Extraction, Passage, Source

LOG = logging.getLogger(__name__)
FORMAT = 2  # bump when the stored layout changes: every old entry then misses
FOLDER = "extractions"
PASSAGE_FOLDER = "passages"
SEGMENTER_FILES = ("ingest/segment.py", "ingest/language.py", "ids.py", "models.py")


@functools.cache
def segmenter_version() -> str:
    """Short hash of the code that splits a source into passages, and of lingua's version."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"lingua=={metadata.version('lingua-language-detector')}".encode())
    for name in SEGMENTER_FILES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
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


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} {value!r} in the extraction cache")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


class CorruptEntry(ValueError):
    """A cache entry that is not what this code stored: torn, edited or of another shape."""


def _sealed(payload: dict[str, Any]) -> str:
    """Deterministic JSON of `payload` with a digest of itself, checked by `_opened`: an entry
    edited by hand (or by anything but this module) is then a miss, never published."""
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=_encode,
                      separators=(",", ":"), allow_nan=False)
    return json.dumps({"sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                       "body": body}, ensure_ascii=False, separators=(",", ":"))


def _opened(text: str) -> dict[str, Any]:
    """The payload `_sealed` stored; raises CorruptEntry when the digest or shape is wrong."""
    outer = json.loads(text)
    if not isinstance(outer, dict) or not isinstance(outer.get("body"), str):
        raise CorruptEntry("not an entry of this cache")
    if hashlib.sha256(outer["body"].encode("utf-8")).hexdigest() != outer.get("sha256"):
        raise CorruptEntry("its digest does not match its content (edited?)")
    payload = json.loads(outer["body"], object_hook=_decode)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CorruptEntry("of another format")
    return payload


def dumps(extraction: Extraction) -> str:
    """Deterministic JSON text of an Extraction (sorted keys, tagged dates, a digest)."""
    return _sealed({"format": FORMAT, "source_id": extraction.source_id,
                    "tables": extraction.tables})


def loads(text: str) -> Extraction:
    """The Extraction stored by `dumps`; raises CorruptEntry on anything else."""
    payload = _opened(text)
    tables = payload.get("tables")
    if not isinstance(payload.get("source_id"), str) or not isinstance(tables, dict) or not all(
            isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
            for rows in tables.values()):
        raise CorruptEntry("not an extraction")
    return Extraction(source_id=payload["source_id"], tables=tables)


def frames_key(frames: dict[str, Any]) -> str:
    """Hex key of a set of tables' content and of the code and schemas that validate them."""
    import pandas as pd

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in [here / "check" / "tables.py", here / "metadata" / "schema.py",
                 *sorted((here.parent / "schemas").glob("*.yaml"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name, frame in frames.items():
        digest.update(f"{name}\0{list(frame.columns)}\0{list(map(str, frame.dtypes))}".encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


class ValidatedLog:
    """Keys of table sets that passed validation: one empty file each under root/validated/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "validated"

    def seen(self, key: str) -> bool:
        return (self.root / key).is_file()

    def add(self, key: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / key).touch()


def dumps_passages(passages: list[Passage]) -> str:
    """Deterministic JSON text of a source's passages (with a digest)."""
    return _sealed({"format": FORMAT, "passages": [dataclasses.asdict(p) for p in passages]})


def loads_passages(text: str) -> list[Passage]:
    """The passages stored by `dumps_passages`; raises CorruptEntry on anything else."""
    rows = _opened(text).get("passages")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise CorruptEntry("not a list of passages")
    try:
        return [Passage(**row) for row in rows]
    except TypeError as err:
        raise CorruptEntry(f"not a passage: {err}") from None


class ExtractionCache:
    """Extractions on disk under `root/extractions/<key[:2]>/<key>.json`."""

    folder = FOLDER
    dumps = staticmethod(dumps)
    loads = staticmethod(loads)

    def __init__(self, root: Path) -> None:
        self.root = root / self.folder

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any:
        """The stored value, or None when there is none or it is unreadable (a miss). An
        unreadable entry (bad UTF-8, torn, edited, of another shape) is logged once and
        deleted, so the value is made again and stored anew."""
        path = self.path(key)
        try:
            return self.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, RecursionError) as err:  # JSON, UTF-8, shape
            LOG.warning("warning: cache entry %s is unreadable (%s); it is made again", path,
                        str(err).splitlines()[0][:200] if str(err) else type(err).__name__)
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: Any) -> Path:
        """Store atomically: readers see the old file or the whole new one, never a part."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.dumps(value))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def keys(self) -> set[str]:
        """Keys of every stored entry."""
        return {p.stem for p in self.root.glob("*/*.json")}

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in `keep`; returns how many were deleted."""
        stale = self.keys() - keep
        for key in stale:
            self.path(key).unlink(missing_ok=True)
        return len(stale)


class PassageCache(ExtractionCache):
    """Passages on disk under `root/passages/<key[:2]>/<key>.json`."""

    folder = PASSAGE_FOLDER
    dumps = staticmethod(dumps_passages)
    loads = staticmethod(loads_passages)


# ---- whole builds ------------------------------------------------------------------------------

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


class BuildLog:
    """What the last build into each package folder read and left there: its inputs key, the
    package's state after it, the release version, rows per table, source ids and warnings.
    One JSON file per package folder under root/builds/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "builds"

    def path(self, out_dir: Path) -> Path:
        name = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return self.root / f"{name}.json"

    def unchanged(self, out_dir: Path, key: str) -> dict[str, Any] | None:
        """The last build's record when it read the same inputs and the package folder is as
        that build left it; else None (the build must run)."""
        try:
            record = json.loads(self.path(out_dir).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        state = package_state(out_dir)
        if record.get("inputs") != key or state is None or record.get("package") != state:
            return None
        return record

    def add(self, out_dir: Path, key: str, record: dict[str, Any]) -> None:
        state = package_state(out_dir)
        if state is None:
            return
        path = self.path(out_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_suffix(f".tmp-{os.getpid()}")
        staged.write_text(json.dumps({"inputs": key, "package": state, **record}, indent=1),
                          encoding="utf-8")
        staged.replace(path)
