"""Run every benchmark with small defaults (`make bench`); each prints its own figures.

    .venv/bin/python benchmarks/run_all.py            # small: a few minutes on 2 cores
    .venv/bin/python benchmarks/run_all.py --full     # the sizes the README's figures use
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL = [
    ("throughput.py", ["--docs", "50"]),
    ("rerun.py", ["--docs", "10", "--repeat", "1", "--modes", "temporary"]),
    ("memory.py", ["--sizes", "20", "200"]),
    ("validation.py", ["--rows", "200000", "--slow-rows", "20000"]),
    ("query.py", ["datapackage"]),
    ("site.py", ["datapackage", "--repeat", "1"]),
]
FULL = [
    ("throughput.py", ["--docs", "1000", "--repeat", "2"]),
    ("throughput.py", ["--docs", "1000", "--workers", "2", "--no-extract"]),
    ("rerun.py", ["--docs", "20", "--repeat", "3", "--modes", "temporary", "server"]),
    ("memory.py", ["--sizes", "100", "1000", "10000"]),
    ("validation.py", ["--rows", "1000000", "--slow-rows", "100000"]),
    ("query.py", ["datapackage", "--docs", "1000"]),
    ("site.py", ["datapackage", "--docs", "1000"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    parser.add_argument("only", nargs="*", help="run only these scripts (e.g. rerun.py)")
    args = parser.parse_args()
    failed = []
    for script, options in FULL if args.full else SMALL:
        if args.only and script not in args.only:
            continue
        cmd = [sys.executable, str(HERE / script), *options]
        print(f"$ {' '.join(['python', f'benchmarks/{script}', *options])}", flush=True)
        if subprocess.run(cmd, cwd=HERE.parent).returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
