"""Writes metadata/enums.py from schemas/: a constant for every table and for every value of
every enumerated column, so that code names `ActorType.PERSON` where it would spell "person".

    python -m pipeline.metadata.generate

tests/test_schema.py renders the file again and fails on any difference: edit schemas/, then
run this.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from .specs import TableSpec, load_tables

ENUMS_FILE = Path(__file__).resolve().parent / "enums.py"
HEADER = '''"""Constants of the package's tables and enumerated columns, generated from schemas/ by
`python -m pipeline.metadata.generate`: do not edit by hand (tests/test_schema.py renders it
again and fails on any difference)."""

from __future__ import annotations

from enum import StrEnum
'''


def _docstring(text: str) -> list[str]:
    lines = textwrap.wrap(f'"""{text}"""', width=92, break_long_words=False,
                          break_on_hyphens=False)
    return [f"    {line}" for line in lines]


def _class(name: str, doc: str, values: list[str]) -> list[str]:
    body = [f'    {value.upper()} = "{value}"' for value in values]
    return ["", "", f"class {name}(StrEnum):", *_docstring(doc), "", *body]


def render_enums(tables: dict[str, TableSpec] | None = None) -> str:
    """The text of metadata/enums.py for these table specs (default: schemas/')."""
    tables = tables if tables is not None else load_tables()
    lines = HEADER.splitlines()
    lines += _class("Table", "The package's tables, in resource order (schemas/package.yaml).",
                    list(tables))
    extracted = [f"    Table.{n.upper()}," for n, s in tables.items() if s.made_by == "extract"]
    lines += ["", "", "# The tables whose rows extraction makes (made_by: extract), in resource "
              "order.", "EXTRACTED_TABLES = (", *extracted, ")"]
    seen: dict[str, list[str]] = {}
    for spec in tables.values():
        for field in spec.fields:
            if field.enum_class is None or field.enum_class in seen:
                continue
            values = seen[field.enum_class] = list(field.constraints["enum"])
            doc = f"{spec.name}.{field.name}: {field.description}"
            lines += _class(field.enum_class, doc, values)
    return "\n".join(lines) + "\n"


def main() -> None:
    ENUMS_FILE.write_text(render_enums(), encoding="utf-8")
    print(f"wrote {ENUMS_FILE}")


if __name__ == "__main__":
    main()
