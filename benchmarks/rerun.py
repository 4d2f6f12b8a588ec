"""A no-change re-run of `python -m pipeline build` against an empty Prefect flow run the same way.

Both are timed as fresh processes (wall clock, median of --repeat runs), in two modes:
  temporary  no PREFECT_API_URL: each process starts Prefect's temporary server;
  server     against a `prefect server start` this script starts (and stops) on a free port.
The corpus is built once first (so every source is in the extraction cache and the release is
published); the timed re-runs then publish nothing. Target ratio: <= 1.5.

    .venv/bin/python benchmarks/rerun.py --docs 20 --repeat 3 --modes temporary server
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402

EMPTY_FLOW = "from prefect import flow\n@flow\ndef empty():\n    return 1\nempty()\n"
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
         "DO_NOT_TRACK": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one process; fails loudly when it fails."""
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def measure(env: dict[str, str], build: list[str], repeat: int) -> tuple[float, float]:
    """Median seconds of the empty flow and of the no-change build, interleaved."""
    empty, rerun = [], []
    for _ in range(repeat):
        empty.append(timed([sys.executable, "-c", EMPTY_FLOW], env))
        rerun.append(timed(build, env))
    return statistics.median(empty), statistics.median(rerun)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], home: Path) -> tuple[subprocess.Popen, str]:
    """`prefect server start` on a free port, with its own database; returns it and its URL."""
    port = free_port()
    server_env = {**env, "PREFECT_HOME": str(home)}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
         "--port", str(port)], env=server_env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:
                if reply.status == 200:
                    return proc, url
        except OSError:
            time.sleep(1)
    proc.terminate()
    raise RuntimeError("prefect server did not start within 180 s")


def report(mode: str, empty: float, rerun: float) -> None:
    print(f"  {mode:<10} empty flow {empty:6.2f} s   no-change build {rerun:6.2f} s   "
          f"ratio {rerun / empty:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", nargs="+", default=["temporary", "server"],
                        choices=["temporary", "server"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = write_corpus(tmp_path / "corpus", args.docs)
        env = {**os.environ, **QUIET, "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
        env.pop("PREFECT_API_URL", None)
        build = [sys.executable, "-m", "pipeline", "build", "--seeds", str(corpus),
                 "--out", str(tmp_path / "out")]
        first = timed(build, env)
        print(f"rerun: {args.docs} synthetic documents; first build {first:.1f} s "
              f"(median of {args.repeat} runs below)")
        for mode in args.modes:
            if mode == "temporary":
                report(mode, *measure(env, build, args.repeat))
                continue
            proc, url = start_server(env, tmp_path / "prefect-home")
            try:
                report(mode, *measure({**env, "PREFECT_API_URL": url}, build, args.repeat))
            finally:
                os.killpg(proc.pid, 15)
                proc.wait(timeout=60)


if __name__ == "__main__":
    main()
