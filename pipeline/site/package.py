"""A package folder read for the site: its descriptor and every table, with the standard library.

Only the files a release publishes are read (datapackage.json and data/<table>.csv), so the
site can be built from any release, staged or kept in versions/X.Y.Z/. Cells are typed from the
descriptor's own Table Schema: integer, number and boolean become Python values, an empty cell
is None, everything else stays text (dates too: ISO text sorts as dates do).
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PipelineError

Row = dict[str, Any]
TABLES = ("sources", "passages", "actors", "actor_mentions", "statements", "meetings",
          "meeting_participants", "meeting_mentions", "demands", "demand_responses")
# The tables whose records carry evidence spans and are shown over their source text.
EVIDENCE = ("statements", "meetings", "meeting_mentions", "demands", "demand_responses",
            "actor_mentions")


class SiteError(PipelineError):
    """The site cannot be built from this folder; names the file and the rule."""


@dataclass(frozen=True)
class Table:
    """One resource: its descriptor entry, column names and types, and typed rows."""

    name: str
    resource: dict[str, Any]
    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def key(self) -> tuple[str, ...]:
        key = self.resource.get("schema", {}).get("primaryKey", [])
        return tuple([key] if isinstance(key, str) else key)


@dataclass(frozen=True)
class Package:
    """A release as the site sees it."""

    folder: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version") or "unversioned")

    @property
    def created(self) -> str:
        return str(self.descriptor.get("created") or "")

    def rows(self, name: str) -> tuple[Row, ...]:
        """Rows of a table; () when the release has no such table."""
        table = self.tables.get(name)
        return table.rows if table else ()


def load_package(folder: Path) -> Package:
    """Read `folder`/datapackage.json and each resource's CSV. Raises SiteError."""
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteError(str(path), None, "descriptor-missing",
                        "no datapackage.json: --package names the folder of a release") from None
    except (OSError, ValueError) as err:
        raise SiteError(str(path), None, "descriptor-json", f"cannot be read: {err}") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise SiteError(str(path), None, "descriptor-shape", "expected an object with resources")
    tables = {}
    for resource in descriptor["resources"]:
        table = _read_table(folder, resource)
        tables[table.name] = table
    return Package(folder=folder, descriptor=descriptor, tables=tables)


def _read_table(folder: Path, resource: Any) -> Table:
    name = resource.get("name") if isinstance(resource, dict) else None
    rel = resource.get("path") if isinstance(resource, dict) else None
    if not isinstance(name, str) or not isinstance(rel, str) or Path(rel).is_absolute() \
            or ".." in Path(rel).parts:
        raise SiteError(str(folder / "datapackage.json"), f"resource {name!r}", "resource-path",
                        "each resource needs a name and a relative path inside the package")
    fields = resource.get("schema", {}).get("fields", [])
    types = {f["name"]: f.get("type", "string") for f in fields}
    path = folder / rel
    csv.field_size_limit(sys.maxsize)  # a passage may be longer than csv's default 128 kB
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader, ()))
            kinds = tuple(types.get(c, "string") for c in header)
            converters = [CONVERT.get(k, _text) for k in kinds]
            rows = tuple({c: conv(v) for c, conv, v in zip(header, converters, cells, strict=True)}
                         for cells in reader)
    except FileNotFoundError:
        raise SiteError(str(path), None, "file-missing",
                        f"resource {name!r} names a file the folder does not hold") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise SiteError(str(path), None, "csv", f"cannot be read: {err}") from None
    return Table(name=name, resource=resource, columns=header, types=kinds, rows=rows)


def _text(cell: str) -> str | None:
    return cell if cell != "" else None


def _integer(cell: str) -> int | None:
    return int(cell) if cell != "" else None


def _number(cell: str) -> float | None:
    return float(cell) if cell != "" else None


def _boolean(cell: str) -> bool | None:
    if cell == "":
        return None
    if cell in ("true", "True", "TRUE", "1"):
        return True
    if cell in ("false", "False", "FALSE", "0"):
        return False
    raise ValueError(f"{cell!r} is not a boolean")


CONVERT = {"integer": _integer, "number": _number, "boolean": _boolean}
