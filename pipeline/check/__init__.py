"""Checks: the rules over tables before publishing (tables), and a published package read back
and checked whole (package): its files against its descriptor (release_files, table_files),
the releases kept in versions/ (versions), the official Frictionless validator
(frictionless_checks) and, for large packages, every Table Schema rule in DuckDB
(duckdb_rules)."""
