"""`python -m pipeline build | validate | query | diff | verify | eval | lexicon | serve | site`."""

# Each command imports the stage it runs inside its own function, for start-up cost only: a
# `--help`, a refused argument or a `query` must not load Prefect, spaCy or pandas.

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from .config import ROOT, QueryLimits, Settings
from .errors import PipelineError
from .processes import Terminated, terminate_on_sigterm
from .query.results import FORMATS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="extract, validate and publish a package")
    build.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seeds folder")
    build.add_argument("--out", type=Path, default=ROOT / "datapackage", help="package folder")
    build.add_argument("--runner", default="local", help="local | dask | dask=ADDRESS")
    check = sub.add_parser("validate", help="validate a built package")
    check.add_argument("package", type=Path, nargs="?", default=ROOT / "datapackage")
    check.add_argument("--latest-only", action="store_true",
                       help="skip the releases kept in versions/")
    _query_parser(sub)
    diff = sub.add_parser("diff", help="records added, removed and changed between two packages")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    verify = sub.add_parser("verify", help="rebuild in a temporary folder and compare")
    verify.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    verify.add_argument("--package", type=Path, default=ROOT / "datapackage")
    serve = sub.add_parser("serve", help="build on a schedule and whenever seeds/ changes")
    serve.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seeds folder")
    serve.add_argument("--out", type=Path, default=ROOT / "datapackage", help="package folder")
    serve.add_argument("--runner", default="local", help="local | dask | dask=ADDRESS")
    serve.add_argument("--interval", type=float, default=None, help="also build every SECONDS")
    serve.add_argument("--poll", type=float, default=30.0, help="check seeds/ every SECONDS")
    evaluate = sub.add_parser("eval", help="score the extractor against the gold annotations: "
                              "held-out real texts, development real texts, fixtures")
    evaluate.add_argument("--part", choices=("heldout", "dev", "fixtures"),
                          help="score one part only (default: all three, held-out first)")
    evaluate.add_argument("--gold", type=Path, help="score this folder of *.gold.yaml instead")
    evaluate.add_argument("--details", action="store_true",
                          help="per-text counts and every error (never for the held-out part)")
    evaluate.add_argument("--save", action="store_true",
                          help="write the figures of all three parts to evaluation/quality.json")
    evaluate.add_argument("--throughput", type=int, default=0, metavar="N",
                          help="also time extraction of the first seed source N times")
    lexicon = sub.add_parser("lexicon", help="the entries of pipeline/lexicons/", description=
                             LEXICON_DOC, formatter_class=argparse.RawDescriptionHelpFormatter)
    lexicon.add_argument("--unused", action="store_true", help="list the entries that occur in "
                         "no gold text of the development part and the fixtures (see above)")
    site = sub.add_parser("site", help="write the review site of a package (static HTML)")
    site.add_argument("--package", type=Path, default=ROOT / "datapackage", metavar="DIR",
                      help="package folder holding datapackage.json (default: %(default)s)")
    site.add_argument("--out", type=Path, default=None, metavar="DIR",
                      help="site folder, replaced whole (default: DIR/site; with --seeds, "
                      "build/review-site)")
    site.add_argument("--seeds", type=Path, default=None, metavar="DIR",
                      help="a maintainers' review copy with every source's full text from this "
                      "seeds folder (never publish it)")
    return parser


LEXICON_DOC = """\
Count the entries of the lexicons, or (--unused) list those no gold text exercises.

An entry is a word or phrase a rule looks for: a cue verb form, an item of a word list, a key of
a mapping of words, a registry or gazetteer name, alias, demonym or title, a CAMEO keyword. It is
exercised when it occurs in one of the gold texts of the development part or the fixtures
(never the held-out part), ignoring case, as a whole word: not preceded or followed by a letter,
digit or underscore (an entry beginning or ending with punctuation, like 'll, needs no boundary
on that side). CAMEO keywords are word prefixes ("negotiat") and need a boundary before only,
demonym endings ("ese") suffixes that need one after only.
"""


QUERY_EPILOG = """\
examples:
  python -m pipeline query "SELECT speaker, quote FROM quotes_readable LIMIT 5"
  python -m pipeline query "SELECT status, count(*) AS n FROM demands GROUP BY status" \\
      --format csv --output demands.csv

tables: one per resource of the package (SHOW TABLES), plus the views demands_readable and
quotes_readable. The query runs on a read-only copy that can open no file: only one
SELECT-like statement (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE) is accepted.

full-text search (BM25, built when the SQL mentions match_bm25 or fts_main_):
  SELECT statement_id, text, score FROM (
    SELECT *, fts_main_statements.match_bm25(statement_id, 'security guarantees') AS score
    FROM statements) WHERE score IS NOT NULL ORDER BY score DESC LIMIT 10
  and over passages: fts_main_passages.match_bm25(passage_id, 'expansion')

output: NULL is shown as NULL in the table, an empty cell in CSV and TSV, null in JSON.
TSV writes a tab, newline, carriage return or backslash inside a value as \\t \\n \\r \\\\.
exit codes: 0 answered; 2 refused or failed: one "error: WHAT: [RULE] WHY" line on stderr,
maybe a "hint:" line, and --output left as it was; 130 stopped at Ctrl-C.
"""


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds >= 0")
    return value


