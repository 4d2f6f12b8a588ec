"""What a build leaves running or on disk when it ends, however it ends.

- Temporary folders are named `pipeline-<pid>-<kind>-*`; a build removes those of processes
  that no longer run (a build killed with `kill -9` cannot remove its own).
- The temporary Prefect server a build starts (when no PREFECT_API_URL is set) is a child that
  the kernel terminates when the build dies (Linux `PR_SET_PDEATHSIG`), in a session of its own
  so that the terminal's Ctrl-C reaches only the build, which then shuts the server down
  instead of losing it mid-run.
- SIGTERM ends a build like Ctrl-C does: `finally` blocks run and staging folders go.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PREFIX = "pipeline-"
PR_SET_PDEATHSIG = 1


class Terminated(BaseException):
    """The build received SIGTERM (a BaseException, like KeyboardInterrupt, so that no
    `except Exception` swallows it)."""


def temp_dir(kind: str, parent: Path | None = None) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder tagged with this process's id, for `clean_stale_temp_dirs`."""
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-{kind}-", dir=parent)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temp_dirs(parent: Path | None = None) -> list[Path]:
    """Remove the temporary folders of pipeline processes that no longer run."""
    removed = []
    for path in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = path.name.removeprefix(PREFIX).split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _child_setup() -> None:  # pragma: no cover - runs in the forked child
    """In the server's process (in a session of its own, out of reach of the terminal's
    Ctrl-C, which the build handles): die with the build."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _guarded_server_class() -> Any:
    from prefect.server.api.server import SubprocessASGIServer  # lazy, for start-up cost

    class GuardedServer(SubprocessASGIServer):
        """Prefect's temporary server, started as a child that dies with the build."""

        def _run_uvicorn_command(self) -> Any:
            import subprocess  # patched for this call only

            real_popen = subprocess.Popen

            def popen(*args: Any, **kwargs: Any) -> Any:
                return real_popen(*args, preexec_fn=_child_setup, start_new_session=True,
                                  **kwargs)

            subprocess.Popen = popen  # type: ignore[misc]
            try:
                return super()._run_uvicorn_command()
            finally:
                subprocess.Popen = real_popen  # type: ignore[misc]

    return GuardedServer


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """The Prefect API the build reports to: PREFECT_API_URL when set (a running server, or the
    test harness's), else a temporary server of this process's own, registered where Prefect
    looks for its temporary server so that it starts no other."""
    from prefect.settings import (  # lazy, for start-up cost
        PREFECT_API_URL,
        get_current_settings,
        temporary_settings,
    )

    url = get_current_settings().api.url
    if url:
        yield url
        return
    server = _guarded_server_class()()  # keyed as Prefect's own temporary server
    server.start()
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        server.stop()


@contextlib.contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """Within the block (main thread only), SIGTERM raises Terminated."""
    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
