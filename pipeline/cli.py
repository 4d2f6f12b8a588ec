"""`python -m pipeline build | validate | query | diff | verify | eval | serve`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .config import ROOT, Settings
from .errors import PipelineError


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
    query = sub.add_parser("query", help="run read-only SQL over a package in DuckDB")
    query.add_argument("sql")
    query.add_argument("--package", type=Path, default=ROOT / "datapackage")
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
    evaluate = sub.add_parser("eval", help="score the extractor against tests/gold")
    evaluate.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    evaluate.add_argument("--throughput", type=int, default=0, metavar="N",
                          help="also time extraction of the first seed source N times")
    return parser


def _quiet_prefect() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _check_sources(seeds_dir: Path) -> None:
    """Fail in a second, before Prefect starts, on a bad manifest or source file."""
    from . import sources

    for entry in sources.load_manifest(seeds_dir):
        sources.ingest(entry, seeds_dir)


def cmd_build(args: argparse.Namespace) -> int:
    _check_sources(args.seeds)
    _quiet_prefect()
    from .flows import build

    settings = Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                                 runner=args.runner)
    result = build(settings)
    state = f"published {result.version} ({result.bump})" if result.published else (
        f"no change: {result.version} stays the latest release")
    print(state)  # the flow's summary above gave the rows per table
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_package

    problems = validate_package(args.package, latest_only=args.latest_only)
    for problem in problems:
        print(problem)
    print(f"{args.package}: {'valid' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def cmd_query(args: argparse.Namespace) -> int:
    from .query import run_query

    columns, rows = run_query(args.sql, args.package)
    print("\t".join(columns))
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .release import diff_packages, format_diff

    print(format_diff(diff_packages(args.old, args.new)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    _quiet_prefect()
    from .flows import build
    from .release import verify

    def build_into(out_dir: Path) -> None:
        build(Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=out_dir))

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
    from .flows import serve

    serve(Settings.from_env(seeds_dir=args.seeds.resolve(), out_dir=args.out.resolve(),
                            runner=args.runner), args.interval, args.poll)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, throughput

    result = evaluate(args.gold)
    if args.throughput:
        result["throughput"] = throughput(repeats=args.throughput)
    print(format_report(result))
    return 0


COMMANDS = {
    "build": cmd_build, "validate": cmd_validate, "query": cmd_query, "diff": cmd_diff,
    "verify": cmd_verify, "eval": cmd_eval, "serve": cmd_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except PipelineError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
