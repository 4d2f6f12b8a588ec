"""The command line's arguments and its help: every command says what it does, every argument
its default, and every command ends with examples to copy."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from ..config import ROOT, QueryLimits
from ..query.results import FORMATS

SEEDS, PACKAGE = ROOT / "seeds", ROOT / "datapackage"

MAIN_EPILOG = """\
examples:
  python -m pipeline build                  # seeds/ -> datapackage/
  python -m pipeline query "SELECT count(*) FROM statements"
  python -m pipeline validate datapackage
  python -m pipeline build --help           # every command has its own help

exit codes (every command):
  0  done
  1  a check found problems (validate, verify): each one is listed
  2  an input or usage error: one "error: WHAT: WHY" line on stderr, maybe a "hint:" line
  3  an internal error: one line, and the traceback written to a log file whose path is printed
  130, 143  stopped by Ctrl-C or SIGTERM; a published release stays as it was
"""

EXAMPLES = {
    "build": """\
  python -m pipeline build
  python -m pipeline build --seeds my-seeds --out /tmp/my-package
  python -m pipeline build --runner dask    # extraction on a local Dask cluster""",
    "validate": """\
  python -m pipeline validate
  python -m pipeline validate datapackage/versions/1.0.0 --latest-only""",
    "diff": """\
  python -m pipeline diff datapackage/versions/1.0.0 datapackage""",
    "verify": """\
  python -m pipeline verify
  python -m pipeline verify --seeds seeds --package datapackage""",
    "serve": """\
  export PREFECT_API_URL=http://127.0.0.1:4200/api    # a running Prefect server
  python -m pipeline serve --interval 86400           # and whenever seeds/ changes""",
    "eval": """\
  python -m pipeline eval --part fixtures
  python -m pipeline eval --part dev --details""",
    "lexicon": """\
  python -m pipeline lexicon
  python -m pipeline lexicon --unused""",
    "site": """\
  python -m pipeline site                     # datapackage/site/index.html
  python -m pipeline site --out /tmp/site""",
}

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


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds > 0")
    return value


def _rows(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows >= 0")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count >= 0")
    return value


def _runner(text: str) -> str:
    if text not in ("local", "dask") and not (text.startswith("dask=") and text != "dask="):
        raise argparse.ArgumentTypeError(f"{text!r} is not local, dask or dask=ADDRESS")
    return text


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples keep their line breaks; argument help is wrapped."""


def _wrap(text: str) -> str:
    """A one-paragraph description wrapped to the help's width; text with line breaks as is."""
    return text if "\n" in text else textwrap.fill(text, 88)


def _command(sub: Any, name: str, summary: str, description: str | None = None,
             epilog: str | None = None) -> argparse.ArgumentParser:
    """A subcommand: `summary` in the list of commands, `description` (default: the summary)
    atop its help, `epilog` (default: its EXAMPLES) below."""
    return sub.add_parser(name, help=summary, description=_wrap(description or summary + "."),
                          epilog=epilog or f"examples:\n{EXAMPLES[name]}",
                          formatter_class=_Formatter)


def _seeds(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=SEEDS, metavar="DIR",
                        help="the folder of source texts and their sources.yaml manifest "
                        "(default: seeds/)")


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=PACKAGE, metavar="DIR",
                        help="the package folder a release is published into; it holds a "
                        "release or nothing (default: datapackage/)")


def _runner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runner", default="local", type=_runner,
                        help="where extraction runs: local (one thread), dask (a Dask cluster "
                        "on this machine) or dask=ADDRESS (an existing cluster, e.g. "
                        "dask=tcp://10.0.0.5:8786) (default: local)")


