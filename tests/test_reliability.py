"""CLI-level reliability: bad sources and manifests, faults while publishing, tampered packages
and read-only queries, each through `python -m pipeline ...` in a subprocess.

One good package is built per session and copied per test. Every build talks to one Prefect
server started for the session (a temporary server per build costs ~20 s); when it cannot
start, each build falls back to its own temporary server. The table of these cases for the
documentation is docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import PipelineError
from pipeline.ingest.sources import MAX_SOURCE_BYTES

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "nato-rejects-russia-security-demands"
SEED_FILE = "000_adcf2859e38c2429.txt"
BUILD_TIMEOUT = 600

pytestmark = pytest.mark.slow


# ---- running the CLI ------------------------------------------------------------------------


def pipeline_cmd(*args: object) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, args)]


def run_cli(env: dict[str, str], *args: object, timeout: float = BUILD_TIMEOUT):
    return subprocess.run(pipeline_cmd(*args), cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def start_build(env: dict[str, str], seeds: Path, out: Path) -> subprocess.Popen:
    """A build in its own process group, so a kill reaches every process it started."""
    return subprocess.Popen(pipeline_cmd("build", "--seeds", seeds, "--out", out), cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def error_line(stderr: str) -> str:
    """The CLI's own one-line message (Prefect logs tracebacks above it)."""
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert lines, f"no 'error:' line in stderr:\n{stderr[-3000:]}"
    return lines[-1]


# ---- releases on disk -----------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (hidden ones too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """Temporary or old copies of `out` left beside it by an interrupted publish."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith((f".{out.name}.tmp-", f".{out.name}.old-")))


