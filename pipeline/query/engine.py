"""Read-only SQL over a published package, enforced by DuckDB itself.

`connect` checks the package's datapackage.json (descriptor.py), loads the CSVs into typed,
commented tables of a database in a private temporary folder (on a connection already
limited to those CSV files and locked), adds the readable views and, when asked, the
full-text indexes, then reopens that database read-only with no file access at all and the
configuration locked. So the engine refuses writes (CREATE, DROP, INSERT, COPY … TO, ATTACH,
EXPORT), reads of any file (read_csv, read_text, glob, path scans), INSTALL/LOAD and SET; the
package files are never opened by the connection a query runs on. `check_sql` adds one rule
the engine cannot: exactly one statement, and a SELECT-like one.
"""

from __future__ import annotations

import re
import select
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..config import QueryLimits as Limits
from ..errors import PipelineError
from ..processes import temp_dir
from ..sql import literal
from . import catalog, descriptor

DEFAULT_LIMITS = Limits()
FETCH_ROWS = 10_000
NO_AUTOLOAD = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
FTS_WORDS = re.compile(r"match_bm25|fts_main_", re.IGNORECASE)
DUCKDB_MESSAGE = re.compile(r"[A-Z][A-Za-z ]* Error: ")
TABLES_HINT = "a query reads only the package's tables and views; SHOW TABLES lists them"


class QueryRefused(PipelineError):
    """A query broke a read-only rule or could not run; the message names the rule."""


def _refuse(rule: str, detail: str, hint: str | None = None) -> QueryRefused:
    return QueryRefused("query", None, rule, detail, hint)


