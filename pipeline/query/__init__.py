"""Queries: one read-only SQL statement over a published package in DuckDB (engine), the
package's descriptor checked before any SQL runs (descriptor), its tables, views and indexes
loaded (catalog), and the answer written for analysts (results).

`from pipeline.query import run_query` (and `answer`, `connect`) is the API each release's
datasheet shows. These names live in engine.py and are looked up on first use: importing
pipeline.query.results, as the command line does to build its parser, must not load DuckDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Answer, QueryRefused, answer, connect, run_query

__all__ = ["Answer", "QueryRefused", "answer", "connect", "run_query"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import engine  # lazy, for start-up cost only: see the module's docstring

    return getattr(engine, name)
