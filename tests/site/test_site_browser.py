"""The review site in a real browser: headless Chromium (Debian's), driven by Playwright, pages
opened from disk (file://). Screenshots are kept under the session's temporary folder."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.site import write_site

from .conftest import PACKAGE, ROOT, SOURCE, make_large_package, read_rows

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.slow


def _chromium() -> None:
    """Install Debian's chromium with the project's script when it is missing; skip only when
    it cannot be had here at all (not root, no apt, no package)."""
    if not CHROMIUM.exists():
        done = subprocess.run(["bash", str(ROOT / "scripts" / "install-chromium.sh")],
                              capture_output=True, text=True, timeout=900)
        if not CHROMIUM.exists():
            pytest.skip(f"chromium cannot be installed here: {done.stderr.strip()[-300:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements.lock)")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        yield context
        context.close()


class Page:
    """A page opened from disk that records console errors, page errors and any request that
    is not for a file."""

    def __init__(self, browser, path: Path) -> None:  # noqa: ANN001
        self.problems: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: r.url.startswith("file://")
                     or self.problems.append(f"request: {r.url}"))
        self.page.goto(path.as_uri())

    def close(self) -> list[str]:
        self.page.close()
        return self.problems


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots: {folder}")
    return folder


def test_every_page_opens_without_errors(browser, seed_site: Path):
    for path in sorted(seed_site.rglob("*.html")):
        page = Page(browser, path)
        assert page.close() == [], path


def test_every_record_is_highlighted_at_its_exact_span(browser, seed_site: Path):
    page = Page(browser, seed_site / "sources" / f"{SOURCE}.html")
    found = page.page.eval_on_selector_all(
        "p.text [data-id]", "els => els.map(e => [e.dataset.id, +e.dataset.start, "
        "+e.dataset.end, e.textContent, e.id])")
    assert page.close() == []
    parts: dict[str, list] = {}
    for record_id, start, end, text, anchor in found:
        parts.setdefault(record_id, []).append((start, end, text, anchor))
    checked = 0
    for table, key in (("statements", "statement_id"), ("meetings", "meeting_id"),
                       ("demands", "demand_id"), ("demand_responses", "response_id"),
                       ("meeting_mentions", "mention_id"), ("actor_mentions", "mention_id")):
        for row in read_rows(PACKAGE, table):
            start, end = int(row["char_start"]), int(row["char_end"])
            shown = parts[row[key]]
            assert shown[0][0] == start and shown[-1][1] == end, row
            assert "".join(p[2] for p in shown) == row["text"], row
            for s, e, text, _ in shown:
                assert text == row["text"][s - start:e - start]
            assert shown[0][3] == row[key]  # the anchor the actor pages link to
            checked += 1
    assert checked == sum(len(read_rows(PACKAGE, t)) for t in (
        "statements", "meetings", "demands", "demand_responses", "meeting_mentions",
        "actor_mentions"))


def test_focus_shows_the_record_and_copy_gives_its_entry(browser, seed_site: Path):
    page = Page(browser, seed_site / "sources" / f"{SOURCE}.html")
    p = page.page
    p.focus("#st_13fd14048bb5")
    tip = p.locator("#tip")
    assert tip.is_visible()
    assert "st_13fd14048bb5" in tip.inner_text() and "Russian Defence Ministry" in tip.inner_text()
    p.keyboard.press("Escape")
    assert not tip.is_visible()
    p.keyboard.press("Tab")  # from the quote to the next highlight, by keyboard alone
    assert p.evaluate("document.activeElement.classList.contains('hl')")
    card = p.locator("#card-st_13fd14048bb5")
    card.locator("summary").click()
    button = card.locator("button.copy").first
    button.click()
    p.wait_for_function("b => b.textContent !== 'Copy'", arg=button.element_handle())
    assert button.inner_text() == "Copied"
    shown = card.locator("code.yaml").first.inner_text()
    copied = p.evaluate("navigator.clipboard.readText()")
    assert copied == shown and "    id: st_13fd14048bb5\n" in copied
    # without a clipboard (an old browser, a page not in a secure context): the text is selected
    p.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    second = card.locator("button.copy").nth(1)
    second.click()
    p.wait_for_function("b => b.textContent !== 'Copy'", arg=second.element_handle())
    assert second.inner_text() in ("Copied", "Selected: press Ctrl+C")
    selected = p.evaluate("window.getSelection().toString()")
    assert selected.rstrip() == card.locator("code.yaml").nth(1).inner_text().rstrip()
    assert "action: fix" in selected and "set: {speaker_id: ac_aa910347e338}" in selected
    folded = p.locator("details.mentions").first
    folded.locator("summary").click()
    mention = folded.locator("li.mention").first
    mention.locator("button.entries-open").click()
    assert "action: fix" in mention.locator(".entries").inner_text()
    assert page.close() == []


def test_the_home_page_counts_equal_the_package(browser, seed_site: Path):
    page = Page(browser, seed_site / "index.html")
    shown = page.page.eval_on_selector_all(
        "tr[data-table]", "rows => rows.map(r => [r.dataset.table, "
        "+r.querySelector('[data-count]').textContent])")
    assert page.close() == []
    assert dict(shown) == {t: len(read_rows(PACKAGE, t)) for t, _ in shown}
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert [t for t, _ in shown] == [r["name"] for r in descriptor["resources"]]


def test_a_large_table_filters_and_sorts_quickly(browser, tmp_path: Path):
    package = make_large_package(tmp_path / "package", copies=200)
    write_site(package, tmp_path / "site")
    rows = read_rows(package, "actor_mentions")
    assert len(rows) > 20_000
    page = Page(browser, tmp_path / "site" / "tables" / "actor_mentions.html")
    p = page.page
    status = p.locator("#status")
    assert status.inner_text() == f"rows 1–100 of {len(rows):,}"
    started = time.perf_counter()
    p.fill("#filter", "method:pronoun")
    expected = sum(1 for r in rows if "pronoun" in r["method"])
    p.wait_for_function("n => document.getElementById('status').textContent.includes(n)",
                        arg=f"of {expected:,} ")
    assert time.perf_counter() - started < 2.0  # 120 ms of typing pause, then the filter
    assert p.locator("#grid tbody tr").count() == 100
    assert set(p.eval_on_selector_all("#grid tbody tr td:nth-child(5)",
                                      "cells => cells.map(c => c.textContent)")) == {"pronoun"}
    p.click("#grid th[data-col='5'] button")  # char_start, ascending
    starts = p.eval_on_selector_all("#grid tbody tr td:nth-child(6)",
                                    "cells => cells.map(c => +c.textContent)")
    assert starts == sorted(starts) and starts[0] == min(
        int(r["char_start"]) for r in rows if r["method"] == "pronoun")
    assert page.close() == []


def test_a_withheld_source_shows_no_passage_text(browser, corrected_site: Path):
    page = Page(browser, corrected_site / "sources" / f"{SOURCE}.html")
    text = page.page.inner_text("body")
    assert page.close() == []
    seed = (ROOT / "seeds" / "000_adcf2859e38c2429.txt").read_text(encoding="utf-8")
    for p in read_rows(PACKAGE, "passages"):
        passage = seed[int(p["char_start"]):int(p["char_end"])]
        if len(passage) > 120:
            assert passage not in text
    assert text.count("Text withheld") == len(read_rows(PACKAGE, "passages"))


def _colours(path: Path) -> tuple[int, float]:
    """Distinct colours and the share of pixels that are not the background (the corner's)."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 24)}
    background = counts[image.getpixel((0, 0))]
    return len(counts), 1 - background / (image.width * image.height)


def test_screenshots_are_not_blank(browser, seed_site: Path, shots: Path):
    page = Page(browser, seed_site / "sources" / f"{SOURCE}.html")
    page.page.screenshot(path=str(shots / "source.png"), full_page=True)
    assert page.close() == []
    distinct, share = _colours(shots / "source.png")
    assert distinct > 200 and share > 0.05, (distinct, share)
    page = Page(browser, seed_site / "pictures" / "index.html")
    page.page.wait_for_function("document.getElementById('network').complete")
    assert page.page.evaluate("document.getElementById('network').naturalWidth") > 500
    page.page.locator("#network").screenshot(path=str(shots / "network.png"))
    assert page.close() == []
    distinct, share = _colours(shots / "network.png")
    assert distinct > 50 and share > 0.02, (distinct, share)
