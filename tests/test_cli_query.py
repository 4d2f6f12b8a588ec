"""`python -m pipeline query`: answers with exit code 0; every expected failure is one
`error: WHAT: WHY` line (maybe a `hint:` line) on stderr with exit code 2, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import cli
from tests.factories import do_publish

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "datapackage"
    do_publish(out)
    return out


@pytest.fixture()
def package(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "package"
    shutil.copytree(published, copy)
    return copy


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, list[str]]:
    code = cli.main(["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_a_select_answers_as_tsv_when_piped(capsys, published: Path) -> None:
    code, out, err = run(capsys, "SELECT name, wikidata_id FROM actors ORDER BY name LIMIT 2",
                         "--package", published)
    assert code == 0 and err == []
    assert out.splitlines() == ["name\twikidata_id", "Jens Stoltenberg\t", "NATO\tQ7184"]


def hostile(package: Path) -> None:
    path = package / "datapackage.json"
    desc = json.loads(path.read_text())
    desc["resources"][0]["name"] = "x\" AS SELECT 1; COPY (SELECT 1) TO 'pwned.csv'; --"
    path.write_text(json.dumps(desc))


def malformed(package: Path) -> None:
    (package / "datapackage.json").write_text("{", encoding="utf-8")


def missing(package: Path) -> None:
    (package / "datapackage.json").unlink()


@pytest.mark.parametrize(("sql", "options", "break_package", "what", "rule"), [
    ("SELEC * FROM actors", [], None, "query", "syntax"),
    ("SELECT nmae FROM actors", [], None, "query", "sql"),
    ("DROP TABLE actors", [], None, "query", "read-only"),
    ("SELECT * FROM read_text('/etc/hostname')", [], None, "query", "read-only"),
    ("SELECT 1; SELECT 2", [], None, "query", "one-statement"),
    ("SELECT count(*) FROM range(100000000000)", ["--timeout", "0.5"], None, "query",
     "timeout"),
    ("SELECT list(range) FROM range(50000000)", ["--memory-limit", "64MB"], None, "query",
     "memory-limit"),
    ("SELECT 1", ["--format", "parquet"], None, "query", "output"),
    ("SELECT 1", [], hostile, "datapackage.json", "resource-name"),
    ("SELECT 1", [], malformed, "datapackage.json", "descriptor-json"),
    ("SELECT 1", [], missing, "datapackage.json", "descriptor-missing"),
])
def test_failures_exit_2_with_one_error_line(capsys, package: Path, monkeypatch, tmp_path: Path,
                                             sql, options, break_package, what, rule) -> None:
    monkeypatch.chdir(tmp_path)
    if break_package:
        break_package(package)
    code, out, err = run(capsys, sql, "--package", package, *options)
    assert code == 2 and out == "" and 1 <= len(err) <= 2
    assert err[0].startswith("error: ") and f"{what}: " in err[0] and f"[{rule}]" in err[0]
    assert len(err) == 1 or err[1].startswith("hint: ")
    assert not (tmp_path / "pwned.csv").exists()


def test_a_missing_package_folder(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "SELECT 1", "--package", tmp_path / "nonexistent")
    assert code == 2
    assert err == [f"error: {tmp_path / 'nonexistent'}: [package-missing] no such folder",
                   "hint: --package names the folder that holds datapackage.json"]


def test_a_syntax_error_is_reported_as_such(capsys, published: Path) -> None:
    _, _, err = run(capsys, "SELEC * FROM actors", "--package", published)
    assert err == ['error: query: [syntax] Parser Error: syntax error at or near "SELEC"']


def test_duckdbs_hint_is_kept(capsys, published: Path) -> None:
    _, _, err = run(capsys, "SELECT * FROM actor", "--package", published)
    assert err == ["error: query: [sql] Catalog Error: Table with name actor does not exist!",
                   'hint: Did you mean "actors"?']


def test_rows_beyond_the_limit_are_cut_with_a_note(capsys, published: Path) -> None:
    code, out, err = run(capsys, "SELECT * FROM range(30000000)", "--package", published)
    assert code == 0 and len(out.splitlines()) == 10_001
    assert err == ["note: only the first 10,000 rows were written; more were cut (raise "
                   "--max-rows N, or --max-rows 0 for every row)"]
    code, out, err = run(capsys, "SELECT * FROM range(20)", "--package", published,
                         "--max-rows", "5")
    assert len(out.splitlines()) == 6 and err[0].startswith("note: only the first 5 rows")


def test_output_files(capsys, published: Path, tmp_path: Path) -> None:
    sql = "SELECT actor_id, wikidata_id FROM actors ORDER BY actor_id"
    code, out, err = run(capsys, sql, "--package", published, "--output", tmp_path / "a.csv")
    assert code == 0 and out == "" and err == []
    assert (tmp_path / "a.csv").read_text().splitlines()[0] == "actor_id,wikidata_id"
    code, *_ = run(capsys, sql, "--package", published, "--output", tmp_path / "a.parquet")
    assert code == 0 and pq.read_table(tmp_path / "a.parquet").num_rows == 3


def test_no_file_is_written_inside_the_package(capsys, package: Path) -> None:
    target = package / "data" / "actors.csv"
    before = target.read_bytes()
    code, _, err = run(capsys, "SELECT 1", "--package", package, "--output", target)
    assert code == 2 and "[output]" in err[0] and target.read_bytes() == before


def test_help_gives_every_default_and_two_examples(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["query", "--help"])
    text = capsys.readouterr().out
    options = text.split("\noptions:\n", 1)[1].split("\n\n")[0]
    for option in ["--package", "--format", "--output", "--timeout", "--memory-limit",
                   "--max-rows"]:
        block = options.split(f"\n  {option}", 1)[1].split("\n  -")[0]
        assert "default" in block, option
    examples = text.split("examples:", 1)[1].split("\n\n")[0]
    assert examples.count("python -m pipeline query") == 2
    assert "fts_main_statements.match_bm25(statement_id" in text


def test_ctrl_c_stops_a_running_query(published: Path, tmp_path: Path) -> None:
    """SIGINT reaches Python only between bytecodes; the query is interrupted at once all the
    same, with one line and exit code 130."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "query", "SELECT count(*) FROM range(100000000000)",
         "--package", str(published)], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    started = time.monotonic()
    while not list(tmp_path.glob("pipeline-*-query-*")) and time.monotonic() - started < 60:
        time.sleep(0.05)  # until the query's private database exists
    time.sleep(1)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and time.monotonic() - sent < 30, err
    assert err.splitlines() == ["error: query: [interrupted] stopped at Ctrl-C"]
