"""Every map from a Table Schema type (the `type` of a field in schemas/fields.yaml) to what
stands for it elsewhere, one map per target form, and the per-type rules that go with them:

- Python: the type a value must have (PYTHON) and how a message names it (WORDS); `typed`;
- pandas: the dtype of a frame's column, required or nullable (PANDAS);
- pandera: the dtype its schema checks, required or nullable (PANDERA);
- Arrow: the type of the Parquet twin's column (ARROW);
- DuckDB: the column type of a typed table (DUCKDB); the SQL that finds a CSV cell that is not
  of the type (DUCKDB_TEXT_TESTS) and the casts a cell is compared with a bound as
  (DUCKDB_BOUND_CASTS);
- CSV text: how a value is written (`to_text`) and read back (`TEXT_TRUE`, `TEXT_FALSE`);
- the descriptor: what a minimum or maximum of the type may be (`is_bound`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pyarrow

TYPES = ("string", "integer", "number", "boolean", "date")  # the types the package uses

PYTHON: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "date": dt.date}
WORDS = {"string": "a string", "integer": "a whole number", "number": "a number",
         "boolean": "true or false (not quoted)", "date": "an ISO date (YYYY-MM-DD)"}
# (required, nullable): a frame holds dates as Python `date` objects, in object columns.
PANDAS: dict[str, tuple[Any, Any]] = {
    "string": ("str", "str"),
    "integer": ("int64", "Int64"),
    "number": ("float64", "Float64"),
    "boolean": ("bool", "boolean"),
    "date": (object, object),
}
# (required, nullable): pandera's dtypes for those columns; `date` is pandera's Date.
PANDERA: dict[str, tuple[Any, Any]] = {
    "string": (str, str),
    "integer": ("int64", "Int64"),
    "number": ("float64", "Float64"),
    "boolean": ("bool", "boolean"),
    "date": (dt.date, dt.date),
}
ARROW = {"string": pyarrow.string(), "integer": pyarrow.int64(), "number": pyarrow.float64(),
         "boolean": pyarrow.bool_(), "date": pyarrow.date32()}
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN",
          "date": "DATE"}

# A CSV cell as Frictionless reads it: the texts of true and false, and, per type, the DuckDB
# condition ({c}: the quoted column of text cells) that holds for a cell not of the type.
TEXT_TRUE = ("true", "True", "TRUE", "1")
TEXT_FALSE = ("false", "False", "FALSE", "0")
DUCKDB_TEXT_TESTS = {
    "integer": "NOT regexp_full_match({c}, '[+-]?[0-9]+')",
    "number": "TRY_CAST({c} AS DOUBLE) IS NULL",
    "boolean": "{c} NOT IN ('" + "', '".join(TEXT_TRUE + TEXT_FALSE) + "')",
    "date": "NOT regexp_full_match({c}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            "OR TRY_CAST({c} AS DATE) IS NULL",
}
# minimum/maximum compare as the first of these types a cell casts to: an integer beyond
# HUGEINT's 128 bits as DOUBLE (exact far outside any bound, as Frictionless's Python int).
DUCKDB_BOUND_CASTS = {"integer": ("HUGEINT", "DOUBLE"), "number": ("DOUBLE",),
                      "date": ("DATE",)}


def typed(ftype: str, value: Any) -> Any:
    """`value` as the type's Python value (an ISO date string becomes a date); raises
    ValueError("field-type", what the type is in words) when it is not of the type."""
    if value is None:
        return None
    if ftype == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("field-type", WORDS["date"]) from None
    if isinstance(value, bool) != (ftype == "boolean") or not isinstance(value, PYTHON[ftype]):
        raise ValueError("field-type", WORDS[ftype])
    return value


def to_text(value: Any, ftype: str) -> str:
    """One value as CSV text: missing -> "", booleans true/false, dates ISO, floats repr."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if ftype == "boolean":
        return "true" if bool(value) else "false"
    if ftype == "integer":
        return str(int(value))
    if ftype == "number":
        return repr(float(value))
    if ftype == "date":
        return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]
    return str(value)


def is_bound(ftype: str, value: Any) -> bool:
    """Whether a minimum or maximum is a value of the type."""
    if ftype in ("integer", "number"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if ftype == "date":
        return isinstance(value, str) and _is_date(value)
    return isinstance(value, str | int | float)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True

