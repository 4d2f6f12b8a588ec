"""The Prefect flow `build`: a task per step, each a call to a stage's function.

`build(settings)` runs the flow with the task runner `settings.runner` names (runners.py). Only
extraction is submitted to that runner, a task per batch of sources; every other task runs in
the flow's own process, so publishing never happens on a remote worker. A source whose
extraction is cached is not submitted, and a build whose inputs and package folder are as the
last build left them stops after one check (incremental.py).

The stages that load spaCy, pandas, pandera, Frictionless or DuckDB are imported by the tasks
that use them, not here: that check must not pay seconds of imports for work it will not do.
"""

from __future__ import annotations

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.settings import get_current_settings
from prefect.utilities.annotations import quote

from ..config import Settings
from ..ingest import sources
from ..models import Source, SourceEntry
from ..processes import clean_stale_temp_dirs, prefect_api
from ..release.context import BuildContext, PublishResult
from ..release.outdir import check_out_dir
from . import incremental, keys, provenance, runners
from .progress import source_done, status
from .summary import BuildResult, Stopwatch, stale_warnings


@task(cache_policy=NO_CACHE)
def load_manifest_task(settings: Settings) -> list[SourceEntry]:
    sources.check_registry(settings.seeds_dir)
    return sources.load_manifest(settings.seeds_dir)


@task(cache_policy=NO_CACHE)
def ingest_task(entries: list[SourceEntry], settings: Settings) -> list[Source]:
    return [sources.ingest(e, settings.seeds_dir) for e in entries]


@task(cache_policy=NO_CACHE)
def segment_task(sources_: list[Source], settings: Settings,
                 version: str) -> incremental.StoredPassages:
    return incremental.segment_all(sources_, settings, version)


@task(cache_policy=NO_CACHE)
def extract_task(batch: incremental.Batch, settings: Settings,
                 version: str) -> list[tuple[str, int]]:
    return runners.extract_batch(batch, settings, version)


@task(cache_policy=NO_CACHE)
def corrections_task(frames: dict, settings: Settings) -> tuple[dict, list[dict], list]:
    from ..tables.corrections import apply_corrections, load_corrections  # lazy: start-up cost

    return apply_corrections(frames, load_corrections(settings.corrections_file))


@task(cache_policy=NO_CACHE)
def validate_task(frames: dict, sources_: list[Source], settings: Settings) -> dict:
    return incremental.validate_once(frames, sources_, settings)


@task(cache_policy=NO_CACHE)
def publish_task(frames: dict, settings: Settings, context: BuildContext) -> PublishResult:
    from ..check.package import validate_package  # lazy: start-up cost
    from ..release.publish import publish_release  # lazy: start-up cost (DuckDB, Arrow)

    return publish_release(frames, settings.out_dir, context, validate_package)


@task(cache_policy=NO_CACHE)
def inputs_task(settings: Settings) -> str:
    """The key of everything this build reads (keys.inputs_key)."""
    return keys.build_inputs_key(settings)


def extract_all(sources_: list[Source], passages: incremental.StoredPassages, settings: Settings,
                version: str) -> tuple[list[str], list[str], list[str]]:
    """Extract every source whose key is not in the cache yet, in batches on the task runner.
    Extractions stay on disk; returns (keys in source order, processed ids, skipped ids)."""
    keys_, todo, skipped = incremental.to_extract(sources_, passages, settings)
    processed: list[str] = []
    if todo:
        futures = extract_task.map(runners.batches(todo, runners.batch_size(len(todo), settings)),
                                   unmapped(settings), unmapped(version))
        for future in as_completed(list(futures)):
            for sid, records in future.result():
                processed.append(sid)
                done = len(skipped) + len(processed)
                source_done(done, len(sources_), f"[{done}/{len(sources_)}] {sid}: processed, "
                            f"{records} records", settings)
    return keys_, sorted(processed), skipped


def full_build(settings: Settings, clock: Stopwatch) -> BuildResult:
    """Manifest -> ingest -> segment -> extract (cached) -> tables -> corrections -> validate
    -> publish."""
    import pyarrow as pa  # lazy, for start-up cost, as the stages below

    from .. import extract  # lazy, for start-up cost (spaCy)
    from ..tables.frames import build_frames  # lazy, for start-up cost (pandas)

    # Arrow's default allocator (jemalloc or mimalloc) keeps the buffers pandas frees while the
    # tables are built: measured +40 MiB resident on 57k rows, against +6 MiB with the system's.
    pa.set_memory_pool(pa.system_memory_pool())
    version = extract.extractor_version(settings.spacy_model, settings.seeds_dir / "actors.yaml")
    warming = runners.warm_workers(settings, version)
    # Large arguments are quoted: Prefect would otherwise walk every source, passage and row
    # looking for futures to resolve (measured: 2 s on 1,000 documents). Not the extraction
    # batches: a quoted argument reaches a Dask worker still quoted.
    sources_ = ingest_task(quote(load_manifest_task(settings)), settings)
    passages = clock.lap("read", segment_task(quote(sources_), settings, version))
    keys_, processed, skipped = clock.lap(
        "extract", extract_all(sources_, passages, settings, version))
    del warming
    frames = clock.lap("tables", build_frames(
        sources_, passages, incremental.read_extractions(keys_, settings)))
    frames, applied, unmatched = clock.lap("corrections",
                                           corrections_task(quote(frames), settings))
    frames = clock.lap("validate", validate_task(quote(frames), quote(sources_), settings))
    context = provenance.make_context(settings, sources_, version, applied)
    published = clock.lap("publish", publish_task(quote(frames), settings, quote(context)))
    return BuildResult(published, processed, skipped, applied, unmatched,
                       stale_warnings(unmatched), clock.total(), clock.laps, clock.peaks,
                       began=clock.started)


@flow(name="build", log_prints=False)
def build_flow(settings: Settings) -> BuildResult:
    """One check, then the full build unless the inputs and the package folder are exactly as
    the last build into that folder left them (then nothing is read, extracted or written)."""
    clock, log = Stopwatch(settings), incremental.BuildLog(settings.cache_dir)
    key = clock.lap("check", inputs_task(settings)) if settings.use_cache else None
    record = log.unchanged(settings.out_dir, key) if key else None
    if record is not None:
        return log.unchanged_result(record, settings, clock)
    result = full_build(settings, clock)
    if key:
        log.record(settings, key, result)
    return result


def build(settings: Settings) -> BuildResult:
    """Run the build flow with the task runner named by settings.runner, reporting to the
    Prefect API of processes.prefect_api (dask workers are given its address: without one each
    would start a temporary server of its own)."""
    check_out_dir(settings.out_dir, settings.seeds_dir)
    clean_stale_temp_dirs()
    running = get_current_settings().api.url
    status("starting Prefect" + ("" if running else
                                 " (a temporary server: PREFECT_API_URL names a running one)"),
           settings)
    with prefect_api() as api_url:
        runner = runners.make_task_runner(settings.runner, settings.dask_workers, api_url)
        return build_flow.with_options(task_runner=runner)(settings)
