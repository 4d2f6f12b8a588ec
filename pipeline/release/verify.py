"""`verify`: rebuild the sources in a temporary folder and compare the result, byte for byte,
with the committed release. The DuckDB file is compared by what it holds: DuckDB does not lay
out the blocks of the same database in the same bytes twice (a free-block list written at a
checkpoint differs between runs), so its bytes, and its line of SHA256SUMS, may differ."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from ..metadata.layout import DB_FILE, SUMS_FILE
from ..processes import temp_dir
from ..sql import ident
from .archive import release_files
from .duckdb_file import NO_AUTOLOAD
from .versions import read_release

COMPARED_FILES = ("datapackage.json", "README.md", "CHANGELOG.md")


def _seed_previous(package_dir: Path, target: Path, latest: str) -> None:
    """Put the release before `latest` (from versions/) into `target`, so a rebuild there
    reproduces `latest` with the same version and changelog."""
    versions = package_dir / "versions"
    older = sorted(
        (p for p in versions.iterdir() if p.is_dir() and p.name != latest),
        key=lambda p: tuple(int(x) for x in p.name.split(".")),
    ) if versions.is_dir() else []
    if not older:
        return
    shutil.copytree(older[-1], target)
    for v in older:
        shutil.copytree(v, target / "versions" / v.name)


def _compared(package_dir: Path) -> list[str]:
    if (package_dir / SUMS_FILE).is_file():
        return [SUMS_FILE, *release_files(package_dir)]
    names = [n for n in COMPARED_FILES if (package_dir / n).is_file()]
    data = package_dir / "data"
    if data.is_dir():
        names += sorted(
            f"data/{p.name}" for p in data.iterdir() if p.suffix in (".csv", ".parquet")
        )
    return names


def release_date(descriptor: dict[str, Any]) -> dt.date | None:
    """The date a release was first published (its `created`), None when it records none."""
    created = descriptor.get("created")
    return dt.date.fromisoformat(created[:10]) if isinstance(created, str) else None


def verify(seeds_dir: Path, package_dir: Path,
           build_fn: Callable[[Path, dt.date | None], Any]) -> list[str]:
    """Rebuild the sources of `seeds_dir` with `build_fn(out_dir, release_date)` (which builds
    from those seeds into out_dir, dating a new release `release_date`) in a temp folder seeded
    with the release before the latest one, and list every byte difference from the latest
    release at `package_dir` (every file SHA256SUMS lists, or for older releases the
    descriptor, datasheet, changelog and data files; versions/ is not compared). An empty list
    means the release is reproducible."""
    current = read_release(package_dir)
    if current is None:
        return [f"{package_dir}: no datapackage.json to verify against"]
    if not seeds_dir.is_dir():
        return [f"{seeds_dir}: seeds folder not found"]
    with temp_dir("verify") as tmp:
        out = Path(tmp) / package_dir.name
        _seed_previous(package_dir, out, current.version)
        build_fn(out, release_date(current.descriptor))
        problems = []
        for name in sorted(set(_compared(package_dir)) | set(_compared(out))):
            a, b = package_dir / name, out / name
            if not a.is_file() or not b.is_file():
                problems.append(f"{name}: only in {'rebuild' if b.is_file() else 'release'}")
            elif not _same(name, a, b):
                problems.append(f"{name}: {'tables' if name == DB_FILE else 'bytes'} differ "
                                "from the rebuild")
        return problems


def _same(name: str, a: Path, b: Path) -> bool:
    if name == DB_FILE:
        return _db_contents(a) == _db_contents(b)
    if name == SUMS_FILE:  # every line but the DuckDB file's, compared by its tables above
        def lines(path: Path) -> list[str]:
            return [x for x in path.read_text(encoding="utf-8").splitlines()
                    if not x.endswith(f" {DB_FILE}")]
        return lines(a) == lines(b)
    return a.read_bytes() == b.read_bytes()


def _db_contents(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every table and view of a DuckDB file with its rows in a fixed order, and the SQL of
    its views and macros."""
    con = duckdb.connect(str(path), read_only=True, config=NO_AUTOLOAD)
    try:
        names = con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                            "WHERE database_name = current_database() ORDER BY ALL").fetchall()
        held = [(f"{schema}.{table}", sorted(con.execute(
                    f"SELECT * FROM {ident(schema)}.{ident(table)}"
                ).fetchall(), key=repr)) for schema, table in names]
        held.append(("views", con.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views() "
            "WHERE NOT internal ORDER BY ALL").fetchall()))
        return held
    finally:
        con.close()
