"""Prefect flows and tasks: thin wrappers around the plain functions of the other modules.

`build(settings)` runs the `build` flow with the task runner `settings.runner` names. Only the
extraction is submitted to that runner (one task per batch of sources); every other task is
called directly and so runs in the flow's own process, whatever the runner (publishing never
happens on a remote worker). Sources whose extraction key is in the on-disk cache
(pipeline/cache.py) are not submitted at all, and a build whose inputs (seeds, code, model) and
package folder are exactly as the last build left them stops after one check.

spaCy, pandas, pandera, Frictionless and DuckDB are imported by the steps that use them, not
here: that check must not pay seconds of imports for work it will not do.
"""

from __future__ import annotations

import functools
import math
import resource
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from .cache import (
    BuildLog,
    ExtractionCache,
    PassageCache,
    ValidatedLog,
    extraction_key,
    frames_key,
    inputs_key,
    passages_key,
    segmenter_version,
    tree_digest,
)
from .config import Settings
from .errors import PipelineError
from .ingest import segment, sources
from .models import Extraction, Passage, Source, SourceEntry
from .processes import clean_stale_temp_dirs, prefect_api
from .release.context import PublishResult
from .release.outdir import check_out_dir

if TYPE_CHECKING:
    from .release.context import BuildContext
    from .tables.corrections import Correction

Batch = list[tuple[Source, str, str]]  # (source, its passages' cache key, extraction key)


@dataclass
class BuildResult:
    """What a build did: the publish result plus what was extracted, cached and corrected."""

    publish: PublishResult
    processed: list[str] = field(default_factory=list)  # source ids extracted this run
    skipped: list[str] = field(default_factory=list)  # source ids taken from the cache
    applied: list[dict] = field(default_factory=list)  # corrections applied
    unmatched: list[Correction] = field(default_factory=list)  # corrections matching nothing
    warnings: list[str] = field(default_factory=list)  # printed lines (corrections gone stale)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per step
    peaks: dict[str, float] = field(default_factory=dict)  # memory high-water mark (MiB) per step
    unchanged: bool = False  # inputs and package as the last build left them: nothing done

    @property
    def version(self) -> str:
        return self.publish.version

    @property
    def published(self) -> bool:
        return self.publish.published

    @property
    def bump(self) -> str:
        return self.publish.bump

    @property
    def out_dir(self) -> Any:
        return self.publish.out_dir

    @property
    def counts(self) -> dict[str, int]:
        return self.publish.counts

    @property
    def diff(self) -> Any:
        return self.publish.diff


# ---- plain functions the tasks wrap --------------------------------------------------------


def peak_mib() -> float:
    """This process's resident-memory high-water mark in MiB (ru_maxrss is KiB on Linux)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


class Stopwatch:
    """Seconds spent per step, and the memory high-water mark after it:
    `value = clock.lap("step", step(...))` after each step."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    def lap(self, name: str, value: Any) -> Any:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.peaks[name] = peak_mib()
        self.last = now
        return value

    def total(self) -> float:
        return time.perf_counter() - self.started


def make_task_runner(runner: str, workers: int | None = None,
                     api_url: str | None = None) -> TaskRunner:
    """"local" -> one thread; "dask" -> a LocalCluster of worker processes, which report to
    the Prefect API at `api_url`; "dask=ADDR" -> an existing cluster."""
    if runner == "local":
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner

    if runner == "dask":
        kwargs: dict[str, Any] = {"threads_per_worker": 1, "processes": True,
                                  "dashboard_address": None}
        if workers:
            kwargs["n_workers"] = workers
        if api_url:
            kwargs["env"] = {"PREFECT_API_URL": api_url}
        return DaskTaskRunner(cluster_kwargs=kwargs)
    if runner.startswith("dask="):
        return DaskTaskRunner(address=runner.removeprefix("dask="))
    raise PipelineError("--runner", runner, "runner", "use local, dask or dask=ADDRESS")


@functools.lru_cache(maxsize=2)
def extraction_tools(model: str, registry_path: Path, version: str) -> tuple[Any, Any, Any]:
    """The spaCy pipeline, registry and lexicon of one extractor version (`version` hashes all
    three), loaded once per process: a build runs one task per batch of sources, and loading
    them per task cost ~0.2 s each time (measured: 10 s over 1,000 documents)."""
    from . import extract

    return (extract.load_nlp(model, registry_path), extract.load_registry(registry_path),
            extract.load_lexicon())