def _rows(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows >= 0")
    return value


def _query_parser(sub: Any) -> None:
    query = sub.add_parser(
        "query", help="run read-only SQL over a package in DuckDB", epilog=QUERY_EPILOG,
        description="Run one read-only SQL statement over a package's tables in DuckDB.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("sql", help="one SELECT-like SQL statement")
    query.add_argument("--package", type=Path, default=ROOT / "datapackage", metavar="DIR",
                       help="package folder holding datapackage.json (default: %(default)s)")
    query.add_argument("--format", choices=FORMATS, default=None,
                       help="output format (default: table on a terminal, tsv when piped; "
                       "with --output, from the file's suffix: .csv .tsv .json .parquet, "
                       "else tsv); parquet needs --output")
    query.add_argument("--output", type=Path, default=None, metavar="FILE",
                       help="write the answer to FILE (replaced atomically; never inside the "
                       "package folder) instead of standard output (default: standard output)")
    query.add_argument("--timeout", type=_seconds, default=QueryLimits.timeout, metavar="SECONDS",
                       help="stop the query after SECONDS; 0: no limit (default: %(default)g)")
    query.add_argument("--memory-limit", default=QueryLimits.memory, metavar="SIZE",
                       help="memory DuckDB may use, e.g. 512MB or 4GB (default: %(default)s)")
    query.add_argument("--max-rows", type=_rows, default=None, metavar="N",
                       help=f"rows to write; more are cut with a note; 0: every row (default: "
                       f"{QueryLimits.PRINTED_ROWS:,} on standard output, every row with --output)")


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
    from .ingest import sources
    from .tables.corrections import load_corrections

    for entry in sources.load_manifest(seeds_dir):
        sources.ingest(entry, seeds_dir)
    sources.check_registry(seeds_dir)
    load_corrections(Settings(seeds_dir=seeds_dir).corrections_file)


def cmd_build(args: argparse.Namespace) -> int:
    from .release.outdir import check_out_dir

    check_out_dir(args.out, args.seeds)
    _check_sources(args.seeds)
    _quiet_prefect()
    from .orchestration.flows import build
    from .orchestration.summary import print_summary

    settings = Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                                 runner=args.runner)
    result = build(settings)
    print_summary(result, settings)  # rows per table, time, warnings
    state = f"published {result.version} ({result.bump})" if result.published else (
        f"no change: {result.version} stays the latest release")
    print(state)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .check.package import validate_package

    problems = validate_package(args.package, latest_only=args.latest_only)
    for problem in problems:
        print(problem)
    print(f"{args.package}: {'valid' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def cmd_query(args: argparse.Namespace) -> int:
    from .query import results
    from .query.engine import answer

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


def cmd_diff(args: argparse.Namespace) -> int:
    from .release.versions import diff_packages, format_diff

    print(format_diff(diff_packages(args.old, args.new)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    _quiet_prefect()
    from .orchestration.flows import build
    from .orchestration.summary import print_summary
    from .release.verify import verify

    def build_into(out_dir: Path, release_date: dt.date | None) -> None:
        # From scratch: the cache is neither read nor trusted, so extraction is checked too.
        settings = Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=out_dir,
                                     use_cache=False, progress=False, release_date=release_date)
        print_summary(build(settings), settings)  # its warnings only: progress is off

    print(f"verify: rebuilding {args.seeds} from scratch (no cache) in a temporary folder; "
          f"{args.package} is only read")
    differences = verify(args.seeds, args.package, build_into)
    for line in differences:
        print(line)
    print("reproducible" if not differences else f"{len(differences)} difference(s)")
    return 1 if differences else 0


def cmd_serve(args: argparse.Namespace) -> int:
    _quiet_prefect()
    if not os.environ.get("PREFECT_API_URL"):
        print("error: serve needs a running Prefect server (a temporary one cannot schedule):\n"
              "  .venv/bin/prefect server start --host 127.0.0.1 --port 4200 &\n"
              "  export PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)
        return 2
    from .orchestration.watch import serve
    from .release.outdir import check_out_dir

    check_out_dir(args.out, args.seeds)
    serve(Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                            runner=args.runner), args.interval, args.poll)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation.gold import Part, load_parts
    from .evaluation.quality import QUALITY_FILE, save_quality
    from .evaluation.report import HELDOUT_REFUSAL, format_report, format_throughput
    from .evaluation.run import Extractor, evaluate_part, quality_entry, throughput

    parts = load_parts()
    if args.gold:
        chosen = {"gold": Part("gold", str(args.gold), args.gold.resolve(), "a gold folder")}
    else:
        chosen = {args.part: parts[args.part]} if args.part else parts
    if args.details and list(chosen) == ["heldout"]:
        print(HELDOUT_REFUSAL, file=sys.stderr)
        return 2
    if args.save and list(chosen) != list(parts):
        print("error: --save needs all three parts (leave out --part and --gold)",
              file=sys.stderr)
        return 2
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
    from .evaluation.gold import load_gold, load_parts
    from .extract.entries import format_counts, format_unused, lexicon_entries, unused_entries

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
    from .site import write_site

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


EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


def _internal_error(err: Exception) -> int:
    """An error that is the pipeline's, not the user's: one line, and the traceback in a log."""
    folder = Settings.from_env().cache_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"error-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    log.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
    first = str(err).splitlines()[0] if str(err) else ""
    print(f"error: internal error: {type(err).__name__}: {first}\n"
          f"  the traceback is in {log}; please report it", file=sys.stderr)
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with terminate_on_sigterm():
            return COMMANDS[args.command](args)
    except PipelineError as err:
        print(f"error: {err}", file=sys.stderr)
        if err.hint:
            print(f"hint: {err.hint}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the published release is as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("terminated: the published release is as it was", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as err:  # noqa: BLE001 - the last resort: no traceback on the terminal
        return _internal_error(err)
