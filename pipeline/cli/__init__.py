"""`python -m pipeline COMMAND`: build | validate | query | diff | verify | serve | eval |
lexicon | site. Every expected failure is one `error: WHAT: WHY` line (and maybe a `hint:`), never
a traceback; the exit codes are listed in `python -m pipeline --help` (parser.MAIN_EPILOG)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from ..config import Settings
from ..errors import PipelineError
from ..processes import Terminated, terminate_on_sigterm
from .commands import COMMANDS
from .parser import make_parser

EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


def _internal_error(err: Exception) -> int:
    """An error that is the pipeline's, not the user's: one line, and the traceback in a log."""
    name = f"error-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(err))
    for folder in (Settings.from_env().cache_dir / "logs", Path(tempfile.gettempdir())):
        log = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log.write_text(text, encoding="utf-8")
            break
        except OSError:  # an unwritable cache folder: the system's temporary folder instead
            continue
    first = str(err).splitlines()[0] if str(err) else ""
    print(f"error: internal error: {type(err).__name__}: {first}\n"
          f"  the traceback is in {log}; please report it", file=sys.stderr)
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        with terminate_on_sigterm():
            return COMMANDS[args.command](args)
    except PipelineError as err:
        print(f"error: {err}", file=sys.stderr)
        if err.hint:
            print(f"hint: {err.hint}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the published release is as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("terminated: the published release is as it was", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as err:  # noqa: BLE001 - the last resort: no traceback on the terminal
        return _internal_error(err)