def extract_batch(batch: Batch, settings: Settings, version: str) -> list[tuple[str, int]]:
    """Extract every source of a batch (parsed as one spaCy stream) into the extraction cache;
    returns (source id, records) for each. Only these pairs travel back to the flow, so its
    memory does not grow with the corpus. A remote worker needs the seeds and cache folders at
    the same paths (a shared disk)."""
    from . import extract

    nlp, registry, lexicon = extraction_tools(
        settings.spacy_model, settings.seeds_dir / "actors.yaml", version)
    cache, stored = ExtractionCache(settings.cache_dir), PassageCache(settings.cache_dir)
    items = [(source, cached_passages(stored, key, source.source_id)) for source, key, _ in batch]
    done = []
    for (_, _, key), extraction in zip(
        batch, extract.extract_sources(items, nlp, registry, lexicon, version), strict=True
    ):
        cache.put(key, extraction)
        done.append((extraction.source_id, n_records(extraction)))
    return done


def warm_workers(settings: Settings, version: str) -> list[Any]:
    """On a Dask task runner: start the cluster and load the spaCy pipeline, registry and
    lexicon on every worker now, while this process reads the sources; otherwise the first
    task of each worker waits for all of that (measured: 16 s on 2 workers). Returns the
    warm-up futures, to be held until the extraction is submitted (Dask cancels a task whose
    future is dropped). Does nothing on the local runner."""
    from prefect.context import get_run_context

    client = getattr(get_run_context().task_runner, "client", None)  # DaskTaskRunner only
    if client is None:
        return []
    registry_path = settings.seeds_dir / "actors.yaml"
    return [client.submit(extraction_tools, settings.spacy_model, registry_path, version,
                          workers=[worker], pure=False)
            for worker in client.scheduler_info()["workers"]]


