"""Prefect flows and tasks: thin wrappers around the plain functions of the other modules."""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from . import extract, publish, segment, sources, tables, validate
from .config import Settings
from .models import Extraction, Passage, Source, SourceEntry


@task(cache_policy=NO_CACHE)
def load_manifest_task(seeds_dir: Path) -> list[SourceEntry]:
    return sources.load_manifest(seeds_dir)


@task(cache_policy=NO_CACHE)
def ingest_task(entry: SourceEntry, seeds_dir: Path) -> Source:
    return sources.ingest(entry, seeds_dir)


@task(cache_policy=NO_CACHE)
def segment_task(source: Source) -> list[Passage]:
    return segment.split(source)


@task(cache_policy=NO_CACHE)
def extract_task(source: Source, passages: list[Passage], settings: Settings, version: str) -> Extraction:
    nlp = extract.load_nlp(settings.spacy_model)
    registry = extract.load_registry(settings.seeds_dir / "actors.yaml")
    return extract.extract_source(source, passages, nlp, registry, extract.load_lexicon(), version)


@task(cache_policy=NO_CACHE)
def validate_task(frames: dict, sources_: list[Source]) -> dict:
    return validate.check_tables(frames, sources_)


@task(cache_policy=NO_CACHE)
def publish_task(frames: dict, settings: Settings, context: publish.BuildContext) -> publish.PublishResult:
    return publish.publish_release(frames, settings.out_dir, context, validate.validate_package)


def make_context(settings: Settings, sources_: list[Source], version: str) -> publish.BuildContext:
    nlp = extract.load_nlp(settings.spacy_model)
    return publish.BuildContext(
        sources=sources_,
        extractor_version=version,
        nlp_model=settings.spacy_model,
        nlp_model_version=str(nlp.meta.get("version", "")),
        corrections=[],
        quality=None,
        citation_path=settings.citation_path,
    )


@flow(name="build", log_prints=True)
def build(settings: Settings) -> publish.PublishResult:
    """Manifest -> ingest -> segment -> extract -> validate -> publish."""
    started = time.perf_counter()
    entries = load_manifest_task(settings.seeds_dir)
    sources_ = [ingest_task(e, settings.seeds_dir) for e in entries]
    passages = {s.source_id: segment_task(s) for s in sources_}
    version = extract.extractor_version(settings.spacy_model, settings.seeds_dir / "actors.yaml")
    extractions = [
        extract_task(s, passages[s.source_id], settings, version) for s in sources_
    ]
    frames = validate_task(tables.build_frames(sources_, passages, extractions), sources_)
    result = publish_task(frames, settings, make_context(settings, sources_, version))
    print(f"{len(sources_)} source(s) in {time.perf_counter() - started:.1f} s")
    return result
