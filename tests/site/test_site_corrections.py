"""Correcting from the page: entries copied from the site, added to a copy of the seeds'
corrections.yaml, applied by a real build (`python -m pipeline build --seeds COPY --out TMP`)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from pipeline.tables.corrections import load_corrections

from .conftest import (
    DROPPED,
    FIXED,
    FOMIN,
    MINISTRY,
    PACKAGE,
    ROOT,
    RUSSIA,
    SOURCE,
    read_rows,
)

pytestmark = pytest.mark.slow


def test_every_entry_on_the_pages_is_a_valid_correction(seed_site: Path, tmp_path: Path):
    """Each entry the pages show, pasted under `corrections:`, passes the build's own checks."""
    shown = []
    for page in sorted(seed_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        shown += [unescape(text) for text in re.findall(
            r'<code class="yaml" data-action="[a-z_]+">(.*?)</code>', html, flags=re.S)]
    assert len(shown) > 100
    path = tmp_path / "corrections.yaml"
    path.write_text("corrections:\n" + "".join(shown), encoding="utf-8")
    corrections = load_corrections(path)
    assert len(corrections) == len(shown)
    assert {c.action for c in corrections} == {"drop", "fix", "merge_actors"}
    assert {c.table for c in corrections} >= {"statements", "meetings", "demands",
                                               "demand_responses", "actors",
                                               "meeting_participants"}
    assert all(c.reason == "…" for c in corrections)  # the placeholder the maintainer replaces


def test_corrections_copied_from_the_pages_are_applied(corrected_package: Path):
    statements = {r["statement_id"]: r for r in read_rows(corrected_package, "statements")}
    assert DROPPED not in statements
    assert statements[FIXED]["speaker_id"] == FOMIN
    actors = {r["actor_id"] for r in read_rows(corrected_package, "actors")}
    assert MINISTRY not in actors and RUSSIA in actors
    mentions = read_rows(corrected_package, "actor_mentions")
    assert not [m for m in mentions if m["actor_id"] == MINISTRY]
    changelog = (corrected_package / "CHANGELOG.md").read_text(encoding="utf-8")
    for reason in ("Not a statement", "Said by Fomin", "The ministry speaks for Russia"):
        assert reason in changelog


def test_a_withheld_source_keeps_quotes_not_passages(corrected_package: Path):
    sources = read_rows(corrected_package, "sources")
    assert [s["redistribute_text"] for s in sources] == ["false"]
    assert all(p["text"] == "" for p in read_rows(corrected_package, "passages"))
    assert all(s["text"] for s in read_rows(corrected_package, "statements"))


def test_the_withheld_page_shows_no_passage_text(corrected_site: Path):
    html = (corrected_site / "sources" / f"{SOURCE}.html").read_text(encoding="utf-8")
    text = (ROOT / "seeds" / "000_adcf2859e38c2429.txt").read_text(encoding="utf-8")
    passages = read_rows(PACKAGE, "passages")
    for p in passages:
        passage = text[int(p["char_start"]):int(p["char_end"])]
        if len(passage) > 120:  # long enough that no record's own words can hold all of it
            assert passage not in html
    assert html.count("Text withheld (") == len(passages)
    assert '<mark class="hl' not in html.split('<ol class="passages">')[1]
    for s in read_rows(PACKAGE, "statements"):
        if s["statement_id"] != DROPPED:
            assert f'id="{s["statement_id"]}"' in html  # the anchor is on its quoted words


def test_the_changed_descriptor_is_read(corrected_site: Path, corrected_package: Path):
    descriptor = json.loads((corrected_package / "datapackage.json").read_text("utf-8"))
    home = (corrected_site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{descriptor['version']}</strong>" in home
    assert "1 with their text withheld" in home
