"""The on-disk caches a build keeps between runs: each source's extracted rows and each
source's passages, one JSON file per source under the cache folder, named by a key that says
everything the value depends on (keys.py).

Values are the Extraction's rows (or the passages) as JSON with sorted keys; dates and
datetimes are tagged so they come back as the same Python types. Each entry is sealed with a
digest of itself, so an entry torn or edited by hand is a miss, never a published row. Writes
are atomic (temporary file, then rename).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from ..files import write_text
from ..models import Extraction, Passage

LOG = logging.getLogger(__name__)
FORMAT = 2  # bump when the stored layout changes: every old entry then misses
FOLDER = "extractions"
PASSAGE_FOLDER = "passages"


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
        write_text(path, self.dumps(value))
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
