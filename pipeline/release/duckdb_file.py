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


RELEASE_TABLE = "package_release"
RELEASE_COLUMNS = {
    "package": "Name of the data package (datapackage.json `name`).",
    "version": "Version of the release this database was written from.",
    "created": "Date the release was first published (datapackage.json `created`).",
    "resource": "A table of the package.",
    "rows": "Rows of the table.",
    "content_hash": "sha256 over the table's rows, whatever their order (x_content_hash).",
    "csv_sha256": "sha256 of the table's CSV file (the resource's `hash`).",
}
RELEASE_COMMENT = ("Which release this database holds: one row per resource with its rows and "
                   "content hash (x_content_hash in datapackage.json).")


def write_duckdb(db_path: Path, specs: list[tuple[TableSpec, Path]],
                 release: list[tuple[Any, ...]] | None = None) -> dict[str, Any]:
    """Write `db_path` from (spec, CSV path) pairs: typed, commented tables, the readable views
    and FTS indexes over statements.text and passages.text, and the table package_release
    (one row per resource: package, version, created, resource, rows, content hash, CSV
    sha256) from `release`. Returns facts for the descriptor (DuckDB version, storage version,
    whether FTS indexes were built)."""
    with temp_dir("duckdb") as tmp:  # spills beyond the memory limit
        con = duckdb.connect(":memory:", config={**NO_AUTOLOAD, "temp_directory": tmp,
                                                 "memory_limit": duckdb_rules.MEMORY_LIMIT})
        return _write_duckdb(con, db_path, specs, release or [])


def release_rows(descriptor: dict[str, Any], resources: list[dict[str, Any]]
                 ) -> list[tuple[Any, ...]]:
    """package_release's rows: which release, and which content, the database holds."""
    return [(descriptor["name"], descriptor["version"], descriptor.get("created"), r["name"],
             r["x_rows"], r["x_content_hash"], str(r["hash"]).removeprefix("sha256:"))
            for r in resources]


def _write_release(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> None:
    con.execute(f"CREATE TABLE {RELEASE_TABLE} (package VARCHAR, version VARCHAR, "
                "created VARCHAR, resource VARCHAR, rows BIGINT, content_hash VARCHAR, "
                "csv_sha256 VARCHAR)")
    if rows:
        con.executemany(f"INSERT INTO {RELEASE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(f"COMMENT ON TABLE {RELEASE_TABLE} IS {literal(RELEASE_COMMENT)}")
    for column, comment in RELEASE_COLUMNS.items():
        con.execute(f"COMMENT ON COLUMN {RELEASE_TABLE}.{column} IS {literal(comment)}")


def _write_duckdb(con: duckdb.DuckDBPyConnection, db_path: Path,
                  specs: list[tuple[TableSpec, Path]],
                  release: list[tuple[Any, ...]]) -> dict[str, Any]:
    try:
        con.execute(f"ATTACH {literal(str(db_path))} AS pkg "
                    f"(STORAGE_VERSION {literal(STORAGE_VERSION)})")
        con.execute("USE pkg")
        catalog.create_tables(con, specs)
        _write_release(con, release)
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