def copy_seeds(target: Path) -> Path:
    """A copy of the seeds whose text may be published (its licence is unknown, so the real
    manifest withholds it): these builds check spans against the published text."""
    shutil.copytree(ROOT / "seeds", target)
    text = (target / "sources.yaml").read_text(encoding="utf-8")
    assert "    license: null\n" in text
    (target / "sources.yaml").write_text(text.replace(
        "    license: null\n", "    license: null\n    redistribute_text: true\n"),
        encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def good(cli_env, tmp_path_factory) -> tuple[Path, Path]:
    """(seeds, release): the seed folder and the package built from it, once per session."""
    base = tmp_path_factory.mktemp("good")
    seeds, out = copy_seeds(base / "seeds"), base / "release"
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", out)
    if result.returncode != 0:
        pytest.fail(f"the good build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    assert (out / "datapackage.json").is_file()
    return seeds, out


@pytest.fixture()
def release(good, tmp_path: Path) -> Path:
    """A private copy of the good release."""
    copy = tmp_path / "release"
    shutil.copytree(good[1], copy)
    return copy


@pytest.fixture()
def seeds(tmp_path: Path) -> Path:
    return copy_seeds(tmp_path / "seeds")


# ---- 1. bad sources and manifests -----------------------------------------------------------


def manifest(seeds: Path) -> Path:
    return seeds / "sources.yaml"


def append_entry(seeds: Path, entry_id: str, file: str) -> None:
    with manifest(seeds).open("a", encoding="utf-8") as fh:
        fh.write(f"  - id: {entry_id}\n    file: {file}\n    language: en\n"
                 "    license: CC0-1.0\n")


def replace_in_manifest(seeds: Path, old: str, new: str) -> None:
    text = manifest(seeds).read_text(encoding="utf-8")
    assert old in text
    manifest(seeds).write_text(text.replace(old, new), encoding="utf-8")


def _symlink_outside(seeds: Path) -> None:
    outside = seeds.parent / "outside.txt"
    outside.write_text("A file outside the seeds folder.", encoding="utf-8")
    (seeds / "linked.txt").symlink_to(outside)
    append_entry(seeds, "linked", "linked.txt")


def _twenty_megabytes(seeds: Path) -> None:
    with (seeds / SEED_FILE).open("a", encoding="utf-8") as fh:
        fh.write("More talks were held. " * (20_000_000 // 22))


# case -> (how to break the seeds folder, file named, entry named, rule)
BAD_INPUTS: dict[str, tuple[Callable[[Path], None], str, str | None, str]] = {
    "empty-file": (lambda s: (s / SEED_FILE).write_bytes(b""), SEED_FILE, SEED_ID,
                   "empty-file"),
    "binary-file": (lambda s: (s / SEED_FILE).write_bytes(bytes(range(256)) * 4), SEED_FILE,
                    SEED_ID, "binary-file"),
    "invalid-utf8": (lambda s: (s / SEED_FILE).write_bytes(
        "Talks in Genève.".encode("latin-1")), SEED_FILE, SEED_ID, "invalid-utf8"),
    "twenty-megabytes": (_twenty_megabytes, SEED_FILE, SEED_ID, "too-large"),
    "missing-manifest": (lambda s: manifest(s).unlink(), "sources.yaml", None,
                         "manifest-missing"),
    "malformed-yaml": (lambda s: manifest(s).write_text("sources:\n  - id: [x\n",
                                                        encoding="utf-8"),
                       "sources.yaml", None, "manifest-yaml"),
    "missing-required-field": (lambda s: replace_in_manifest(s, f"    file: {SEED_FILE}\n", ""),
                               "sources.yaml", SEED_ID, "required-field"),
    "duplicate-id": (lambda s: (shutil.copy(s / SEED_FILE, s / "copy.txt"),
                                append_entry(s, SEED_ID, "copy.txt")),
                     "sources.yaml", "entry 2", "duplicate-id"),
    "listed-file-missing": (lambda s: (s / SEED_FILE).rename(s / "renamed.md"),
                            "sources.yaml", SEED_ID, "file-missing"),
    "path-dotdot": (lambda s: replace_in_manifest(s, f"file: {SEED_FILE}",
                                                  f"file: ../seeds/{SEED_FILE}"),
                    "sources.yaml", SEED_ID, "path-escape"),
    "path-absolute": (lambda s: replace_in_manifest(s, f"file: {SEED_FILE}",
                                                    f"file: {s / SEED_FILE}"),
                      "sources.yaml", SEED_ID, "path-escape"),
    "path-symlink": (_symlink_outside, "sources.yaml", "linked", "path-escape"),
    "unknown-key": (lambda s: replace_in_manifest(s, "    language: en\n",
                                                  "    language: en\n    langauge: fr\n"),
                    "sources.yaml", SEED_ID, "unknown-key"),
    "unlisted-text-file": (lambda s: (s / "stray.txt").write_text("Nobody lists me.",
                                                                  encoding="utf-8"),
                           "sources.yaml", "stray.txt", "unlisted-file"),
    "hidden-path": (lambda s: (shutil.copytree(s, s.parent / "drafts"),
                               shutil.move(s.parent / "drafts", s / ".drafts"),
                               replace_in_manifest(s, f"file: {SEED_FILE}",
                                                   f"file: .drafts/{SEED_FILE}")),
                    "sources.yaml", SEED_ID, "hidden-path"),
    "one-file-two-ids": (lambda s: append_entry(s, "again", SEED_FILE), "sources.yaml",
                         "entry 2", "duplicate-file"),
    "manifest-as-source": (lambda s: append_entry(s, "itself", "sources.yaml"), "sources.yaml",
                           "itself", "not-text"),
    "ten-megabyte-field": (lambda s: replace_in_manifest(
        s, "    language: en\n", "    language: en\n    title: " + "x" * 10_000_000 + "\n"),
                           "sources.yaml", SEED_ID, "field-too-long"),
    "yaml-alias-bomb": (lambda s: (s / "corrections.yaml").write_text(
        "x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ncorrections: [*c, *c, *c, *c, *c, *c]\n",
        encoding="utf-8"), "corrections.yaml", None, "corrections-alias"),
    "registry-bomb": (lambda s: (s / "actors.yaml").write_text(
        "x: &a [1, 1, 1]\nactors: [*a, *a, *a]\n", encoding="utf-8"), "actors.yaml", None,
                      "registry-alias"),
    "correction-quoted-boolean": (lambda s: (s / "corrections.yaml").write_text(
        "corrections:\n  - {action: fix, table: sources, id: " + SEED_ID + ", "
        "set: {redistribute_text: 'false'}, reason: licence unknown}\n", encoding="utf-8"),
                                  "corrections.yaml", "entry 1", "field-type"),
    "correction-not-a-number": (lambda s: (s / "corrections.yaml").write_text(
        "corrections:\n  - {action: fix, table: statements, id: st_000000000000, "
        "set: {char_start: abc}, reason: off by one}\n", encoding="utf-8"),
                                "corrections.yaml", "entry 1", "field-type"),
    "correction-add-incomplete": (lambda s: (s / "corrections.yaml").write_text(
        "corrections:\n  - {action: add, table: meetings, record: {meeting_id: mt_000000000000},"
        " reason: missed}\n", encoding="utf-8"), "corrections.yaml", "entry 1",
                                  "field-required"),
    "correction-computed-field": (lambda s: (s / "corrections.yaml").write_text(
        "corrections:\n  - {action: fix, table: sources, id: " + SEED_ID + ", "
        "set: {n_chars: 5}, reason: shorter}\n", encoding="utf-8"),
                                  "corrections.yaml", "entry 1", "computed-field"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_fails_and_keeps_the_release(case: str, cli_env, release: Path,
                                               seeds: Path) -> None:
    breaks, file, entry, rule = BAD_INPUTS[case]
    breaks(seeds)
    before = snapshot(release)
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", release)
    assert result.returncode != 0
    message = error_line(result.stderr)
    assert file in message and f"[{rule}]" in message, message
    assert entry is None or entry in message, message
    assert snapshot(release) == before
    assert leftovers(release) == []
    if case == "twenty-megabytes":
        assert f"the limit is {MAX_SOURCE_BYTES} bytes" in message
    assert "Traceback" not in result.stderr


# ---- where a release may go ------------------------------------------------------------------


@pytest.mark.parametrize("where", ["user-files", "seeds", "inside-seeds", "holding-seeds"])
def test_out_never_replaces_what_is_not_a_release(where: str, cli_env, seeds: Path,
                                                  tmp_path: Path) -> None:
    """Publishing swaps the whole package folder: a folder of someone's files, or the seeds
    folder itself, is refused with a message naming it, and every file stays."""
    out = {"user-files": tmp_path / "thesis", "seeds": seeds,
           "inside-seeds": seeds / "out", "holding-seeds": tmp_path}[where]
    if where == "user-files":
        out.mkdir()
        (out / "chapter1.docx").write_bytes(b"two years of work")
    before = snapshot(tmp_path)
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", out)
    assert result.returncode == 2, result.stderr[-3000:]
    message = error_line(result.stderr)
    assert str(out) in message and "[out-dir]" in message, message
    assert snapshot(tmp_path) == before


def test_a_one_megabyte_paragraph_builds(cli_env, tmp_path: Path) -> None:
    """spaCy refuses texts over 10^6 characters and DuckDB CSV lines over 2 MB: a source of
    one 1.1 MB paragraph is cut into passages both take (segment.MAX_PASSAGE_CHARS), and a
    package without a single actor is still a package."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "big.txt").write_text("Big\n\n" + "Incomprehensibilities notwithstanding. "
                                   * 28_300, encoding="utf-8")
    (seeds / "sources.yaml").write_text("sources:\n  - {id: big, file: big.txt, license: "
                                        "CC0-1.0}\n",
                                        encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", out)
    assert result.returncode == 0, result.stderr[-3000:]
    passages = pd.read_csv(out / "data" / "passages.csv")
    assert len(passages) > 20 and passages["text"].str.len().max() <= 50_000
    assert run_cli(cli_env, "validate", out).returncode == 0


# ---- accepted oddities: BOM, CRLF, Unicode spaces, unbalanced quotes ------------------------

ODD_SOURCES = {
    "with-bom": "\ufeffNATO and Russia resume talks\n\nThe talks in Geneva lasted four hours. "
                "Sergey Lavrov said: \u201cWe want guarantees.\u201d\n",
    "with-crlf": "Talks\u00a0in\u2009Brussels\r\n\r\nJens Stoltenberg said\u202fon Monday that "
                 "NATO would\u3000not change its policy.\r\n\r\nRussia demanded that NATO "
                 "withdraw its troops.\r\n",
    "with-unbalanced-quotes": "Putin warns NATO\n\nVladimir Putin said: \"NATO must stop its "
                              "expansion.\n\nStoltenberg replied \u201cthe door stays open. "
                              "\u00abNo\u00bb \u00bb talks.\n",
}


@pytest.fixture(scope="session")
def odd_build(cli_env, good, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """The seeds plus one source per oddity, built over a copy of the good release."""
    base = tmp_path_factory.mktemp("odd")
    seeds, out = copy_seeds(base / "seeds"), base / "release"
    shutil.copytree(good[1], out)
    for name, text in ODD_SOURCES.items():
        (seeds / f"{name}.txt").write_bytes(text.encode("utf-8"))
        append_entry(seeds, name, f"{name}.txt")
    return run_cli(cli_env, "build", "--seeds", seeds, "--out", out), seeds, out


def published_rows(out: Path, table: str, source_id: str) -> pd.DataFrame:
    frame = pd.read_csv(out / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    return frame[frame["source_id"] == source_id]


def assert_spans_true_to_file(out: Path, seeds: Path, source_id: str) -> str:
    text = (seeds / f"{source_id}.txt").read_bytes().decode("utf-8")
    for table in ("passages", "statements"):
        for row in published_rows(out, table, source_id).itertuples():
            assert row.text == text[int(row.char_start) : int(row.char_end)], (table, row)
    return text


def test_odd_sources_build_and_publish(odd_build) -> None:
    result, _, out = odd_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert "published" in result.stdout
    ids = set(pd.read_csv(out / "data" / "sources.csv", dtype=str)["source_id"])
    assert set(ODD_SOURCES) | {SEED_ID} == ids


def test_bom_is_accepted_and_counts_as_one_code_point(odd_build) -> None:
    result, seeds, out = odd_build
    assert result.returncode == 0, result.stderr[-3000:]
    text = assert_spans_true_to_file(out, seeds, "with-bom")
    title = published_rows(out, "passages", "with-bom").query("kind == 'title'").iloc[0]
    assert (int(title.char_start), title.text) == (1, "NATO and Russia resume talks")
    assert text[0] == "\ufeff"
    source = published_rows(out, "sources", "with-bom").iloc[0]
    assert source.bom == "true"


def test_crlf_and_unicode_spaces_keep_true_offsets(odd_build) -> None:
    result, seeds, out = odd_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert_spans_true_to_file(out, seeds, "with-crlf")
    passages = published_rows(out, "passages", "with-crlf")
    texts = list(passages.sort_values("seq", key=lambda s: s.astype(int))["text"])
    assert texts[0] == "Talks\u00a0in\u2009Brussels"
    assert not any("\r" in t for t in texts)


def test_unbalanced_quotes_do_not_stop_extraction(odd_build) -> None:
    result, seeds, out = odd_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert_spans_true_to_file(out, seeds, "with-unbalanced-quotes")
    assert len(published_rows(out, "passages", "with-unbalanced-quotes")) == 3


# ---- 2. faults while publishing -------------------------------------------------------------


def wait_until(condition: Callable[[], bool], proc: subprocess.Popen, what: str,
               timeout: float = BUILD_TIMEOUT, step: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the build ended ({proc.returncode}) before {what}:\n{err[-3000:]}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(step)


def add_source(seeds: Path) -> None:
    """A new source, so that the next build publishes a new version."""
    (seeds / "extra.txt").write_text(ODD_SOURCES["with-crlf"], encoding="utf-8")
    append_entry(seeds, "extra", "extra.txt")


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def hold_lock(out: Path) -> Iterator[None]:
    fd = os.open(lock_path(out), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def has_open(pid: int, path: Path) -> bool:
    """Whether process `pid` holds a descriptor on `path` (it has reached the lock)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        with contextlib.suppress(OSError):
            if os.readlink(fd) == str(path):
                return True
    return False


def test_kill_during_publish_keeps_release_and_next_run_recovers(cli_env, release: Path,
                                                                  seeds: Path) -> None:
    add_source(seeds)
    before = snapshot(release)
    proc = start_build(cli_env, seeds, release)
    wait_until(lambda: bool(leftovers(release)), proc, "publishing started")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(release) == before
    assert leftovers(release), "the kill left no half-written folder: it came too late"

    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", release)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "published 1.1.0" in result.stdout
    assert leftovers(release) == []
    assert run_cli(cli_env, "validate", release).returncode == 0


def test_second_build_waits_for_the_lock(cli_env, release: Path, seeds: Path) -> None:
    add_source(seeds)
    before = snapshot(release)
    with hold_lock(release):
        proc = start_build(cli_env, seeds, release)
        wait_until(lambda: has_open(proc.pid, lock_path(release)), proc, "it reached the lock",
                   step=0.1)
        time.sleep(2)
        assert proc.poll() is None, "the build did not wait for the lock"
        assert snapshot(release) == before and leftovers(release) == []
    out, err = proc.communicate(timeout=BUILD_TIMEOUT)
    assert proc.returncode == 0, err[-3000:]
    assert "published 1.1.0" in out


def test_two_builds_at_once_are_serialised(cli_env, release: Path, seeds: Path) -> None:
    add_source(seeds)
    procs = [start_build(cli_env, seeds, release) for _ in range(2)]
    outputs = [p.communicate(timeout=BUILD_TIMEOUT) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outputs]
    published = [out for out, _ in outputs if "published 1.1.0" in out]
    unchanged = [out for out, _ in outputs if "no change: 1.1.0 stays the latest" in out]
    assert len(published) == len(unchanged) == 1, [out for out, _ in outputs]
    assert sorted(p.name for p in (release / "versions").iterdir()) == ["1.0.0", "1.1.0"]
    assert leftovers(release) == []
    assert run_cli(cli_env, "validate", release).returncode == 0


# ---- clean exits: no orphaned server, no stale temporary folders, one line ------------------


def own_server_env(cli_env: dict[str, str], tmp: Path) -> dict[str, str]:
    """The CLI environment without the session's server: the build starts its own (in its own
    session, so a kill of the build's process group does not reach it), with a private TMPDIR."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in cli_env.items() if k != "PREFECT_API_URL"}
    return {**env, "TMPDIR": str(tmp), "PREFECT_HOME": str(tmp / "prefect-home")}


def servers_of(pid: int) -> list[int]:
    """Child processes of `pid` that run a Prefect (uvicorn) server."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
            if int(fields[1]) == pid and b"uvicorn" in cmdline:
                found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def slow_source(seeds: Path) -> None:
    """A source that takes the extractor some seconds: time to interrupt the build."""
    text = "Talks resumed in Geneva.\n\n" + ("The envoy said the talks were useful. " * 12_000)
    (seeds / "slow.txt").write_text(text, encoding="utf-8")
    append_entry(seeds, "slow", "slow.txt")


@pytest.mark.parametrize("signum, code, said", [
    (signal.SIGKILL, -signal.SIGKILL, None),
    (signal.SIGTERM, 143, "terminated: the published release is as it was"),
    (signal.SIGINT, 130, "interrupted: the published release is as it was"),
], ids=["kill-9", "sigterm", "ctrl-c"])
def test_an_ended_build_leaves_no_server_and_says_one_line(cli_env, release: Path, seeds: Path,
                                                           tmp_path: Path, signum: int,
                                                           code: int, said: str | None) -> None:
    """kill -9, SIGTERM and Ctrl-C (SIGINT to the build's process group, as a terminal sends
    it) during a build: the Prefect server it started goes too, the release is untouched and,
    but for kill -9, the build says one line, never a traceback."""
    slow_source(seeds)
    before = snapshot(release)
    proc = start_build(own_server_env(cli_env, tmp_path / "tmp"), seeds, release)
    wait_until(lambda: bool(servers_of(proc.pid)), proc, "its Prefect server started")
    (server,) = servers_of(proc.pid)
    time.sleep(3)  # the flow is under way
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err[-3000:]
    deadline = time.monotonic() + 20
    while running(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(server), "the build's Prefect server outlived it"
    assert snapshot(release) == before
    if said is not None:
        assert "Traceback" not in err and err.strip().splitlines() == [said], err[-3000:]


def test_a_build_removes_temporary_folders_of_dead_builds(cli_env, release: Path,
                                                          tmp_path: Path) -> None:
    """A build killed with kill -9 cannot remove its temporary folders; the next one does
    (those of processes that no longer run: pid 4194303 is above Linux's pid_max default)."""
    tmp = tmp_path / "tmp"
    stale = tmp / "pipeline-4194303-tables-abcd1234"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "0.pkl").write_bytes(b"x" * 1000)
    env = {**cli_env, "TMPDIR": str(tmp)}
    result = run_cli(env, "build", "--seeds", ROOT / "seeds", "--out", release)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not stale.exists()
    assert not list(tmp.glob("pipeline-*"))


def test_an_edited_cache_entry_is_extracted_again_not_published(cli_env, seeds: Path,
                                                                tmp_path: Path) -> None:
    """Cached extractions carry a digest: an entry edited by hand is a miss (said once on
    stderr) and the source is extracted again, so the edit never reaches a release."""
    env = {**cli_env, "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "out"
    assert run_cli(env, "build", "--seeds", seeds, "--out", out).returncode == 0
    (entry,) = [p for p in (tmp_path / "cache" / "extractions").rglob("*.json")
                if "Grushko" in p.read_text(encoding="utf-8")]
    entry.write_text(entry.read_text(encoding="utf-8").replace("Grushko", "Poisoned"),
                     encoding="utf-8")
    add_source(seeds)  # a new source: the build runs in full and reads the cache
    result = run_cli(env, "build", "--seeds", seeds, "--out", out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"cache entry {entry} is unreadable" in result.stderr
    assert not any("Poisoned" in p.read_text(encoding="utf-8")
                   for p in (out / "data").glob("*.csv"))
    assert entry.is_file() and "Poisoned" not in entry.read_text(encoding="utf-8")


def test_write_failure_fails_cleanly(cli_env, release: Path, seeds: Path) -> None:
    """A full disk, simulated by a 1 kB file-size limit set on the build once it waits for the
    lock (so only publishing is affected): the write fails with EFBIG."""
    add_source(seeds)
    before = snapshot(release)
    with hold_lock(release):
        proc = start_build(cli_env, seeds, release)
        wait_until(lambda: has_open(proc.pid, lock_path(release)), proc, "it reached the lock",
                   step=0.1)
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (1024, 1024))
    _, err = proc.communicate(timeout=BUILD_TIMEOUT)
    assert proc.returncode == 2
    message = error_line(err)
    assert "[write]" in message and "File too large" in message, message
    assert "Traceback" not in err and err.strip().splitlines() == [message]  # no Prefect report
    assert snapshot(release) == before
    assert leftovers(release) == []


def test_write_failure_in_the_duckdb_file_fails_cleanly(cli_env, good, tmp_path: Path) -> None:
    """The same with a 1 MB limit on a first release: the CSV and Parquet files fit, the
    .duckdb file (several MB) does not. DuckDB reports it as duckdb.IOException, which is not
    an OSError."""
    out = tmp_path / "first-release"
    with hold_lock(out):
        proc = start_build(cli_env, good[0], out)
        wait_until(lambda: has_open(proc.pid, lock_path(out)), proc, "it reached the lock",
                   step=0.1)
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
    _, err = proc.communicate(timeout=BUILD_TIMEOUT)
    assert proc.returncode != 0
    message = error_line(err)
    assert "[write]" in message and "File too large" in message, message
    assert not out.exists() and leftovers(out) == []


def test_lock_timeout_fails_clearly(tmp_path: Path) -> None:
    """A build that cannot get the lock in time gives up with a [lock] error."""
    from pipeline.errors import PublishError
    from pipeline.release import outdir

    out = tmp_path / "release"
    with hold_lock(out), pytest.raises(PublishError) as info:
        with outdir.publish_lock(out, timeout=0.3):
            pytest.fail("got a lock that another process holds")
    assert info.value.rule == "lock" and "another build holds the lock" in str(info.value)


def test_recover_restores_an_interrupted_swap(release: Path) -> None:
    """A kill between the two renames of the swap leaves only `.release.old-PID`."""
    from pipeline.release import outdir

    before = snapshot(release)
    release.rename(release.parent / f".{release.name}.old-12345")
    (release.parent / f".{release.name}.tmp-12345").mkdir()
    actions = outdir.recover(release)
    assert snapshot(release) == before
    assert leftovers(release) == [] and len(actions) == 2


# ---- 3. tampering ---------------------------------------------------------------------------


def edit_cell(package: Path, table: str, column: str, value: str, row: int = 0) -> None:
    path = package / "data" / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def validate_cli(env: dict[str, str], package: Path) -> tuple[int, list[str]]:
    result = run_cli(env, "validate", package, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.returncode, result.stdout.splitlines()


def has(lines: list[str], *parts: str) -> bool:
    return any(all(part in line for part in parts) for line in lines)


def test_good_release_validates(cli_env, release: Path) -> None:
    code, lines = validate_cli(cli_env, release)
    assert code == 0 and lines[-1].endswith(": valid")


def test_tamper_csv_edited_after_publishing(cli_env, release: Path) -> None:
    path = release / "data" / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"NATO rejects", b"NATO accepts"))
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "sources", "data/sources.csv", "'hash'")


def test_tamper_row_breaks_a_foreign_key(cli_env, release: Path) -> None:
    edit_cell(release, "passages", "source_id", "no-such-source")
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "passages", "'foreign-key'", "source_id='no-such-source'")


def test_tamper_span_no_longer_matches_the_source(cli_env, release: Path) -> None:
    statements = pd.read_csv(release / "data" / "statements.csv", dtype=str)
    assert len(statements), "the seed should give at least one statement"
    edit_cell(release, "statements", "char_start", str(int(statements.char_start[0]) + 1))
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "statements", statements.statement_id[0], "'span-text'")


def test_tamper_descriptor_malformed(cli_env, release: Path) -> None:
    path = release / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"resources": [', '"resources": [[',
                                                            1), encoding="utf-8")
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "datapackage.json", "'descriptor-json'")


def test_tamper_everything_at_once_reports_every_problem(cli_env, release: Path) -> None:
    edit_cell(release, "passages", "source_id", "no-such-source")
    edit_cell(release, "actors", "type", "alien")
    path = release / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["bytes"] += 1
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "passages", "'foreign-key'") and has(lines, "passages", "'hash'")
    assert has(lines, "actors", "type", "alien") and has(lines, "sources", "'bytes'")
    count = int(re.search(r"(\d+) problem\(s\)", lines[-1]).group(1))
    assert count == len(lines) - 1 >= 4


def edit_parquet(package: Path, table: str, column: str, value: str) -> None:
    """Rewrite a Parquet twin with one cell changed (its schema and metadata kept)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = package / "data" / f"{table}.parquet"
    data = pq.read_table(path)
    values = data.column(column).to_pylist()
    values[0] = value
    at = data.schema.get_field_index(column)
    pq.write_table(data.set_column(at, data.schema.field(at), pa.array(values, pa.string())),
                   path, compression="zstd")


def test_tamper_parquet_twin_edited_after_publishing(cli_env, release: Path) -> None:
    edit_parquet(release, "statements", "speaker_id", "ac_000000000000")
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "statements", "data/statements.parquet", "'hash'")
    assert has(lines, "statements", "data/statements.parquet", "'parquet-content'", "speaker_id")


def test_tamper_version_folder_and_release_files(cli_env, release: Path) -> None:
    (release / "versions" / "1.0.0" / "README.md").unlink()
    path = release / "versions" / "1.0.0" / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"NATO", b"OTAN"))
    code, lines = validate_cli(cli_env, release)
    assert code == 1
    assert has(lines, "versions/1.0.0/README.md", "'file-missing'")
    assert has(lines, "actors", "versions/1.0.0/data/actors.csv", "'hash'")
    assert has(lines, "actors", "versions/1.0.0/data/actors.csv", "'content-hash'")
    result = run_cli(cli_env, "validate", release, "--latest-only", timeout=120)
    assert result.returncode == 0 and result.stdout.endswith(": valid\n"), result.stdout


def test_build_refuses_a_release_edited_after_publishing(cli_env, release: Path,
                                                          seeds: Path) -> None:
    """The same sources publish nothing new: before this change the build kept the edited
    Parquet file as "no change". It now stops before comparing anything, names the file and
    says how to restore it; restored from its version folder, the next build finds no change."""
    published = (release / "data" / "actors.parquet").read_bytes()
    edit_parquet(release, "actors", "name", "Someone Else")
    before = snapshot(release)
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", release)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "[release-changed] the latest release no longer holds the files it published" \
        in error_line(result.stderr)
    assert "  actors: file data/actors.parquet: rule 'hash' failed (edited after publishing?)" \
        in result.stderr.splitlines()
    assert "copy each back from its version folder" in result.stderr
    assert snapshot(release) == before and leftovers(release) == []

    (release / "data" / "actors.parquet").write_bytes(published)  # as `git checkout` would
    result = run_cli(cli_env, "build", "--seeds", seeds, "--out", release)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no change: 1.0.0 stays the latest release" in result.stdout
    assert validate_cli(cli_env, release)[0] == 0


# ---- 4. read-only queries -------------------------------------------------------------------

REFUSED = {
    "drop": "DROP VIEW statements",
    "insert": "INSERT INTO actors VALUES ('x')",
    "update": "UPDATE actors SET name = 'x'",
    "delete": "DELETE FROM actors",
    "create": "CREATE TABLE t AS SELECT 1",
    "copy-to": "COPY (SELECT * FROM actors) TO '{out}/leak.csv'",
    "attach": "ATTACH '{out}/other.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD fts",
    "set": "SET enable_external_access = true",
    "pragma": "PRAGMA database_list",
    "read-file": "SELECT * FROM read_csv('/etc/passwd')",
    "read-text": "SELECT * FROM read_text('/etc/hostname')",
    "glob": "SELECT * FROM glob('/*')",
    "scan-path": "SELECT * FROM '/etc/passwd'",
    "second-statement": "SELECT 1; DROP VIEW actors",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_query_refuses_writes_and_outside_reads(case: str, good, tmp_path: Path) -> None:
    from pipeline.query import run_query

    sql = REFUSED[case].format(out=tmp_path)
    before = snapshot(good[1])
    with pytest.raises(PipelineError) as info:
        run_query(sql, good[1])
    assert info.value.rule and f"[{info.value.rule}]" in str(info.value)
    assert list(tmp_path.iterdir()) == []
    assert snapshot(good[1]) == before


@pytest.mark.parametrize("sql", [
    "EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{data}/leak.csv'",
    "EXPLAIN ANALYZE COPY actors TO '{data}/actors.csv'",
])
def test_query_explain_analyze_cannot_write_into_the_package(sql: str, release: Path) -> None:
    """EXPLAIN ANALYZE runs the statement it explains: it is refused, and the connection a
    query runs on could not open a package file anyway (DuckDB lets a query write to any path
    it may read)."""
    import duckdb

    from pipeline.query import run_query

    before = snapshot(release)
    with contextlib.suppress(PipelineError, duckdb.Error):
        run_query(sql.format(data=release / "data"), release)
    assert snapshot(release) == before


@pytest.mark.parametrize("case", ["drop", "copy-to", "attach"])
def test_query_cli_refuses_with_exit_code(case: str, cli_env, release: Path,
                                          tmp_path: Path) -> None:
    before = snapshot(release)
    result = run_cli(cli_env, "query", REFUSED[case].format(out=tmp_path), "--package", release,
                     timeout=120)
    assert result.returncode != 0
    assert error_line(result.stderr).startswith("error: query: [")
    assert snapshot(release) == before
    assert not (tmp_path / "leak.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_query_cli_answers_a_select(cli_env, release: Path) -> None:
    result = run_cli(cli_env, "query", "SELECT count(*) AS n FROM sources", "--package", release,
                     timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["n", "1"]


def test_query_cli_hostile_descriptor_runs_no_sql(cli_env, release: Path,
                                                  tmp_path: Path) -> None:
    """SQL hidden in a resource name never reaches DuckDB: the name is refused first."""
    target = tmp_path / "pwned.csv"
    name = f"x\" AS SELECT 1; COPY (SELECT 1) TO '{target}'; --"
    path = release / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["name"] = name
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = run_cli(cli_env, "query", "SELECT 1", "--package", release, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "[resource-name]" in error_line(result.stderr) and repr(name) in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(("sql", "options", "rule"), [
    ("SELECT count(*) FROM range(100000000000)", ["--timeout", "1"], "timeout"),
    ("SELECT list(range) FROM range(30000000000)", ["--memory-limit", "64MB"], "memory-limit"),
])
def test_query_cli_limits_stop_a_runaway_query(sql: str, options: list[str], rule: str, cli_env,
                                               release: Path) -> None:
    started = time.monotonic()
    result = run_cli(cli_env, "query", sql, "--package", release, *options, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert error_line(result.stderr).startswith(f"error: query: [{rule}]")
    assert time.monotonic() - started < 60