def _package(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--package", type=Path, default=PACKAGE, metavar="DIR",
                        help=f"{help} (default: datapackage/)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", epilog=MAIN_EPILOG, formatter_class=_Formatter,
        description=_wrap("Turn news texts about diplomatic talks into a data package (actors, "
        "statements, meetings, demands), check it and query it."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = _command(sub, "build", "extract, validate and publish a package", (
        "Read the sources of the seeds folder, extract records, apply corrections, validate, "
        "and publish a new release into the package folder when a record changed. A build "
        "whose inputs are as the last build left them stops after one check."))
    _seeds(build)
    _out(build)
    _runner_option(build)
    check = _command(sub, "validate", "check a built package", (
        "Check a package (its files against datapackage.json, types, keys, spans, Frictionless) "
        "and every release kept in its versions/ folder; list every problem."))
    check.add_argument("package", type=Path, nargs="?", default=PACKAGE, metavar="PACKAGE",
                       help="the package folder holding datapackage.json (default: datapackage/)")
    check.add_argument("--latest-only", action="store_true",
                       help="skip the releases kept in versions/ (default: check them too)")
    _query_parser(sub)
    diff = _command(sub, "diff", "records added, removed and changed between two releases")
    diff.add_argument("old", type=Path, metavar="OLD",
                      help="the older package folder, e.g. datapackage/versions/1.0.0")
    diff.add_argument("new", type=Path, metavar="NEW",
                      help="the newer package folder, e.g. datapackage")
    verify = _command(sub, "verify", "rebuild from scratch in a temporary folder and compare", (
        "Rebuild the seeds from scratch (no cache: extraction included) into a temporary folder "
        "and compare the result byte for byte with the package's latest release; the package "
        "folder is only read. Exit 0 when reproducible, 1 listing each difference."))
    _seeds(verify)
    _package(verify, "the package folder whose latest release is compared")
    _serve_parser(sub)
    _eval_parser(sub)
    lexicon = _command(sub, "lexicon", "count or check the entries of pipeline/lexicons/",
                       LEXICON_DOC)
    lexicon.add_argument("--unused", action="store_true", help="list the entries that occur in "
                         "no gold text of the development part and the fixtures (default: "
                         "count the entries per file)")
    site = _command(sub, "site", "write the review site of a package (static HTML)")
    _package(site, "the package folder holding datapackage.json")
    site.add_argument("--out", type=Path, default=None, metavar="DIR",
                      help="site folder, replaced whole (default: PACKAGE/site; with --seeds, "
                      "build/review-site)")
    site.add_argument("--seeds", type=Path, default=None, metavar="DIR",
                      help="a maintainers' review copy with every source's full text from this "
                      "seeds folder, never to publish (default: none, a public site)")
    return parser


def _serve_parser(sub: Any) -> None:
    serve = _command(sub, "serve", "build on a schedule and whenever the seeds change", (
        "Serve two Prefect deployments: one polls the seeds folder and builds when a file "
        "changed, one builds every --interval seconds. Needs a running Prefect server "
        "(PREFECT_API_URL). Each run prints its result: the version published, or no change."))
    _seeds(serve)
    _out(serve)
    _runner_option(serve)
    serve.add_argument("--interval", type=_positive_seconds, default=None, metavar="SECONDS",
                       help="also build every SECONDS (default: only when the seeds change)")
    serve.add_argument("--poll", type=_positive_seconds, default=30.0, metavar="SECONDS",
                       help="look for changed seeds every SECONDS (default: 30)")


def _eval_parser(sub: Any) -> None:
    evaluate = _command(sub, "eval", "score the extractor against the gold annotations", (
        "Score the extractor against hand-made gold annotations: held-out real texts, "
        "development real texts and invented fixtures."))
    evaluate.add_argument("--part", choices=("heldout", "dev", "fixtures"),
                          help="score one part only (default: all three, held-out first)")
    evaluate.add_argument("--gold", type=Path, metavar="DIR",
                          help="score this folder of *.gold.yaml instead, e.g. tests/gold "
                          "(default: the parts)")
    evaluate.add_argument("--details", action="store_true",
                          help="per-text counts and every error, never for the held-out part "
                          "(default: totals only)")
    evaluate.add_argument("--save", action="store_true",
                          help="write the figures of all three parts to evaluation/quality.json "
                          "(default: print only)")
    evaluate.add_argument("--throughput", type=_count, default=0, metavar="N",
                          help="also time extraction of the first seed source N times "
                          "(default: 0, not timed)")


def _query_parser(sub: Any) -> None:
    query = _command(sub, "query", "run read-only SQL over a package in DuckDB",
                     "Run one read-only SQL statement over a package's tables in DuckDB.",
                     QUERY_EPILOG)
    query.add_argument("sql", help="one SELECT-like SQL statement, e.g. \"SELECT * FROM actors\"")
    _package(query, "package folder holding datapackage.json")
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
