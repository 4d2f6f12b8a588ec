"""A query's answer written for analysts: an aligned table, CSV, TSV, JSON or Parquet, on
standard output or into a file written atomically (never inside the package folder).

NULL is written as `NULL` in the table, an empty cell in CSV and TSV, `null` in JSON and a
Parquet null. Other values are written as Python prints DuckDB's value (`True`, `2022-01-13`,
`0.5`); JSON keeps numbers and booleans as such and writes dates as ISO text. TSV writes a
backslash, tab, newline or carriage return inside a value as `\\\\`, `\\t`, `\\n`, `\\r`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import PipelineError
from ..files import replacing

if TYPE_CHECKING:  # importing query loads DuckDB, which the command line defers
    from .engine import Answer

FORMATS = ("table", "csv", "tsv", "json", "parquet")
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".parquet": "parquet",
            ".txt": "table"}
TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
WIDE = 1_000_000  # console width for a table written to a file: columns keep their width


class OutputError(PipelineError):
    """The answer cannot be written where or how it was asked."""


def choose_format(requested: str | None, output: Path | None, terminal: bool) -> str:
    """The format asked for; else the output file's suffix; else a table on a terminal and TSV
    when piped (what scripts read)."""
    if requested:
        fmt = requested
    elif output is not None:
        fmt = SUFFIXES.get(output.suffix.lower(), "tsv")
    else:
        fmt = "table" if terminal else "tsv"
    if fmt == "parquet" and output is None:
        raise OutputError("query", None, "output", "parquet is binary: it needs --output FILE")
    return fmt


def check_output(output: Path, package_dir: Path) -> Path:
    """The absolute output path, refused inside the package folder or in a missing folder."""
    target = output.resolve()
    if target.is_relative_to(package_dir.resolve()):
        raise OutputError(str(output), None, "output", "is inside the package folder "
                          f"{package_dir}; a query never writes into the package",
                          hint="write the answer somewhere else")
    if not target.parent.is_dir():
        raise OutputError(str(output), None, "output", f"folder {target.parent} does not exist")
    if target.is_dir():
        raise OutputError(str(output), None, "output", "is a folder")
    return target


def _chunks(answer: Answer) -> Iterator[list[tuple[Any, ...]]]:
    """The answer's chunks, the first fetched before this returns: a query that fails before
    its first row fails before anything is written."""
    chunks = answer.chunks()
    first = next(chunks, None)
    return itertools.chain([] if first is None else [first], chunks)


def _rows(answer: Answer) -> Iterator[tuple[Any, ...]]:
    return itertools.chain.from_iterable(_chunks(answer))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_tsv(answer: Answer, out: IO[str]) -> None:
    rows = _rows(answer)
    out.write("\t".join(c.translate(TSV_ESCAPES) for c in answer.columns) + "\n")
    for row in rows:
        out.write("\t".join(_text(v).translate(TSV_ESCAPES) for v in row) + "\n")


def write_csv(answer: Answer, out: IO[str]) -> None:
    chunks = _chunks(answer)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(answer.columns)
    for chunk in chunks:
        writer.writerows([_text(v) for v in row] for row in chunk)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def write_json(answer: Answer, out: IO[str]) -> None:
    """A JSON array of objects, one per line; repeated column names are kept as written."""
    keys = [json.dumps(c, ensure_ascii=False) for c in answer.columns]
    rows = _rows(answer)
    out.write("[")
    first = True
    for row in rows:
        fields = ", ".join(f"{k}: {json.dumps(_json_value(v), ensure_ascii=False)}"
                           for k, v in zip(keys, row, strict=True))
        out.write(("\n" if first else ",\n") + "{" + fields + "}")
        first = False
    out.write("\n]\n")


def write_table(answer: Answer, out: IO[str], terminal: bool) -> None:
    """An aligned table (rich): cells folded to the terminal's width, or at their full width
    in a file."""
    from rich import box  # lazy, for start-up cost: only a table on a terminal needs rich
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for column in answer.columns:
        table.add_column(Text(column), overflow="fold")
    for row in _rows(answer):
        table.add_row(*[Text("NULL", style="dim") if v is None else Text(str(v)) for v in row])
    console = (Console(file=out) if terminal
               else Console(file=out, width=WIDE, color_system=None, soft_wrap=False))
    console.print(table)


def write_parquet(answer: Answer, path: Path) -> None:
    import pyarrow.parquet as pq  # lazy, for start-up cost: only --format parquet

    writer = None
    try:
        for batch in answer.batches():
            writer = writer or pq.ParquetWriter(path, batch.schema)
            writer.write_batch(batch)
        writer = writer or pq.ParquetWriter(path, answer.schema)
    finally:
        if writer is not None:
            writer.close()


def write_stream(answer: Answer, fmt: str, out: IO[str], terminal: bool = False) -> None:
    """Write the answer as `fmt` (any but parquet) to a text stream."""
    if fmt == "table":
        write_table(answer, out, terminal)
    else:
        {"csv": write_csv, "tsv": write_tsv, "json": write_json}[fmt](answer, out)


def write_file(answer: Answer, fmt: str, path: Path) -> None:
    """Write the answer as `fmt` into `path` atomically: a temporary file beside it, renamed
    over it once complete; nothing is left behind on failure."""
    try:
        with replacing(path) as tmp:
            if fmt == "parquet":
                write_parquet(answer, tmp)
            else:
                with tmp.open("w", encoding="utf-8", newline="") as out:
                    write_stream(answer, fmt, out)
    except OSError as err:
        if "Error: " in str(err):  # DuckDB's own error, passed on by Arrow
            raise
        raise OutputError(str(path), None, "output", err.strerror or str(err)) from None
