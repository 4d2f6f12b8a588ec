"""What the review site costs: seconds to write it, pages, and size (raw and gzip-compressed,
as a static host serves it), for a package folder; with --docs N, first for a package built from
a synthetic corpus of N documents (the build's own time is printed beside it).

    .venv/bin/python benchmarks/site.py datapackage --docs 1000 --repeat 3
    .venv/bin/python benchmarks/site.py /path/to/package          # an existing package
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.query import build_package  # noqa: E402
from pipeline.site import write_site  # noqa: E402


def measure(package: Path, repeat: int) -> None:
    csv_bytes = sum(p.stat().st_size for p in (package / "data").glob("*.csv"))
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        for _ in range(repeat):
            result = write_site(package, out)
            times.append(result.seconds)
        files = [p for p in out.rglob("*") if p.is_file()]
        gzipped = sum(len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0))
                      for p in files)
        biggest = max(files, key=lambda p: p.stat().st_size)
        print(f"{package}: {csv_bytes / 1e6:.2f} MB of CSV")
        print(f"  write_site: median {statistics.median(times):.2f} s of {repeat} "
              f"(min {min(times):.2f}, max {max(times):.2f})")
        print(f"  {result.pages:,} pages, {result.files:,} files, {result.bytes / 1e6:.1f} MB "
              f"({gzipped / 1e6:.1f} MB gzip-compressed); largest "
              f"{biggest.relative_to(out)} {biggest.stat().st_size / 1e6:.2f} MB")
        sources = sorted(out.glob("sources/*.html"))
        print(f"  source pages: {len(sources) - 1:,}, "
              f"{sum(p.stat().st_size for p in sources) / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", type=Path, nargs="*", default=[ROOT / "datapackage"])
    parser.add_argument("--docs", type=int, default=0, help="also build a package of N "
                        "synthetic documents and time its site")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for package in args.packages:
        measure(package, args.repeat)
    if args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            package = build_package(args.docs, Path(tmp))
            print(f"build of {args.docs} synthetic documents: "
                  f"{time.perf_counter() - started:.1f} s (extraction and publishing)")
            measure(package, args.repeat)


if __name__ == "__main__":
    main()