def _lock(con: duckdb.DuckDBPyConnection, allowed: list[Path]) -> None:
    """No file access beyond `allowed` (and the database's own files), no extension loading,
    no setting changed from here on."""
    if allowed:
        paths = ", ".join(literal(str(p)) for p in allowed)
        con.execute(f"SET allowed_paths = [{paths}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _open(path: Path, memory: str, temp: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    config = {**NO_AUTOLOAD, "memory_limit": memory, "temp_directory": temp}
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as err:
        if "memory" not in str(err).lower():
            raise _refuse("database", _first_line(err)) from None
        raise _refuse("memory-limit", _first_line(err),
                      "give --memory-limit a size such as 512MB or 4GB") from None


def _build(db: Path, tables: list[tuple[Any, Path]], memory: str, fts: bool) -> None:
    """The package's tables, views and (with fts) indexes in the database file `db`, loaded on
    a connection that may read only the package's CSV files."""
    con = _open(db, memory, temp=str(db.parent / "spill"), read_only=False)
    try:
        problem = catalog.load_fts(con) if fts else None
        _lock(con, [path for _, path in tables])
        con.execute("BEGIN")  # one commit, not one per table and comment: half the time
        catalog.create_tables(con, tables)
        names = {spec.name for spec, _ in tables}
        catalog.create_readable_views(con, names)
        con.execute("COMMIT")
        if fts and not problem:  # outside the transaction: inside, fts changes a setting
            problem = catalog.create_fts(con, names).get("fts_error")
        if problem:
            raise _refuse("fts", problem, "full-text search needs duckdb-extension-fts "
                          f"{duckdb.__version__}, pinned in requirements.lock")
    except duckdb.Error as err:
        raise _refuse("package-csv", _first_line(err),
                      "check the package with: python -m pipeline validate PACKAGE") from None
    finally:
        con.close()


@contextmanager
def connect(package_dir: Path, *, memory: str = Limits.memory,
            fts: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only DuckDB connection with one typed, commented table per resource, the
    demands_readable and quotes_readable views and, with `fts`, BM25 indexes over
    statements.text and passages.text. It opens no file but its own database, which lives in a
    private temporary folder removed on exit."""
    tables = descriptor.read_tables(package_dir)
    with temp_dir("query") as tmp:
        db = Path(tmp) / "package.duckdb"
        _build(db, tables, memory, fts)
        # No temporary directory: DuckDB allows reads and writes in it even with external
        # access off (by default CWD/.tmp), and the query has nothing to spill.
        con = _open(db, memory, temp="", read_only=True)
        try:
            if fts:
                catalog.load_fts(con)
            _lock(con, [])
            yield con
        finally:
            con.close()


def _first_word(sql: str) -> str:
    """The first keyword of `sql`, upper-cased, by DuckDB's tokenizer (comments skipped)."""
    tokens = duckdb.tokenize(sql)
    if not tokens:
        return ""
    start = tokens[0][0]
    end = tokens[1][0] if len(tokens) > 1 else len(sql)
    return sql[start:end].strip().upper()


def check_sql(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one SELECT-like statement in `sql` (SELECT, WITH … SELECT, VALUES, FROM, TABLE,
    DESCRIBE, SHOW, SUMMARIZE); QueryRefused for a syntax error, no statement, several
    statements, or any other kind (COPY, CREATE, PRAGMA, SET, EXPLAIN, …)."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise _refuse("syntax", _first_line(err)) from None
    if not statements:
        raise _refuse("empty", "no SQL statement given")
    kinds = [st.type.name for st in statements]
    if len(statements) > 1 and _first_word(sql) == "PIVOT":
        raise _refuse("read-only", "PIVOT without an IN list creates a type first",
                      "name the values: PIVOT t ON col IN ('a', 'b') USING count(*)")
    if len(statements) > 1:
        raise _refuse("one-statement", f"one statement at a time; this SQL holds "
                      f"{len(statements)} ({', '.join(kinds)})")
    first = _first_word(sql)  # PRAGMA x reaches us rewritten as SELECT … FROM pragma_x()
    if kinds[0] != "SELECT" or first == "PRAGMA":
        kind = first if kinds[0] in ("SELECT", "LOAD") else kinds[0]  # PRAGMA, INSTALL
        raise _refuse("read-only", f"{kind} statements are not allowed; only SELECT-like "
                      "queries (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE)")
    return statements[0].query


def _first_line(err: BaseException) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def explain(err: Exception, limits: Limits, timed_out: bool = False) -> QueryRefused:
    """A one-line QueryRefused (with a hint) for an error DuckDB raised running a query (also
    through Arrow, which passes DuckDB's message on in an OSError)."""
    lines = [line for line in str(err).split("\n\n")[0].splitlines() if line.strip()]
    first, second = (lines + ["", ""])[:2]
    if timed_out or isinstance(err, duckdb.InterruptException):
        return _refuse("timeout", f"the query ran longer than {limits.timeout:g} s",
                       "raise --timeout SECONDS (0: no limit)")
    if isinstance(err, duckdb.OutOfMemoryException) or first.startswith("Out of Memory"):
        return _refuse("memory-limit", f"the query needs more than {limits.memory} of memory",
                       "raise --memory-limit (e.g. 4GB), or select fewer rows or columns")
    if isinstance(err, duckdb.PermissionException):
        return _refuse("read-only", first, TABLES_HINT)
    if isinstance(err, duckdb.InvalidInputException) and (
            "read-only mode" in first or "configuration has been locked" in first):
        return _refuse("read-only", first, TABLES_HINT)
    if isinstance(err, duckdb.ParserException):
        return _refuse("syntax", first, second or None)
    return _refuse("sql", first, second or None)


class _Watch:
    """Interrupts what a connection runs once `seconds` have passed, or at Ctrl-C: Python runs
    its SIGINT handler only between bytecodes, never while DuckDB runs, so a thread reads the
    signal from Python's wakeup fd and calls `interrupt()`. `why` says which came first."""

    STOP = 0  # not a signal number: the byte that ends the watch

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float | None) -> None:
        self.con, self.seconds, self.why = con, seconds, ""

    def _run(self, wake: socket.socket) -> None:
        deadline = time.monotonic() + self.seconds if self.seconds else None
        while not self.why:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([wake], [], [], left)[0]:
                self.why = "timeout"
                break
            received = wake.recv(64)
            if self.STOP in received:
                return
            if signal.SIGINT in received:
                self.why = "signal"
        self.con.interrupt()

    @contextmanager
    def running(self) -> Iterator[None]:
        wake, wake_in = socket.socketpair()
        wake_in.setblocking(False)
        try:
            old_fd = signal.set_wakeup_fd(wake_in.fileno(), warn_on_full_buffer=False)
        except ValueError:  # not the main thread: no signals to watch, the time limit only
            old_fd = None
        thread = threading.Thread(target=self._run, args=(wake,), daemon=True)
        thread.start()
        try:
            yield
        finally:
            if old_fd is not None:
                signal.set_wakeup_fd(old_fd)
            wake_in.send(bytes([self.STOP]))
            thread.join()
            wake.close()
            wake_in.close()


class Answer:
    """A query's relation: `columns`, then rows in chunks (`chunks`) or Arrow record batches
    (`batches`), at most `max_rows`; `cut` tells, once read, whether rows were left out."""

    def __init__(self, rel: duckdb.DuckDBPyRelation, max_rows: int | None) -> None:
        self.columns: list[str] = list(rel.columns)
        self.max_rows, self.cut = max_rows, False
        self.schema: Any = None  # the Arrow schema, once `batches` has started
        self._rel = rel.limit(max_rows + 1) if max_rows is not None else rel

    def _keep(self, n: int, left: int | None) -> int:
        if left is not None and n > left:
            self.cut = True
            return left
        return n

    def chunks(self) -> Iterator[list[tuple[Any, ...]]]:
        left = self.max_rows
        while rows := self._rel.fetchmany(FETCH_ROWS):
            keep = self._keep(len(rows), left)
            if keep:
                yield rows[:keep]
            left = None if left is None else left - keep
            if self.cut:
                return

    def batches(self) -> Iterator[Any]:
        left = self.max_rows
        reader = self._rel.to_arrow_reader(FETCH_ROWS)
        self.schema = reader.schema
        for batch in reader:
            keep = self._keep(batch.num_rows, left)
            if keep:
                yield batch.slice(0, keep)
            left = None if left is None else left - keep
            if self.cut:
                return


@contextmanager
def answer(sql: str, package_dir: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Answer]:
    """Run `sql` over the package within `limits`; the Answer is read inside the block (the
    time limit covers reading it). Every expected failure is a QueryRefused or a
    DescriptorError."""
    fts = bool(FTS_WORDS.search(sql))
    with connect(package_dir, memory=limits.memory, fts=fts) as con:
        statement = check_sql(con, sql)
        watch = _Watch(con, limits.timeout)
        try:
            with watch.running():
                yield Answer(con.sql(statement), limits.max_rows)
        except (duckdb.Error, OSError, RuntimeError) as err:
            # OSError: DuckDB's error passed on by Arrow; RuntimeError: DuckDB's Python client
            # saw the SIGINT that interrupted it.
            interrupted = isinstance(err, RuntimeError) and "interrupted" in str(err).lower()
            if watch.why == "signal" or (interrupted and watch.why != "timeout"):
                # The client may see the SIGINT before the watch does: a time limit is always
                # recorded before it interrupts, so an interruption without one is Ctrl-C.
                raise KeyboardInterrupt from None
            if isinstance(err, duckdb.Error) or watch.why or DUCKDB_MESSAGE.match(str(err)):
                raise explain(err, limits, timed_out=watch.why == "timeout") from None
            raise


def run_query(sql: str, package_dir: Path, *, limits: Limits = DEFAULT_LIMITS
              ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run read-only SQL over the package; returns (column names, rows)."""
    with answer(sql, package_dir, limits) as result:
        return result.columns, [row for chunk in result.chunks() for row in chunk]
