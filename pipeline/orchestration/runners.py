"""Where extraction runs: the task runner `--runner` names (one thread, a Dask LocalCluster or
an existing cluster), sources cut into batches, the extraction of one batch as a worker runs
it, and the warm-up that loads the spaCy pipeline on every Dask worker while the build reads
the sources. Only extraction goes to the runner; every other step runs in the build process."""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from ..config import Settings
from ..errors import PipelineError
from .cache import ExtractionCache, PassageCache
from .incremental import Batch, cached_passages, n_records


def make_task_runner(runner: str, workers: int | None = None,
                     api_url: str | None = None) -> TaskRunner:
    """"local" -> one thread; "dask" -> a LocalCluster of worker processes, which report to
    the Prefect API at `api_url`; "dask=ADDR" -> an existing cluster."""
    if runner == "local":
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner  # lazy, for start-up cost: only a Dask build needs it

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
    from .. import extract  # lazy, for start-up cost (spaCy): a no-change build never extracts

    return (extract.load_nlp(model, registry_path), extract.load_registry(registry_path),
            extract.load_lexicon())


def extract_batch(batch: Batch, settings: Settings, version: str) -> list[tuple[str, int]]:
    """Extract every source of a batch (parsed as one spaCy stream) into the extraction cache;
    returns (source id, records) for each. Only these pairs travel back to the flow, so its
    memory does not grow with the corpus. A remote worker needs the seeds and cache folders at
    the same paths (a shared disk)."""
    from .. import extract  # lazy, for start-up cost (spaCy): a no-change build never extracts

    nlp, registry, lexicon = extraction_tools(
        settings.spacy_model, settings.seeds_dir / "actors.yaml", version)
    cache, stored = ExtractionCache(settings.cache_dir), PassageCache(settings.cache_dir)
    items = [(source, cached_passages(stored, key, source.source_id)) for source, key, _ in batch]
    done = []
    for (_, _, key), extraction in zip(
        batch, extract.extract_sources(items, nlp, registry, lexicon), strict=True
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
    from prefect.context import get_run_context  # lazy, for start-up cost

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
