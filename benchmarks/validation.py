"""Validation time per 100k rows: pandera, the Frictionless validator and DuckDB (duckdb_rules).

A synthetic but schema-valid package is written with DuckDB straight from the real schemas
(sources, passages, actors and statements filled; the other resources empty): --rows rows in
total for the DuckDB checker (and Frictionless on the first SAMPLE_ROWS rows of each file),
and a smaller package of --slow-rows rows for pandera and the full Frictionless validator,
whose times are scaled to 100k rows. To show the DuckDB checker stays honest, three errors are
then planted in the large package (duplicate key, broken foreign key, bad enum) and must all
be found.

Each CSV of the large package also gets its Parquet twin (written by pyarrow with the schema's
Arrow types, in row groups of data_files.PARQUET_ROW_GROUP rows) and the descriptor records what
publishing records: hash and bytes, x_rows, x_content_hash (computed here with json.dumps, the
definition) and x_parquet_hash. The checks of those files (release_files: hashes, rows,
content hashes, every Parquet cell against its CSV) are timed on the large package.

    .venv/bin/python benchmarks/validation.py --rows 1000000 --slow-rows 100000
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline.check import release_files  # noqa: E402
from pipeline.check.duckdb_rules import check_resources  # noqa: E402
from pipeline.check.frictionless_checks import SAMPLE_ROWS, check_frictionless, check_sample  # noqa: E402,E501
from pipeline.check.package import read_frames  # noqa: E402
from pipeline.check.tables import check_keys, check_schema  # noqa: E402
from pipeline.metadata import types  # noqa: E402,E501
from pipeline.metadata.schema import to_arrow, to_frictionless  # noqa: E402,E501
from pipeline.metadata.specs import TableSpec, load_tables  # noqa: E402,E501
from pipeline.release import data_files  # noqa: E402
from pipeline.tables import csv_text  # noqa: E402

HEX = "lpad(printf('%x', {n}), 12, '0')"
EXPRESSIONS = {
    "sources": {
        "source_id": "'s-' || i", "path": "'s-' || i || '.txt'", "sha256": "repeat('a', 64)",
        "title": "'Title ' || i", "published": "DATE '2022-01-01' + (i % 700)::INT",
        "language": "'en'", "redistribute_text": "true", "bom": "false", "n_chars": "5000",
    },
    "passages": {
        "passage_id": f"'pa_' || {HEX.format(n='i')}", "source_id": "'s-' || (i % {s})",
        "seq": "i // {s}", "kind": "'body'", "language": "'en'", "char_start": "(i // {s}) * 100",
        "char_end": "(i // {s}) * 100 + 90", "text": "'Delegations met in Brest on ' || i",
        "text_sha256": "repeat('b', 64)",
    },
    "actors": {
        "actor_id": f"'ac_' || {HEX.format(n='i')}", "name": "'Actor ' || i",
        "type": "CASE WHEN i % 3 = 0 THEN 'person' ELSE 'country' END",
        "wikidata_verified": "false", "in_registry": "i % 2 = 0",
    },
    "statements": {
        "statement_id": f"'st_' || {HEX.format(n='i')}", "source_id": "'s-' || (i % {s})",
        "passage_id": f"'pa_' || {HEX.format(n='i % {p}')}",
        "speaker_id": f"CASE WHEN i % 7 = 0 THEN NULL ELSE 'ac_' || {HEX.format(n='i % {a}')} END",
        "mode": "['direct', 'partial', 'indirect'][1 + i % 3]", "cue": "'say'",
        "text": "'We are ready to talk, ' || i", "char_start": "i % 5000",
        "char_end": "i % 5000 + 20", "sentence_start": "i % 5000", "sentence_end": "i % 5000 + 40",
        "confidence": "0.75", "extractor_version": "'0123456789ab'",
    },
}


def sizes(rows: int) -> dict[str, int]:
    """Rows per table: a source per 1,000 rows, a passage per 10, 1,000 actors, the rest
    statements."""
    s, p, a = max(1, rows // 1000), max(1, rows // 10), 1000
    return {"sources": s, "passages": p, "actors": a, "statements": max(1, rows - s - p - a)}


def write_package(folder: Path, rows: int) -> tuple[Path, int]:
    """A valid package of about `rows` rows; returns its folder and its exact row count."""
    (folder / "data").mkdir(parents=True)
    n = sizes(rows)
    con = duckdb.connect()
    resources = []
    for name, spec in load_tables().items():
        exprs = EXPRESSIONS.get(name, {})
        cols = ", ".join(
            f"{exprs[f].format(s=n['sources'], p=n['passages'], a=n['actors'])} AS \"{f}\""
            if f in exprs else f"NULL AS \"{f}\"" for f in spec.field_names)
        count = n.get(name, 0)
        path = folder / "data" / f"{name}.csv"
        con.execute(f"COPY (SELECT {cols} FROM range({count}) t(i) ORDER BY i) TO '{path}' "
                    "(HEADER, DELIMITER ',', QUOTE '\"')")
        resources.append({"name": name, "path": f"data/{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": to_frictionless(spec)})
    descriptor = {"name": "synthetic", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return folder, sum(n.values())


def add_twins(folder: Path) -> None:
    """Write each CSV's Parquet twin and record, as publishing does, hashes, sizes, rows and
    content hashes in the descriptor."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = load_tables()
    for resource in descriptor["resources"]:
        spec, path = tables[resource["name"]], folder / resource["path"]
        twin = path.with_suffix(".parquet")
        write_twin(path, twin, spec)
        digest, size = release_files.file_sha256(path)
        rows, content = json_content_hash(path)
        resource.update({"bytes": size, "hash": f"sha256:{digest}", "x_rows": rows,
                         "x_content_hash": content, "x_parquet": f"data/{twin.name}",
                         "x_parquet_hash": f"sha256:{release_files.file_sha256(twin)[0]}"})
    descriptor["name"] = "synthetic"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")


