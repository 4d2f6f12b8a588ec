"""Writes pipeline/lexicons/given_names.txt from the name data of nomquamgender (MIT licence,
see pipeline/lexicons/NQG_LICENSE_MIT.txt): given names whose readers are mostly of one gender,
one a line as "name<TAB>f" or "name<TAB>m". The pronoun rules read it to tell "she" from "he".

    pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg && unzip /tmp/nqg/*.whl -d /tmp/nqg
    python scripts/given-names.py /tmp/nqg/nomquamgender/name_data.json

A name is kept when at least MIN_COUNT people bore it in the package's sources and the share of
women among them (its p(gf)) is at most THRESHOLD or at least 1 - THRESHOLD: the package's own
default threshold for a name that is classified.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

MIN_COUNT = 50
THRESHOLD = 0.1
NAME = re.compile(r"^[a-z][a-z'\-]+$")
OUT = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons" / "given_names.txt"


def main(path: str) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    lines = []
    for name, (_, count, p_female, *_) in sorted(data.items()):
        if not NAME.match(name) or count < MIN_COUNT:
            continue
        if p_female <= THRESHOLD:
            lines.append(f"{name}\tm")
        elif p_female >= 1 - THRESHOLD:
            lines.append(f"{name}\tf")
    header = ("# Given names and the gender most who bear them share (f, m), "
              "from nomquamgender 0.1.4\n")
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} names to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
