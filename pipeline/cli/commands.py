"""One function per command: `cmd_NAME(args) -> exit code`. Each imports the stage it runs
inside its own body, for start-up cost only: a `--help`, a refused argument or a `query` must
not load Prefect, spaCy or pandas."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from ..config import ROOT, QueryLimits, Settings
from ..errors import PipelineError


def _quiet_prefect() -> None:
    """Prefect says only what the user must act on: its runs' own failure reports (tracebacks
    of the error this command then states in one line) are left out."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    for logger in ("PREFECT_FLOW_RUNS", "PREFECT_TASK_RUNS"):
        os.environ.setdefault(f"PREFECT_LOGGING_LOGGERS_{logger}_LEVEL", "CRITICAL")


def _check_sources(seeds_dir: Path) -> None:
    """Fail in a second, before Prefect starts, on a bad manifest, source or corrections file."""
    from ..ingest import sources
    from ..tables.corrections import load_corrections

    if not seeds_dir.is_dir():
        raise PipelineError(str(seeds_dir), None, "seeds-missing", "no such folder",
                            hint="--seeds names a folder holding sources.yaml and the texts")
    for entry in sources.load_manifest(seeds_dir):
        sources.ingest(entry, seeds_dir)
    sources.check_registry(seeds_dir)
    load_corrections(Settings(seeds_dir=seeds_dir).corrections_file)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()  # the summary's wall time counts Prefect's start-up too
    from ..release.outdir import check_out_dir

    check_out_dir(args.out, args.seeds)
    _check_sources(args.seeds)
    _quiet_prefect()
    from ..orchestration.flows import build
    from ..orchestration.summary import outcome, print_summary

    settings = Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                                 runner=args.runner)
    result = build(settings)
    print_summary(result, settings, started)  # rows per table, corrections, time, warnings
    print(outcome(result))
    return 0


def _package(path: Path, argument: str) -> Path:
    """`path` when it is a folder holding a readable datapackage.json, else a PipelineError
    naming the folder or file and the `argument` that named it."""
    from ..query.descriptor import load_descriptor

    load_descriptor(path, argument)
    return path


