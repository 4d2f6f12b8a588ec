"""What a release folder holds: its descriptor, datasheet, changelog and DuckDB file at the
top, each table's CSV and Parquet twin under data/, and every release kept under versions/."""

from __future__ import annotations

DESCRIPTOR = "datapackage.json"
DB_FILE = "diplomatic_talks.duckdb"
RELEASE_FILES = (DESCRIPTOR, "README.md", "CHANGELOG.md", DB_FILE)
DATA_DIR = "data"
VERSIONS_DIR = "versions"
# Everything a package folder this pipeline writes may hold at its top level.
PACKAGE_ENTRIES = frozenset({*RELEASE_FILES, DATA_DIR, VERSIONS_DIR})


def csv_path(table: str) -> str:
    """A table's CSV, relative to the release folder (its resource's `path`)."""
    return f"{DATA_DIR}/{table}.csv"


def parquet_path(table: str) -> str:
    """A table's Parquet twin, relative to the release folder (its resource's `x_parquet`)."""
    return f"{DATA_DIR}/{table}.parquet"
