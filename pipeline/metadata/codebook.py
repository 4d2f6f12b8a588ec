"""The CAMEO codebook shipped with the package: every CAMEO 1.1b3 event code with its label and
the PLOVER event type, mode and context it maps to, read from the PLOVER project's conversion
table (codebooks/CAMEO2PLOVER-2021.txt; Schrodt, 2021; CC BY-SA 4.0, so the resource built from
it carries that licence, not the package's)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

CODEBOOK_FILE = Path(__file__).with_name("codebooks") / "CAMEO2PLOVER-2021.txt"
CODEBOOK_NAME = "CAMEO 1.1b3 via PLOVER CAMEO2PLOVER-2021"
CODEBOOK_SOURCE = {"title": "PLOVER: CAMEO to PLOVER conversion table (Schrodt, 2021)",
                   "path": "https://github.com/openeventdata/PLOVER"}
CODEBOOK_LICENCE = {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution Share "
                    "Alike 4.0", "path": "https://creativecommons.org/licenses/by-sa/4.0/"}
# `0311: AGREE,  ,   economic # Express intent to cooperate economically`; a root code
# (`03: AGREE`) has neither mode, context nor label.
LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<rest>[^#]*?)\s*(?:#\s*(?P<label>.*))?$")


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _row(match: re.Match[str]) -> dict[str, str | None]:
    parts = [*match["rest"].split(",", 2), "", ""][:3]
    return {"cameo_code": match["code"], "cameo_label": _clean(match["label"]),
            "plover_event": _clean(parts[0]), "plover_mode": _clean(parts[1]),
            "plover_context": _clean(parts[2])}


@functools.cache
def codebook_rows(path: Path = CODEBOOK_FILE) -> tuple[dict[str, str | None], ...]:
    """One row per CAMEO code, in code order; a code the table lists twice keeps its first
    line. Codes stay strings: '043' is not 43."""
    rows: dict[str, dict[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if (match := LINE.match(line.strip())) and match["code"] not in rows:
            rows[match["code"]] = _row(match)
    return tuple(rows[code] for code in sorted(rows))
