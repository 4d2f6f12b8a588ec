"""What a build did and how it is told: BuildResult, the stopwatch that times each step and
records the memory high-water mark after it, and the closing summary the command line prints
(what was read, corrected and published, and the time it all took)."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..release.context import PublishResult
from .progress import say, stage_done

if TYPE_CHECKING:
    from ..tables.corrections import Correction


@dataclass
class BuildResult:
    """What a build did: the publish result plus what was extracted, cached and corrected."""

    publish: PublishResult
    processed: list[str] = field(default_factory=list)  # source ids extracted this run
    skipped: list[str] = field(default_factory=list)  # source ids taken from the cache
    applied: list[dict] = field(default_factory=list)  # corrections applied
    unmatched: list[Correction] = field(default_factory=list)  # corrections matching nothing
    warnings: list[str] = field(default_factory=list)  # printed lines (corrections gone stale)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per step
    peaks: dict[str, float] = field(default_factory=dict)  # memory high-water mark (MiB) per step
    unchanged: bool = False  # inputs and package as the last build left them: nothing done
    began: float | None = None  # time.perf_counter() when the flow began to run

    # What publishing did, read through from `publish`.
    version = property(lambda self: self.publish.version)
    published = property(lambda self: self.publish.published)
    bump = property(lambda self: self.publish.bump)
    out_dir = property(lambda self: self.publish.out_dir)
    counts = property(lambda self: self.publish.counts)
    diff = property(lambda self: self.publish.diff)


def peak_mib() -> float:
    """This process's resident-memory high-water mark in MiB (ru_maxrss is KiB on Linux)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


class Stopwatch:
    """Seconds spent per step, and the memory high-water mark after it:
    `value = clock.lap("step", step(...))` after each step, which says the step is done when
    `settings` is given (progress.stage_done)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.started = self.last = time.perf_counter()
        self.settings = settings
        self.laps: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    def lap(self, name: str, value: Any) -> Any:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.peaks[name] = peak_mib()
        self.last = now
        if self.settings is not None:
            stage_done(name, self.laps[name], self.settings)
        return value

    def total(self) -> float:
        return time.perf_counter() - self.started


def stale_warnings(unmatched: list[Correction]) -> list[str]:
    return [f"warning: correction {c.entry} matches nothing any more: {c.describe()}"
            for c in unmatched]


def _times(result: BuildResult, started: float | None) -> str:
    """Wall time from `started` (when the command began; None: the flow's own time), how much
    of it went to starting Prefect before the flow ran, then each step."""
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in result.stages.items())
    if started is None or result.began is None:
        return f"  time: {result.seconds:.1f} s; {steps}"
    wall, startup = time.perf_counter() - started, max(0.0, result.began - started)
    return f"  time: {wall:.1f} s in all, of which {startup:.1f} s starting Prefect; {steps}"


def _corrections(result: BuildResult) -> list[str]:
    """A line per correction the release applies (kept from the last build when nothing
    changed): its entry and action, what it matches and its reason."""
    lines = []
    for c in result.applied:
        if c.get("action") == "merge_actors":
            target = f"actors: keep {c.get('keep')}, drop {', '.join(c.get('drop', []))}"
        else:
            match = c.get("match") or {}
            target = f"{c.get('table')} " + (", ".join(f"{k}={v}" for k, v in match.items())
                                             if match else "new record")
        lines.append(f"  correction {c.get('entry')}: {target}: {c.get('reason', '')}")
    return lines


def summary(result: BuildResult, started: float | None = None) -> list[str]:
    """Closing lines: sources extracted and cached, corrections, rows per table, time (wall
    time from `started`, the command's start, when given)."""
    lines = [
        f"build: {len(result.processed) + len(result.skipped)} source(s): "
        f"{len(result.processed)} extracted, {len(result.skipped)} cached; "
        f"{len(result.applied)} correction(s) applied, {len(result.warnings)} unmatched",
        _times(result, started),
        "  peak memory: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in result.peaks.items()),
    ]
    if result.unchanged:
        lines.append("  sources, code, model and package unchanged since the last build here")
    lines += _corrections(result)
    lines += [f"  {name:<22}{rows:>8} rows" for name, rows in result.counts.items()]
    return lines + result.warnings


def outcome(result: BuildResult) -> str:
    """One line: the release published (its version, bump, folder and records changed), or
    the release that stays the latest."""
    if not result.published:
        return f"no change: {result.version} stays the latest release in {result.out_dir}"
    if result.diff is None:
        changes = f"{sum(result.counts.values()):,} records"
    else:
        tables = result.diff.tables.values()
        changes = (f"{sum(len(t.added) for t in tables):,} records added, "
                   f"{sum(len(t.removed) for t in tables):,} removed, "
                   f"{sum(len(t.changed) for t in tables):,} changed")
    return f"published {result.version} ({result.bump}) in {result.out_dir}: {changes}"


def print_summary(result: BuildResult, settings: Settings, started: float | None = None) -> None:
    """The summary on standard output: its warnings always, the rest when settings.progress."""
    for line in summary(result, started):
        say(line, settings) if not line.startswith("warning") else print(line, flush=True)