def cmd_validate(args: argparse.Namespace) -> int:
    from ..check.package import validate_package

    if not (args.package / "datapackage.json").is_file():  # a broken one is a problem below
        _package(args.package, "PACKAGE")
    problems = validate_package(args.package, latest_only=args.latest_only)
    for problem in problems:
        print(problem)
    print(f"{args.package}: {'valid' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def cmd_query(args: argparse.Namespace) -> int:
    from ..query import results
    from ..query.engine import answer

    terminal = sys.stdout.isatty()
    fmt = results.choose_format(args.format, args.output, terminal)
    output = args.output and results.check_output(args.output, args.package)
    max_rows = args.max_rows if args.max_rows is not None else (
        None if output else QueryLimits.PRINTED_ROWS)
    limits = QueryLimits(timeout=args.timeout or None, memory=args.memory_limit,
                         max_rows=max_rows or None)
    try:
        with answer(args.sql, args.package, limits) as result:
            if output:
                results.write_file(result, fmt, output)
            else:
                results.write_stream(result, fmt, sys.stdout, terminal)
                sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("error: query: [interrupted] stopped at Ctrl-C", file=sys.stderr)
        return 130
    if result.cut:
        print(f"note: only the first {max_rows:,} rows were written; more were cut "
              "(raise --max-rows N, or --max-rows 0 for every row)", file=sys.stderr)
    return 0


def _release(path: Path, argument: str) -> None:
    """A PipelineError unless `path` holds a release whose tables can be read; for a version
    folder that does not exist, the hint lists the versions kept beside it."""
    from ..query.descriptor import read_tables

    versions = path.parent
    if not path.exists() and versions.name == "versions" and versions.is_dir():
        kept = sorted(p.name for p in versions.iterdir() if p.is_dir())
        raise PipelineError(str(path), None, "version-missing", "no such release", hint=(
            f"the releases kept in {versions} are {', '.join(kept)}" if kept else
            f"{versions} keeps no release"))
    read_tables(path, argument)


def cmd_diff(args: argparse.Namespace) -> int:
    from ..release.versions import diff_packages, format_diff

    for path, argument in ((args.old, "OLD"), (args.new, "NEW")):
        _release(path, argument)
    print(format_diff(diff_packages(args.old, args.new)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    _quiet_prefect()
    from ..orchestration.flows import build
    from ..orchestration.summary import print_summary
    from ..release.verify import verify

    def build_into(out_dir: Path, release_date: dt.date | None = None) -> None:
        # From scratch: the cache is neither read nor trusted, so extraction is checked too.
        settings = Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=out_dir,
                                     use_cache=False, progress=False, release_date=release_date)
        print_summary(build(settings), settings)  # its warnings only: progress is off

    _check_sources(args.seeds)
    _package(args.package, "--package")
    print(f"verify: rebuilding {args.seeds} from scratch (no cache) in a temporary folder, to "
          f"compare with the latest release in {args.package}")
    differences = verify(args.seeds, args.package, build_into)
    for line in differences:
        print(line)
    verdict = (f"{len(differences)} difference(s) between the rebuild and" if differences else
               "reproducible: the rebuild matches (every file byte for byte, the DuckDB "
               "file table for table)")
    print(f"{verdict} the release in {args.package}; {args.package} was not touched")
    return 1 if differences else 0


SERVER_HINT = """start one, then tell this shell where it is:
  .venv/bin/prefect server start --host 127.0.0.1 --port 4200 &
  export PREFECT_API_URL=http://127.0.0.1:4200/api"""


def cmd_serve(args: argparse.Namespace) -> int:
    from ..release.outdir import check_out_dir

    check_out_dir(args.out, args.seeds)
    _check_sources(args.seeds)
    _quiet_prefect()
    if not os.environ.get("PREFECT_API_URL"):
        raise PipelineError("serve", None, "prefect-server", "needs a running Prefect server "
                            "(a temporary one cannot schedule)", hint=SERVER_HINT)
    from ..orchestration.watch import serve

    serve(Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                            runner=args.runner), args.interval, args.poll)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from ..evaluation.gold import Part, load_parts
    from ..evaluation.quality import QUALITY_FILE, save_quality
    from ..evaluation.report import HELDOUT_REFUSAL, format_report, format_throughput
    from ..evaluation.run import Extractor, evaluate_part, quality_entry, throughput

    parts = load_parts()
    if args.gold and not sorted(args.gold.glob("*.gold.yaml")):
        raise PipelineError(str(args.gold), None, "gold-missing", "no *.gold.yaml file in "
                            "this folder" if args.gold.is_dir() else "no such folder",
                            hint="--gold names a folder of gold annotations, such as "
                            "tests/gold")
    if args.gold:
        chosen = {"gold": Part("gold", str(args.gold), args.gold.resolve(), "a gold folder")}
    else:
        chosen = {args.part: parts[args.part]} if args.part else parts
    if args.details and list(chosen) == ["heldout"]:
        raise PipelineError("eval", None, "held-out", HELDOUT_REFUSAL.removeprefix("details: "))
    if args.save and list(chosen) != list(parts):
        raise PipelineError("eval", None, "save", "--save needs all three parts",
                            hint="leave out --part and --gold")
    extractor = Extractor.load()
    results = {name: evaluate_part(part, extractor) for name, part in chosen.items()}
    print(format_report(results, extractor.version, details=args.details))
    if args.throughput:
        print(format_throughput(throughput(extractor, repeats=args.throughput)))
    if args.save:
        save_quality(extractor.version, quality_entry(results, extractor.model))
        print(f"figures of extractor {extractor.version} written to "
              f"{QUALITY_FILE.relative_to(ROOT)}")
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    from ..evaluation.gold import load_gold, load_parts
    from ..extract.entries import format_counts, format_unused, lexicon_entries, unused_entries

    entries = lexicon_entries()
    if not args.unused:
        print(format_counts(entries))
        return 0
    parts = load_parts()
    texts = [load_gold(path)[1].text for name in ("dev", "fixtures")
             for path in parts[name].gold_files()]
    print(format_unused(unused_entries(entries, texts), len(entries), len(texts)))
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from ..site import write_site

    default = ROOT / "build" / "review-site" if args.seeds else args.package / "site"
    result = write_site(args.package, args.out or default, args.seeds)
    kind = "review copy (full texts: never publish it)" if result.review_copy else "site"
    print(f"{kind}: {result.pages} pages, {result.bytes / 1e6:.1f} MB in {result.seconds:.1f} s "
          f"-> {result.out_dir / 'index.html'}")
    if result.out_dir.resolve().is_relative_to(args.package.resolve()):
        print(f"note: a build publishes only into a folder holding a release and nothing else; "
              f"move {result.out_dir} out before the next build", file=sys.stderr)
    return 0


COMMANDS = {
    "build": cmd_build, "validate": cmd_validate, "query": cmd_query, "diff": cmd_diff,
    "verify": cmd_verify, "eval": cmd_eval, "lexicon": cmd_lexicon, "serve": cmd_serve,
    "site": cmd_site,
}
