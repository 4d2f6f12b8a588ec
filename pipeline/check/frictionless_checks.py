"""The official Frictionless validator, run on a whole package (check_frictionless), on every
row of one resource (check_with_frictionless) or on the descriptor and the first rows of each
file (check_sample); its report worded as the other checks word theirs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frictionless import FrictionlessException, Package, Resource

SAMPLE_ROWS = 2_000  # rows of each file the official validator reads on the DuckDB path


def guarded(check: Callable[..., list[str]], *args: object) -> list[str]:
    """A check that runs Frictionless, which raises FrictionlessException, and on some
    malformed descriptors TypeError, ValueError, AttributeError, KeyError or OSError (a field
    that is not an object, a resource given as a string it takes for a file's path):
    reported as a problem of the descriptor."""
    try:
        return check(*args)
    except FrictionlessException as err:
        return [f"datapackage.json: rule 'frictionless' failed ({err.error.message})"]
    except (TypeError, ValueError, AttributeError, KeyError, OSError) as err:
        return [f"datapackage.json: rule 'frictionless' failed (cannot read the descriptor: "
                f"{type(err).__name__}: {err})"]


def check_frictionless(descriptor_path: Path) -> list[str]:
    """The official Frictionless validator over the whole package."""
    try:
        report = Package(str(descriptor_path)).validate()
    except FrictionlessException as err:
        return [f"datapackage.json: rule 'frictionless' failed ({err.error.message})"]
    return frictionless_messages(report)


def frictionless_messages(report: Any) -> list[str]:
    """A Frictionless report as problem lines: `<resource>: row N: column C: rule 'R' failed
    (note)`, then the package-level errors."""
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            where = f"row {row}" if row else "table"
            if field := getattr(error, "field_name", None):
                where += f": column {field}"
            problems.append(f"{task.name}: {where}: rule '{error.type}' failed ({error.note})")
    return problems + [f"datapackage.json: rule '{e.type}' failed ({e.note})"
                       for e in report.errors]


def check_with_frictionless(package_dir: Path, descriptor: dict[str, Any], name: str
                            ) -> list[str]:
    """The official Frictionless validator on every row of one resource (its foreign keys
    too), as check_frictionless runs it on the package; hashes are check_hashes's."""
    resources = [{k: v for k, v in r.items() if k not in ("hash", "bytes")}
                 for r in descriptor["resources"]]
    try:
        package = Package({**descriptor, "resources": resources}, basepath=str(package_dir))
        return frictionless_messages(package.validate(name=name))
    except FrictionlessException as err:
        return [f"{name}: table: rule 'frictionless' failed ({err.error.message})"]


def check_sample(descriptor_path: Path, sample_rows: int) -> list[str]:
    """The official Frictionless validator on the descriptor, and on the first rows of each
    file (read with its schema minus foreign keys, which DuckDB checks on every row)."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    report = Package.validate_descriptor(str(descriptor_path))
    problems = [f"datapackage.json: rule '{e.type}' failed ({e.note})" for e in report.errors]
    for res in descriptor.get("resources", []):
        local = {**res, "schema": {k: v for k, v in res["schema"].items() if k != "foreignKeys"}}
        local.pop("hash", None)  # a hash covers the whole file; check_hashes verifies it
        local.pop("bytes", None)
        rows = Resource(local, basepath=str(descriptor_path.parent)).validate(
            limit_rows=sample_rows)
        problems += frictionless_messages(rows)
    return problems