def batches(items: list, size: int) -> list[list]:
    """`items` cut into consecutive lists of at most `size`."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def batch_size(n_sources: int, settings: Settings) -> int:
    """Up to settings.batch_size sources per task, but at least ~8 tasks to spread over workers."""
    return max(1, min(settings.batch_size, math.ceil(n_sources / 8)))


def model_version(model: str) -> str:
    """Version of the spaCy model package, without loading it when it is installed as one."""
    import spacy

    from . import extract

    return spacy.util.get_package_version(model) or str(
        extract.load_nlp(model).meta.get("version", ""))


def measure_quality(settings: Settings, version: str) -> dict | None:
    """Figures of this extractor version from the committed quality file, which `make eval`
    writes (evaluation.quality); None when this version was never measured. The build never
    reads gold annotations."""
    from .evaluation.quality import load_quality

    return load_quality(version, settings.quality_path)


def make_context(settings: Settings, sources_: list[Source], version: str,
                 applied: list[dict]) -> BuildContext:
    from .release.context import BuildContext

    return BuildContext(
        sources=sources_,
        extractor_version=version,
        nlp_model=settings.spacy_model,
        nlp_model_version=model_version(settings.spacy_model),
        corrections=applied,
        quality=measure_quality(settings, version),
        citation_path=settings.citation_path,
    )


def n_records(extraction: Extraction) -> int:
    return sum(len(rows) for rows in extraction.tables.values())


def say(message: str, settings: Settings) -> None:
    """One progress line on standard output (Prefect's own log level is left alone)."""
    if settings.progress:
        print(message, flush=True)


def stale_warnings(unmatched: list[Correction]) -> list[str]:
    return [f"warning: correction {c.entry} matches nothing any more: {c.describe()}"
            for c in unmatched]


def summary(result: BuildResult) -> list[str]:
    """Closing lines: sources extracted and cached, corrections, rows per table, time."""
    lines = [
        f"build: {len(result.processed) + len(result.skipped)} source(s): "
        f"{len(result.processed)} extracted, {len(result.skipped)} cached; "
        f"{len(result.applied)} correction(s) applied, {len(result.warnings)} unmatched; "
        f"{result.seconds:.1f} s",
        "  time: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.stages.items()),
        "  peak memory: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in result.peaks.items()),
    ]
    if result.unchanged:
        lines.append("  sources, code, model and package unchanged since the last build here")
    lines += [f"  {name:<22}{rows:>8} rows" for name, rows in result.counts.items()]
    return lines + result.warnings


# ---- tasks -----------------------------------------------------------------------------------


@task(cache_policy=NO_CACHE)
def load_manifest_task(settings: Settings) -> list[SourceEntry]:
    sources.check_registry(settings.seeds_dir)
    return sources.load_manifest(settings.seeds_dir)


@task(cache_policy=NO_CACHE)
def ingest_task(entries: list[SourceEntry], settings: Settings) -> list[Source]:
    return [sources.ingest(e, settings.seeds_dir) for e in entries]


@task(cache_policy=NO_CACHE)
def segment_task(sources_: list[Source], settings: Settings, version: str) -> StoredPassages:
    return segment_all(sources_, settings, version)


@task(cache_policy=NO_CACHE)
def extract_task(batch: Batch, settings: Settings, version: str) -> list[tuple[str, int]]:
    return extract_batch(batch, settings, version)


@task(cache_policy=NO_CACHE)
def corrections_task(frames: dict, settings: Settings) -> tuple[dict, list[dict], list[Correction]]:
    from .tables.corrections import apply_corrections, load_corrections

    return apply_corrections(frames, load_corrections(settings.corrections_file))


@task(cache_policy=NO_CACHE)
def validate_task(frames: dict, sources_: list[Source], settings: Settings) -> dict:
    return validate_once(frames, sources_, settings)


@task(cache_policy=NO_CACHE)
def publish_task(frames: dict, settings: Settings, context: BuildContext) -> PublishResult:
    from .check.package import validate_package
    from .release import publish

    return publish.publish_release(frames, settings.out_dir, context, validate_package)


@task(cache_policy=NO_CACHE)
def inputs_task(settings: Settings) -> str:
    """The key of everything this build reads (cache.inputs_key)."""
    return build_inputs_key(settings)


# ---- flows -----------------------------------------------------------------------------------


def validate_once(frames: dict, sources_: list[Source], settings: Settings) -> dict:
    """check.tables.check_tables, skipped when these exact tables (content hash, with the same
    check/tables.py, metadata/schema.py and schemas/) passed before. Raises ValidationFailed."""
    from .check import tables

    log, key = ValidatedLog(settings.cache_dir), frames_key(frames)
    if settings.use_cache and log.seen(key):
        return frames
    tables.check_tables(frames, sources_)
    log.add(key)
    return frames


class StoredPassages(Mapping[str, list[Passage]]):
    """Each source's passages, read from the passage cache at every lookup, and the key of
    each source's extraction (made from them): the flow does not hold every passage of the
    corpus from reading to publishing."""

    def __init__(self, cache_dir: Path, keys: dict[str, str], extraction_keys: dict[str, str]):
        self.cache_dir, self.keys, self.extraction_keys = cache_dir, keys, extraction_keys

    def __getitem__(self, source_id: str) -> list[Passage]:
        return cached_passages(PassageCache(self.cache_dir), self.keys[source_id], source_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def cached_passages(cache: PassageCache, key: str, source_id: str) -> list[Passage]:
    """A source's passages, which this build wrote to the cache."""
    passages = cache.get(key)
    if passages is None:
        raise PipelineError(str(cache.path(key)), source_id, "passage cache",
                            "the passages written by this build are missing or unreadable")
    return passages


def segment_all(sources_: list[Source], settings: Settings, version: str) -> StoredPassages:
    """Passages per source id (from the cache when the source and segmenter are unchanged),
    written to the passage cache, with the extraction key they give for `version`."""
    cache, segmenter = PassageCache(settings.cache_dir), segmenter_version()
    keys, extraction_keys = {}, {}
    for source in sources_:
        key = passages_key(source, segmenter)
        passages = cache.get(key) if settings.use_cache else None
        if passages is None:
            passages = segment.split(source)
            cache.put(key, passages)
        keys[source.source_id] = key
        extraction_keys[source.source_id] = extraction_key(source, passages, version)
    return StoredPassages(settings.cache_dir, keys, extraction_keys)


def extract_all(
    sources_: list[Source], passages: StoredPassages, settings: Settings, version: str
) -> tuple[list[str], list[str], list[str]]:
    """Extract every source whose key is not in the cache yet, in batches on the task runner.
    Extractions stay on disk; returns (keys in source order, processed ids, skipped ids)."""
    cache = ExtractionCache(settings.cache_dir)
    keys = [passages.extraction_keys[s.source_id] for s in sources_]
    todo, skipped = [], []
    for source, key in zip(sources_, keys, strict=True):
        hit = cache.get(key) if settings.use_cache else None
        if hit is None:
            todo.append((source, passages.keys[source.source_id], key))
            continue
        skipped.append(source.source_id)
        say(f"[{len(skipped)}/{len(sources_)}] {source.source_id}: skipped (cached), "
            f"{n_records(hit)} records", settings)
    processed = []
    if todo:
        futures = extract_task.map(batches(todo, batch_size(len(todo), settings)),
                                   unmapped(settings), unmapped(version))
        for future in as_completed(list(futures)):
            for sid, records in future.result():
                processed.append(sid)
                say(f"[{len(skipped) + len(processed)}/{len(sources_)}] {sid}: processed, "
                    f"{records} records", settings)
    return keys, sorted(processed), skipped


def read_extractions(keys: list[str], settings: Settings) -> Iterator[Extraction]:
    """The cached extractions of `keys`, one at a time."""
    cache = ExtractionCache(settings.cache_dir)
    for key in keys:
        extraction = cache.get(key)
        if extraction is None:
            raise PipelineError(str(cache.path(key)), key, "extraction cache",
                                "the extraction written by this build is missing or unreadable")
        yield extraction


def build_inputs_key(settings: Settings) -> str:
    """cache.inputs_key of the seeds folder, this package's code, lexicons and schemas, the
    quality file, the corrections file and the spaCy model."""
    here = Path(__file__).resolve().parent
    seeds = (settings.seeds_dir, sources.read_by_build)
    return inputs_key([seeds, here, here.parent / "schemas"],
                      [settings.corrections_file, settings.quality_path], settings.spacy_model)


def unchanged_result(record: dict, settings: Settings, clock: Stopwatch) -> BuildResult:
    """The result of a build that found its inputs and package as the last build left them."""
    kept = PublishResult(record["version"], False, "none", settings.out_dir.absolute(),
                         record["counts"], None)
    return BuildResult(kept, [], record["sources"], [], [], record["warnings"], clock.total(),
                       clock.laps, clock.peaks, unchanged=True)


def full_build(settings: Settings, clock: Stopwatch) -> BuildResult:
    """Manifest -> ingest -> segment -> extract (cached) -> tables -> corrections -> validate
    -> publish."""
    import pyarrow as pa

    from . import extract
    from .tables.frames import build_frames

    # Arrow's default allocator (jemalloc or mimalloc) keeps the buffers pandas frees while the
    # tables are built: measured +40 MiB resident on 57k rows, against +6 MiB with the system's.
    pa.set_memory_pool(pa.system_memory_pool())
    version = extract.extractor_version(settings.spacy_model, settings.seeds_dir / "actors.yaml")
    warming = warm_workers(settings, version)
    # Large arguments are quoted: Prefect would otherwise walk every source, passage and row
    # looking for futures to resolve (measured: 2 s on 1,000 documents). Not the extraction
    # batches: a quoted argument reaches a Dask worker still quoted.
    sources_ = ingest_task(quote(load_manifest_task(settings)), settings)
    passages = clock.lap("read", segment_task(quote(sources_), settings, version))
    keys, processed, skipped = clock.lap(
        "extract", extract_all(sources_, passages, settings, version))
    del warming
    frames = clock.lap("tables", build_frames(
        sources_, passages, read_extractions(keys, settings)))
    frames, applied, unmatched = clock.lap("corrections",
                                           corrections_task(quote(frames), settings))
    frames = clock.lap("validate", validate_task(quote(frames), quote(sources_), settings))
    context = make_context(settings, sources_, version, applied)
    published = clock.lap("publish", publish_task(quote(frames), settings, quote(context)))
    return BuildResult(published, processed, skipped, applied, unmatched,
                       stale_warnings(unmatched), clock.total(), clock.laps, clock.peaks)


@flow(name="build", log_prints=False)
def build_flow(settings: Settings) -> BuildResult:
    """One check, then the full build unless the inputs and the package folder are exactly as
    the last build into that folder left them (then nothing is read, extracted or written)."""
    clock, log = Stopwatch(), BuildLog(settings.cache_dir)
    key = clock.lap("check", inputs_task(settings)) if settings.use_cache else None
    record = log.unchanged(settings.out_dir, key) if key else None
    if record is not None:
        result = unchanged_result(record, settings, clock)
    else:
        result = full_build(settings, clock)
        if key:
            log.add(settings.out_dir, key, {
                "version": result.version, "counts": result.counts,
                "sources": sorted(result.processed + result.skipped),
                "warnings": result.warnings})
    for line in summary(result):
        say(line, settings) if not line.startswith("warning") else print(line, flush=True)
    return result


def build(settings: Settings) -> BuildResult:
    """Run the build flow with the task runner named by settings.runner, reporting to the
    Prefect API of processes.prefect_api (dask workers are given its address: without one each
    would start a temporary server of its own)."""
    check_out_dir(settings.out_dir, settings.seeds_dir)
    clean_stale_temp_dirs()
    with prefect_api() as api_url:
        runner = make_task_runner(settings.runner, settings.dask_workers, api_url)
        return build_flow.with_options(task_runner=runner)(settings)


# ---- watching --------------------------------------------------------------------------------


def seeds_fingerprint(settings: Settings) -> str:
    """sha256 over the path and bytes of every file of the seeds folder a build reads
    (sources.read_by_build): changes when any of them does."""
    return tree_digest(settings.seeds_dir, sources.read_by_build)


def _state_file(settings: Settings) -> Any:
    import hashlib

    name = hashlib.sha256(str(settings.seeds_dir.resolve()).encode()).hexdigest()[:16]
    return settings.cache_dir / "watch" / f"{name}.fingerprint"


@task(cache_policy=NO_CACHE)
def seeds_changed_task(settings: Settings) -> str | None:
    """The new fingerprint when the seeds changed since the last build seen, else None."""
    state = _state_file(settings)
    now = seeds_fingerprint(settings)
    return None if state.is_file() and state.read_text() == now else now


def _settings(seeds_dir: str, out_dir: str, runner: str) -> Settings:
    from pathlib import Path

    return Settings.from_env(seeds_dir=Path(seeds_dir), out_dir=Path(out_dir), runner=runner)


@flow(name="build-if-seeds-changed", log_prints=False)
def build_if_changed(seeds_dir: str, out_dir: str, runner: str = "local") -> str:
    """Polled: build only when a file under the seeds folder changed since the last build."""
    settings = _settings(seeds_dir, out_dir, runner)
    fingerprint = seeds_changed_task(settings)
    if fingerprint is None:
        return "unchanged"
    result = build(settings)
    state = _state_file(settings)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(fingerprint)
    return f"built {result.version} (published={result.published})"


@flow(name="scheduled-build", log_prints=False)
def scheduled_build(seeds_dir: str, out_dir: str, runner: str = "local") -> str:
    """Build on a schedule (publishes nothing when nothing changed)."""
    result = build(_settings(seeds_dir, out_dir, runner))
    return f"built {result.version} (published={result.published})"


def serve(settings: Settings, interval: float | None, poll: float,
          serve_fn: Callable[..., None] | None = None) -> None:
    """Serve a deployment that polls the seeds every `poll` s, and one every `interval` s.
    One run at a time (`limit=1`): a poll never starts while a build is still running."""
    from prefect import serve as prefect_serve
    from prefect.deployments.runner import EntrypointType

    params = {"seeds_dir": str(settings.seeds_dir), "out_dir": str(settings.out_dir),
              "runner": settings.runner}
    deployments = [build_if_changed.to_deployment(
        name="on-seeds-change", interval=poll, parameters=params,
        entrypoint_type=EntrypointType.MODULE_PATH)]
    if interval:
        deployments.append(scheduled_build.to_deployment(
            name="every-interval", interval=interval, parameters=params,
            entrypoint_type=EntrypointType.MODULE_PATH))
    (serve_fn or prefect_serve)(*deployments, limit=1)
