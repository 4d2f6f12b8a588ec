"""Pipeline throughput against raw spaCy `nlp.pipe` on the same texts with the same model.

Three figures, each in documents/s and words/s, on a synthetic corpus (benchmarks/corpus.py):
  spacy     `spacy.load(model)` + `nlp.pipe(texts)` over whole articles: the floor any
            extractor pays;
  extract   the pipeline's extraction without Prefect: ingest, segment, then `extract_sources`
            on batches of sources as the flow's tasks do;
  flow      the whole `build` flow (no cache): Prefect tasks, tables, corrections, validation,
            publishing (package validation included), run against a temporary Prefect server.
The ratios extract/spacy and flow/spacy are printed; the target is >= 0.7. With `--workers N`
both sides use N processes: spaCy `nlp.pipe(n_process=N)` against the flow on a Dask
LocalCluster of N workers (the extract figure stays single-process).

    .venv/bin/python benchmarks/throughput.py --docs 1000 --repeat 2
    .venv/bin/python benchmarks/throughput.py --docs 1000 --workers 2 --no-extract
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
for key, value in {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                   "PREFECT_LOGGING_LEVEL": "WARNING",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}.items():
    os.environ.setdefault(key, value)

from benchmarks.corpus import texts, write_corpus  # noqa: E402
from pipeline import extract  # noqa: E402
from pipeline.config import DEFAULT_MODEL, Settings  # noqa: E402
from pipeline.ingest import segment, sources  # noqa: E402


def time_spacy(docs: list[str], model: str, workers: int) -> float:
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(docs[:5]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(docs, n_process=workers):
        pass
    return time.perf_counter() - started


def time_extract(folder: Path, model: str) -> float:
    registry_path = folder / "actors.yaml"
    nlp = extract.load_nlp(model, registry_path)
    registry, lexicon = extract.load_registry(registry_path), extract.load_lexicon()
    entries = sources.load_manifest(folder)
    warm = sources.ingest(entries[0], folder)
    extract.extract_source(warm, segment.split(warm), nlp, registry, lexicon)
    size = Settings().batch_size
    started = time.perf_counter()
    for i in range(0, len(entries), size):
        batch = [sources.ingest(entry, folder) for entry in entries[i : i + size]]
        items = [(source, segment.split(source)) for source in batch]
        for _ in extract.extract_sources(items, nlp, registry, lexicon):
            pass
    return time.perf_counter() - started


def time_flow(folder: Path, model: str, runner: str, workers: int) -> float:
    from prefect.testing.utilities import prefect_test_harness

    from pipeline.orchestration.flows import build

    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness(server_startup_timeout=120):
        settings = Settings(seeds_dir=folder, out_dir=Path(tmp) / "out", spacy_model=model,
                            cache_dir=Path(tmp) / "cache", use_cache=False, progress=False,
                            runner=runner, dask_workers=workers if runner == "dask" else None)
        started = time.perf_counter()
        build(settings)
        return time.perf_counter() - started


def rate(n_docs: int, words: int, seconds: float) -> str:
    return f"{seconds:7.2f} s  {n_docs / seconds:7.1f} docs/s  {words / seconds:9.0f} words/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--workers", type=int, default=1,
                        help="processes on both sides (>1: the flow runs on Dask)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of spaCy, extract, flow one after the other; the median "
                             "of the rounds' ratios is printed last")
    parser.add_argument("--no-extract", action="store_true", help="skip the extract figure")
    parser.add_argument("--no-flow", action="store_true", help="skip the whole-flow figure")
    args = parser.parse_args()
    runner = "dask" if args.workers > 1 else "local"
    ratios: dict[str, list[float]] = {"extract": [], "flow": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", args.docs, args.seed)
        docs = texts(folder)
        words = sum(len(t.split()) for t in docs)
        print(f"throughput: {args.docs} synthetic documents, {words} words, model {args.model}, "
              f"{args.workers} process(es)")
        for round_ in range(1, args.repeat + 1):
            base = time_spacy(docs, args.model, args.workers)
            print(f"  round {round_}\n  spacy nlp.pipe   {rate(args.docs, words, base)}")
            if not args.no_extract:
                plain = time_extract(folder, args.model)
                ratios["extract"].append(base / plain)
                print(f"  pipeline extract {rate(args.docs, words, plain)}  "
                      f"ratio {base / plain:.2f}  (1 process)")
            if not args.no_flow:
                whole = time_flow(folder, args.model, runner, args.workers)
                ratios["flow"].append(base / whole)
                print(f"  build flow       {rate(args.docs, words, whole)}  "
                      f"ratio {base / whole:.2f}  (runner {runner})")
        for name, values in ratios.items():
            if values:
                print(f"  median ratio {name}: {statistics.median(values):.2f} over "
                      f"{len(values)} round(s) ({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
