"""What a `python -m pipeline query` costs before and while it answers.

Each query loads the package's CSVs into a private read-only database (engine.connect); a
query that mentions match_bm25 also builds the full-text indexes. Timed in one process, median
of --repeat runs each: the connection alone, a plain count, a count with the indexes built,
and a BM25 search; then the whole command as a fresh process (Python start-up included).
With --docs N a package is first built from a synthetic corpus of N documents.

    .venv/bin/python benchmarks/query.py datapackage --docs 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402
from pipeline.query import engine  # noqa: E402

SEARCH = ("SELECT count(*) FROM (SELECT fts_main_statements.match_bm25(statement_id, "
          "'security talks') AS score FROM statements) WHERE score IS NOT NULL")
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
         "DO_NOT_TRACK": "1"}


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def connect_only(package: Path, fts: bool) -> None:
    with engine.connect(package, fts=fts):
        pass


def command(package: Path) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", "query", "SELECT count(*) FROM statements",
                    "--package", str(package)], cwd=ROOT, check=True, capture_output=True)


def measure(package: Path, repeat: int) -> None:
    csv_bytes = sum(p.stat().st_size for p in (package / "data").glob("*.csv"))
    statements = engine.run_query("SELECT count(*) FROM statements", package)[1][0][0]
    print(f"{package}: {csv_bytes / 1e6:.1f} MB of CSV, {statements:,} statements")
    rows = [
        ("connect (tables and views)", lambda: connect_only(package, False)),
        ("connect with FTS indexes", lambda: connect_only(package, True)),
        ("SELECT count(*) FROM statements",
         lambda: engine.run_query("SELECT count(*) FROM statements", package)),
        ("BM25 search over statements", lambda: engine.run_query(SEARCH, package)),
        ("the command, fresh process", lambda: command(package)),
    ]
    for label, fn in rows:
        print(f"  {label:<34} {median_seconds(fn, repeat):7.3f} s")


def build_package(docs: int, base: Path) -> Path:
    seeds, out = base / "seeds", base / "package"
    write_corpus(seeds, docs, seed=7)
    env = {**os.environ, **QUIET, "PIPELINE_CACHE_DIR": str(base / "cache")}
    subprocess.run([sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds), "--out",
                    str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", type=Path, nargs="*", default=[ROOT / "datapackage"])
    parser.add_argument("--docs", type=int, default=0, help="also build and time a package "
                        "of N synthetic documents")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for package in args.packages:
        measure(package, args.repeat)
    if args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            measure(build_package(args.docs, Path(tmp)), args.repeat)


if __name__ == "__main__":
    main()
