"""What a build says while it runs. On a terminal: a bar per stage, the extraction's filling as
sources are done (redrawn in place), each left full with the stage's time when it ends. Elsewhere
(a pipe, a log file): plain lines, one per source and one per stage. Nothing when
settings.progress is off."""

from __future__ import annotations

import sys

from ..config import Settings

WIDTH = 24
CLEAR = "\r\033[K"


def _terminal() -> bool:
    return sys.stdout.isatty()


def bar(done: int, total: int) -> str:
    """`[=======>      ]` for done out of total."""
    filled = WIDTH * done // total if total else WIDTH
    head = ">" if 0 < filled < WIDTH else ""
    return "[" + ("=" * filled + head).ljust(WIDTH)[:WIDTH] + "]"


def say(message: str, settings: Settings) -> None:
    """One line on standard output (on a terminal, over the bar being drawn)."""
    if settings.progress:
        print((CLEAR if _terminal() else "") + message, flush=True)


def status(message: str, settings: Settings) -> None:
    """What the build is doing before its first step ends: on a terminal a line the next
    output replaces, elsewhere a line of its own."""
    if settings.progress:
        print(f"{CLEAR}{message}" if _terminal() else message, end="" if _terminal() else "\n",
              flush=True)


def source_done(done: int, total: int, message: str, settings: Settings) -> None:
    """A source extracted or found in the cache: the extraction bar redrawn on a terminal,
    `message` as a line of its own elsewhere."""
    if not settings.progress:
        return
    if _terminal():
        print(f"{CLEAR}  {'extract':<12}{bar(done, total)} {done}/{total} sources", end="",
              flush=True)
    else:
        print(message, flush=True)


def stage_done(name: str, seconds: float, settings: Settings) -> None:
    """A stage ended: its bar left full on a terminal, a plain line elsewhere."""
    if not settings.progress:
        return
    if _terminal():
        print(f"{CLEAR}  {name:<12}{bar(1, 1)} {seconds:.1f} s", flush=True)
    else:
        print(f"stage {name}: done in {seconds:.1f} s", flush=True)
