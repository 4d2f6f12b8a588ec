"""Every command given a user's mistake, run as a user runs it (`python -m pipeline ...` in a
process of its own): no traceback, the documented exit code (2 input or usage error, 1 a check
found problems, 3 internal error), and a message that names the thing at fault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Talks in Geneva\n\nRussia said: \"Geneva talks were useful.\"\n"
MANIFEST = "sources:\n  - id: geneva-talks\n    file: talks.txt\n    published: 2022-01-10\n"


def pipeline(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def seeds(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """A seeds folder of one text and its manifest, then `files` (name: text) written over."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name, text in {"talks.txt": TEXT, "sources.yaml": MANIFEST, **(files or {})}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def expect(done: subprocess.CompletedProcess[str], code: int, *named: str) -> None:
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == code, done.stderr
    text = done.stderr if code == 2 else done.stdout + done.stderr
    if code == 2 and not text.startswith("usage:"):
        assert text.startswith("error: "), text
    for part in named:
        assert part in text, text


@pytest.mark.parametrize("args, named", [
    ([], ["the following arguments are required: COMMAND"]),
    (["frob"], ["invalid choice: 'frob'"]),
    (["lexicon", "--bogus"], ["unrecognized arguments: --bogus"]),
    (["build", "--runner", "threads"], ["--runner", "'threads'"]),
    (["query", "SELECT 1", "--timeout", "-1"], ["--timeout", "'-1'"]),
])
def test_usage_errors(args: list[str], named: list[str]) -> None:
    expect(pipeline(*args), 2, *named)


@pytest.mark.parametrize("files, named", [
    ({"sources.yaml": "sources: ["}, ["sources.yaml", "malformed YAML"]),
    ({"sources.yaml": MANIFEST.replace("talks.txt", "missing.txt")}, ["missing.txt"]),
    ({"corrections.yaml": "corrections: {"}, ["corrections.yaml", "malformed YAML"]),
    ({"corrections.yaml": "corrections: [{action: frob}]"}, ["corrections.yaml", "'frob'"]),
    ({"actors.yaml": "actors: 5"}, ["actors.yaml", "'actors' list"]),
    ({"talks.txt": "Talks\x00"}, ["talks.txt", "NUL byte"]),
])
def test_build_names_the_bad_file(tmp_path: Path, files: dict[str, str],
                                  named: list[str]) -> None:
    out = tmp_path / "out"
    expect(pipeline("build", "--seeds", seeds(tmp_path, files), "--out", out), 2, *named)
    assert not out.exists()


def test_build_names_a_missing_seeds_folder_or_manifest(tmp_path: Path) -> None:
    expect(pipeline("build", "--seeds", tmp_path / "nowhere"), 2, "nowhere", "no such folder",
           "hint: --seeds")
    expect(pipeline("build", "--seeds", tmp_path), 2, "sources.yaml")


def test_build_refuses_an_out_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    expect(pipeline("build", "--seeds", seeds(tmp_path), "--out", tmp_path / "file"), 2,
           "file", "not a folder")


def test_validate_input_errors_and_problems(package: Path, tmp_path: Path) -> None:
    expect(pipeline("validate", tmp_path / "nowhere"), 2, "nowhere", "no such folder")
    expect(pipeline("validate", tmp_path), 2, "datapackage.json", "no such file")
    expect(pipeline("validate", package / "data" / "actors.csv"), 2, "actors.csv", "not a folder")
    (package / "data" / "actors.csv").write_text("actor_id\n", encoding="utf-8")
    expect(pipeline("validate", package, "--latest-only"), 1, "actors", "problem(s)")


@pytest.mark.parametrize("sql, named", [
    ("SELECT nmae FROM actors", ["nmae", "hint:", '"name"']),
    ("SELECT * FROM actor", ["actor", 'hint: Did you mean "actors"']),
    ("SELEC * FROM actors", ["syntax error", "SELEC"]),
    ("SELECT 1; SELECT 2", ["one statement"]),
    ("SELECT * FROM read_text('/etc/hostname')", ["/etc/hostname"]),
])
def test_query_sql_errors(package: Path, sql: str, named: list[str]) -> None:
    expect(pipeline("query", sql, "--package", package), 2, *named)


def test_query_path_errors(package: Path, tmp_path: Path) -> None:
    expect(pipeline("query", "SELECT 1", "--package", tmp_path / "nowhere"), 2, "nowhere",
           "hint: --package")
    expect(pipeline("query", "SELECT 1", "--package", package, "--output",
                    tmp_path / "nowhere" / "a.csv"), 2, "nowhere")
    expect(pipeline("query", "SELECT 1", "--package", package, "--format", "parquet"), 2,
           "parquet", "--output")


def test_diff_names_a_missing_release_and_the_ones_kept(package: Path, tmp_path: Path) -> None:
    expect(pipeline("diff", package / "versions" / "9.9.9", package), 2, "9.9.9",
           "no such release", "1.0.0, 1.0.1")
    expect(pipeline("diff", package, tmp_path / "nowhere"), 2, "nowhere", "hint: NEW")
    (package / "datapackage.json").write_text("{", encoding="utf-8")
    expect(pipeline("diff", package / "versions" / "1.0.0", package), 2, "datapackage.json")


def test_verify_names_a_missing_seeds_folder_or_package(package: Path, tmp_path: Path) -> None:
    expect(pipeline("verify", "--seeds", tmp_path / "nowhere", "--package", package), 2,
           "nowhere", "hint: --seeds")
    expect(pipeline("verify", "--seeds", seeds(tmp_path), "--package", tmp_path / "none"), 2,
           "none", "hint: --package")


def test_eval_names_a_gold_folder_without_gold(tmp_path: Path) -> None:
    expect(pipeline("eval", "--gold", tmp_path / "nowhere"), 2, "nowhere", "no such folder")
    expect(pipeline("eval", "--gold", tmp_path), 2, "no *.gold.yaml")
    expect(pipeline("eval", "--part", "fixtures", "--save"), 2, "--save", "three parts")
    (tmp_path / "x.gold.yaml").write_text("source: [\n", encoding="utf-8")
    expect(pipeline("eval", "--gold", tmp_path), 2, "x.gold.yaml", "malformed YAML at line 2")


def test_serve_needs_seeds_and_a_prefect_server(tmp_path: Path) -> None:
    expect(pipeline("serve", "--seeds", tmp_path / "nowhere"), 2, "nowhere")
    expect(pipeline("serve", "--seeds", seeds(tmp_path), "--out", tmp_path / "out"), 2,
           "Prefect server", "PREFECT_API_URL")


def test_site_names_a_missing_package(tmp_path: Path) -> None:
    expect(pipeline("site", "--package", tmp_path / "nowhere", "--out", tmp_path / "site"), 2,
           "nowhere")


def test_an_internal_error_is_one_line_and_a_log(monkeypatch, capsys, tmp_path: Path) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("a bug\nsecond line")

    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(cli.COMMANDS, "lexicon", broken)
    assert cli.main(["lexicon"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: internal error: RuntimeError: a bug\n") and "second" not in err
    (log,) = (tmp_path / "logs").iterdir()
    assert str(log) in err and "Traceback" in log.read_text() and "Traceback" not in err
