"""Releases: publishing validated tables as the next version (publish) into a package folder
(outdir), each table's CSV and Parquet files (data_files), the DuckDB file (duckdb_file), the
datasheet and citation files (datasheet, citation), versions, diffs and the changelog
(versions), and `verify` (verify)."""
