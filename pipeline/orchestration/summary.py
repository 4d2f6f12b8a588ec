"""What a build did and how it is told: BuildResult, the stopwatch that times each step and
records the memory high-water mark after it, the progress line printed per source while the
build runs, and the closing summary the command line prints."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..release.context import PublishResult

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
    `value = clock.lap("step", step(...))` after each step."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    def lap(self, name: str, value: Any) -> Any:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.peaks[name] = peak_mib()
        self.last = now
        return value

    def total(self) -> float:
        return time.perf_counter() - self.started


def say(message: str, settings: Settings) -> None:
    """One progress line on standard output (Prefect's own log level is left alone)."""
    if settings.progress:
        print(message, flush=True)


def stale_warnings(unmatched: list[Correction]) -> list[str]:
    return [f"warning: correction {c.entry} matches nothing any more: {c.describe()}"
            for c in unmatched]


def summary(result: BuildResult) -> list[str]:
    """Closing lines: sources extracted and cached, corrections, rows per table, time."""
    lines = [
        f"build: {len(result.processed) + len(result.skipped)} source(s): "
        f"{len(result.processed)} extracted, {len(result.skipped)} cached; "
        f"{len(result.applied)} correction(s) applied, {len(result.warnings)} unmatched; "
        f"{result.seconds:.1f} s",
        "  time: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.stages.items()),
        "  peak memory: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in result.peaks.items()),
    ]
    if result.unchanged:
        lines.append("  sources, code, model and package unchanged since the last build here")
    lines += [f"  {name:<22}{rows:>8} rows" for name, rows in result.counts.items()]
    return lines + result.warnings


def print_summary(result: BuildResult, settings: Settings) -> None:
    """The summary on standard output: its warnings always, the rest when settings.progress."""
    for line in summary(result):
        say(line, settings) if not line.startswith("warning") else print(line, flush=True)
