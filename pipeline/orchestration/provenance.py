"""What a release records about how it was made, gathered for publishing: the sources, the
extractor version, the spaCy model and its version, the corrections applied and the quality
figures `make eval` measured for this extractor version (evaluation/quality.json; the build
never reads gold annotations)."""

from __future__ import annotations

from ..config import Settings
from ..evaluation.quality import load_quality
from ..models import Source
from ..release.context import BuildContext


def model_version(model: str) -> str:
    """Version of the spaCy model package, without loading it when it is installed as one."""
    import spacy  # lazy, for start-up cost: a no-change build never loads spaCy

    from .. import extract  # lazy, for start-up cost (spaCy)

    return spacy.util.get_package_version(model) or str(
        extract.load_nlp(model).meta.get("version", ""))


def measure_quality(settings: Settings, version: str) -> dict | None:
    """Figures of this extractor version from the committed quality file, which `make eval`
    writes (evaluation.quality); None when this version was never measured."""
    return load_quality(version, settings.quality_path)


def make_context(settings: Settings, sources_: list[Source], version: str,
                 applied: list[dict]) -> BuildContext:
    return BuildContext(
        sources=sources_,
        extractor_version=version,
        nlp_model=settings.spacy_model,
        nlp_model_version=model_version(settings.spacy_model),
        corrections=applied,
        quality=measure_quality(settings, version),
        citation_path=settings.citation_path,
        text_policy=settings.text_policy,
        release_date=settings.release_date,
    )