def write_twin(path: Path, twin: Path, spec: TableSpec) -> None:
    column_types = {f.name: types.ARROW[f.type] for f in spec.fields}
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types=column_types, strings_can_be_null=True, true_values=["true"],
        false_values=["false"]))
    pq.write_table(table.cast(to_arrow(spec)), twin, compression=data_files.PARQUET_COMPRESSION,
                   row_group_size=data_files.PARQUET_ROW_GROUP)


def json_content_hash(path: Path) -> tuple[int, str]:
    """Rows and content hash of a CSV by the definition: sha256 of each row's json.dumps."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        digests = [hashlib.sha256(json.dumps(row).encode("utf-8")).digest() for row in reader]
    return len(digests), csv_text.digests_hash(b"".join(digests))


def package_files_check(folder: Path) -> list[str]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    seen = release_files.Seen()
    return (release_files.check_hashes(folder, descriptor, seen)
            + release_files.check_contents(folder, descriptor, seen))


def timed(fn, *args):  # noqa: ANN001, ANN202
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def pandera_check(folder: Path) -> list[str]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    frames, problems = read_frames(folder, descriptor)
    tables = load_tables()
    for name, spec in tables.items():
        problems += check_schema(spec, frames[name])
    return problems + check_keys(frames, tables)


def plant_errors(folder: Path) -> None:
    """A duplicate statement key, a speaker that is no actor and a mode outside the enum."""
    path = folder / "data" / "statements.csv"
    with path.open("a", encoding="utf-8") as fh:
        first = path.open(encoding="utf-8").readlines()[1]
        cells = first.rstrip("\n").split(",")
        fh.write(first)  # duplicate key
        fh.write(",".join([cells[0][:-1] + "z"] + cells[1:3] + ["ac_ffffffffffff"] + cells[4:])
                 + "\n")
        fh.write(",".join(["st_fffffffffff0"] + cells[1:4] + ["shouted"] + cells[5:]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--slow-rows", type=int, default=100_000)
    parser.add_argument("--skip-frictionless", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big, n_big = write_package(Path(tmp) / "big", args.rows)
        small, n_small = write_package(Path(tmp) / "small", args.slow_rows)
        print(f"validation: {n_big} rows (DuckDB), {n_small} rows (pandera, Frictionless)")
        per = 100_000
        seconds, problems = timed(check_resources, big,
                                  json.loads((big / "datapackage.json").read_text()))
        assert problems == [], problems[:5]
        print(f"  duckdb fastcheck   {seconds:7.2f} s for {n_big} rows  "
              f"({seconds / n_big * per:6.3f} s per 100k)")
        sample, problems = timed(check_sample, big / "datapackage.json",
                                 SAMPLE_ROWS)
        assert problems == [], problems[:5]
        print(f"  frictionless {SAMPLE_ROWS}-row sample per file{sample:7.2f} s  "
              f"(duckdb + sample: {seconds + sample:.2f} s for {n_big} rows)")
        add_twins(big)
        files, problems = timed(package_files_check, big)
        assert problems == [], problems[:5]
        print(f"  package files      {files:7.2f} s for {n_big} rows  "
              f"({files / n_big * per:6.3f} s per 100k: hashes, rows, content hashes, Parquet)")
        seconds, problems = timed(pandera_check, small)
        assert problems == [], problems[:5]
        print(f"  pandera + keys     {seconds:7.2f} s for {n_small} rows  "
              f"({seconds / n_small * per:6.3f} s per 100k)")
        if not args.skip_frictionless:
            seconds, problems = timed(check_frictionless, small / "datapackage.json")
            assert problems == [], problems[:5]
            print(f"  frictionless full  {seconds:7.2f} s for {n_small} rows  "
                  f"({seconds / n_small * per:6.3f} s per 100k)")
        plant_errors(big)
        found = check_resources(big, json.loads((big / "datapackage.json").read_text()))
        rules = sorted({p.split("rule '")[1].split("'")[0] for p in found})
        print(f"  planted 3 errors in {n_big + 3} rows: duckdb found {len(found)} problem(s), "
              f"rules {rules}")


if __name__ == "__main__":
    main()
