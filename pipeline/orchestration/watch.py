"""`serve`: two Prefect deployments, one polling the seeds folder and building when a file a
build reads has changed since the last build seen (its fingerprint kept in .cache/watch/),
one building every `--interval` seconds. One run at a time."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from ..config import Settings
from ..files import write_text
from .flows import build
from .keys import seeds_fingerprint
from .summary import BuildResult, outcome, print_summary


def _state_file(settings: Settings) -> Path:
    name = hashlib.sha256(str(settings.seeds_dir.resolve()).encode()).hexdigest()[:16]
    return settings.cache_dir / "watch" / f"{name}.fingerprint"


@task(cache_policy=NO_CACHE)
def seeds_changed_task(settings: Settings) -> str | None:
    """The new fingerprint when the seeds changed since the last build seen, else None."""
    state = _state_file(settings)
    now = seeds_fingerprint(settings)
    return None if state.is_file() and state.read_text() == now else now


def _settings(seeds_dir: str, out_dir: str, runner: str) -> Settings:
    return Settings.from_env(seeds_dir=Path(seeds_dir), out_dir=Path(out_dir), runner=runner)


def log(flow: str, message: str) -> str:
    """`message` printed as one time-stamped line naming the flow run; returned as its result."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {flow}: {message}", flush=True)
    return message


def _built(settings: Settings) -> BuildResult:
    started = time.perf_counter()
    result = build(settings)
    print_summary(result, settings, started)
    return result


@flow(name="build-if-seeds-changed", log_prints=False)
def build_if_changed(seeds_dir: str, out_dir: str, runner: str = "local") -> str:
    """Polled: build only when a file under the seeds folder changed since the last build."""
    settings = _settings(seeds_dir, out_dir, runner)
    fingerprint = seeds_changed_task(settings)
    if fingerprint is None:
        return log("on-seeds-change", f"seeds unchanged in {settings.seeds_dir}: no build")
    result = _built(settings)
    state = _state_file(settings)
    state.parent.mkdir(parents=True, exist_ok=True)
    write_text(state, fingerprint)
    return log("on-seeds-change", outcome(result))


@flow(name="scheduled-build", log_prints=False)
def scheduled_build(seeds_dir: str, out_dir: str, runner: str = "local") -> str:
    """Build on a schedule (publishes nothing when nothing changed)."""
    return log("every-interval", outcome(_built(_settings(seeds_dir, out_dir, runner))))


def serve(settings: Settings, interval: float | None, poll: float,
          serve_fn: Callable[..., None] | None = None) -> None:
    """Serve a deployment that polls the seeds every `poll` s, and one every `interval` s.
    One run at a time (`limit=1`): a poll never starts while a build is still running."""
    from prefect import serve as prefect_serve  # lazy, for start-up cost
    from prefect.deployments.runner import EntrypointType  # lazy, for start-up cost

    params = {"seeds_dir": str(settings.seeds_dir), "out_dir": str(settings.out_dir),
              "runner": settings.runner}
    deployments = [build_if_changed.to_deployment(
        name="on-seeds-change", interval=poll, parameters=params,
        entrypoint_type=EntrypointType.MODULE_PATH)]
    if interval:
        deployments.append(scheduled_build.to_deployment(
            name="every-interval", interval=interval, parameters=params,
            entrypoint_type=EntrypointType.MODULE_PATH))
    (serve_fn or prefect_serve)(*deployments, limit=1)
