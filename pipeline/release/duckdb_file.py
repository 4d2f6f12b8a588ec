"""The `diplomatic_talks.duckdb` file written at publish time: the package's tables, the
readable views and the full-text indexes, readable by DuckDB 1.0.0 and later."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..check import duckdb_rules
from ..metadata.layout import DB_FILE
from ..metadata.specs import TableSpec
from ..processes import temp_dir
from ..query import catalog
from ..sql import literal

# Storage format v1.0.0: DuckDB 1.0.0 and every later release open the file (checked by
# opening a 1.5.5-written file with DuckDB 1.0.0). The 1.5.5 default (v0.10.2) is older still,
# but naming the format pins it: a future DuckDB default cannot silently change it.
STORAGE_VERSION = "v1.0.0"
NO_AUTOLOAD = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def write_duckdb(db_path: Path, specs: list[tuple[TableSpec, Path]]) -> dict[str, Any]:
    """Write `db_path` from (spec, CSV path) pairs: typed, commented tables, the readable views
    and FTS indexes over statements.text and passages.text. Returns facts for the descriptor
    (DuckDB version, storage version, whether FTS indexes were built)."""
    with temp_dir("duckdb") as tmp:  # spills beyond the memory limit
        con = duckdb.connect(":memory:", config={**NO_AUTOLOAD, "temp_directory": tmp,
                                                 "memory_limit": duckdb_rules.MEMORY_LIMIT})
        return _write_duckdb(con, db_path, specs)


def _write_duckdb(con: duckdb.DuckDBPyConnection, db_path: Path,
                  specs: list[tuple[TableSpec, Path]]) -> dict[str, Any]:
    try:
        con.execute(f"ATTACH {literal(str(db_path))} AS pkg "
                    f"(STORAGE_VERSION {literal(STORAGE_VERSION)})")
        con.execute("USE pkg")
        catalog.create_tables(con, specs)
        names = {spec.name for spec, _ in specs}
        catalog.create_readable_views(con, names)
        problem = catalog.load_fts(con)
        facts = {"fts": False, "fts_error": problem} if problem else catalog.create_fts(con, names)
        con.execute("CHECKPOINT")
        con.execute("USE memory")
        con.execute("DETACH pkg")
    finally:
        con.close()
    return {"path": DB_FILE, "duckdb_version": duckdb.__version__,
            "storage_version": STORAGE_VERSION, **facts}
