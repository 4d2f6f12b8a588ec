"""The CAMEO codebook resource: codes as strings with their labels and PLOVER types, its own
licence in the descriptor, and every code the extractor can emit in it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline.metadata.codebook import codebook_rows
from tests.factories import do_publish

LEXICONS = Path(__file__).resolve().parent.parent / "pipeline" / "lexicons"


def test_codes_are_strings_with_their_leading_zeros() -> None:
    rows = {r["cameo_code"]: r for r in codebook_rows()}
    assert rows["043"] == {"cameo_code": "043", "cameo_label": "Host a visit",
                           "plover_event": "CONSULT", "plover_mode": "visit",
                           "plover_context": None}
    assert rows["03"]["cameo_label"] is None and rows["03"]["plover_event"] == "AGREE"
    assert list(rows) == sorted(rows)


def test_a_code_listed_twice_keeps_its_first_line() -> None:
    rows = {r["cameo_code"]: r for r in codebook_rows()}
    assert rows["08"]["plover_event"] == "CONCEDE"  # the table lists 08 again as RETREAT
    assert rows["175"]["cameo_label"] == "Use violent repression"


def test_every_code_the_extractor_emits_is_in_the_codebook() -> None:
    emitted = set(yaml.safe_load((LEXICONS / "cameo.yaml").read_text("utf-8"))["codes"])
    emitted |= set(yaml.safe_load((LEXICONS / "meetings.yaml").read_text("utf-8"))["cameo"]
                   .values())
    assert emitted <= {r["cameo_code"] for r in codebook_rows()}


def test_the_resource_keeps_its_own_licence(tmp_path: Path) -> None:
    do_publish(tmp_path / "pkg")
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    [resource] = [r for r in descriptor["resources"] if r["name"] == "cameo_codes"]
    assert resource["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    lines = (tmp_path / "pkg" / "data" / "cameo_codes.csv").read_text("utf-8").splitlines()
    assert lines[0] == "cameo_code,cameo_label,plover_event,plover_mode,plover_context"
    assert "043,Host a visit,CONSULT,visit," in lines
