"""Quoting for DuckDB SQL, the one way names and values from a package reach a statement:
an identifier in double quotes, a value as a string literal, each quote character doubled
(DuckDB strings have no backslash escapes)."""

from __future__ import annotations


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """A quoted SQL string literal of `value`'s text."""
    return "'" + str(value).replace("'", "''") + "'"
