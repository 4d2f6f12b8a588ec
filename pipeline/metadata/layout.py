"""What a release folder holds: its descriptor, datasheet, changelog, delta, checksums and
DuckDB file at the top, each table's CSV and Parquet twin under data/, the review site under
site/, and every release kept under versions/ (its text files only: see KEPT_FILES)."""

from __future__ import annotations

DESCRIPTOR = "datapackage.json"
DB_FILE = "diplomatic_talks.duckdb"
CHANGES_FILE = "changes.csv"
SUMS_FILE = "SHA256SUMS"
RELEASE_FILES = (DESCRIPTOR, "README.md", "CHANGELOG.md", DB_FILE)
# What versions/X.Y.Z/ keeps of a release: its text files and data/*.csv. The Parquet twins, the
# DuckDB file, the site and the archive are regenerated from these; they are not kept per version.
KEPT_FILES = (DESCRIPTOR, "README.md", "CHANGELOG.md")
DATA_DIR = "data"
SITE_DIR = "site"
VERSIONS_DIR = "versions"
DIST_DIR = "dist"  # the release archives (git-ignored)
# Everything a package folder this pipeline writes may hold at its top level.
PACKAGE_ENTRIES = frozenset({*RELEASE_FILES, CHANGES_FILE, SUMS_FILE, DATA_DIR, SITE_DIR,
                             VERSIONS_DIR, DIST_DIR})


def csv_path(table: str) -> str:
    """A table's CSV, relative to the release folder (its resource's `path`)."""
    return f"{DATA_DIR}/{table}.csv"


def parquet_path(table: str) -> str:
    """A table's Parquet twin, relative to the release folder (its resource's `x_parquet`)."""
    return f"{DATA_DIR}/{table}.parquet"
