"""write_site: the files of the site, byte-stable, offline, linked, and the text rules."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.site import write_site
from pipeline.site.package import SiteError

from .conftest import PACKAGE, ROOT, SOURCE, copy_package, read_rows, withhold

TABLES = [r["name"] for r in json.loads((PACKAGE / "datapackage.json").read_text())["resources"]]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_gives_the_same_bytes(seed_site: Path, tmp_path: Path):
    first = files_of(seed_site)
    out = tmp_path / "site"
    shutil.copytree(seed_site, out)
    # the same package and the same place relative to it: every file the same, byte for byte
    rebuilt = write_site(PACKAGE, seed_site, seeds_dir=ROOT / "seeds")
    again = files_of(seed_site)
    assert sorted(again) == sorted(first)
    assert [p for p in first if first[p] != again[p]] == []
    assert rebuilt.files == len(first) and rebuilt.bytes == sum(map(len, first.values()))


def test_the_pages_it_writes(seed_site: Path):
    written = set(files_of(seed_site))
    actors = {f"actors/{r['actor_id']}.html" for r in read_rows(PACKAGE, "actors")}
    expected = {"index.html", "site.json", "sources/index.html", f"sources/{SOURCE}.html",
                "actors/index.html", "tables/index.html", "pictures/index.html",
                "pictures/network.svg", "pictures/timeline.svg", "assets/site.css",
                "assets/site.js", "assets/tables.js", *actors,
                *(f"tables/{t}.html" for t in TABLES)}
    assert written == expected
    manifest = json.loads((seed_site / "site.json").read_text())
    assert manifest["files"] == {p: hashlib.sha256((seed_site / p).read_bytes()).hexdigest()
                                 for p in sorted(expected - {"site.json"})}


def test_nothing_is_fetched_from_the_network(seed_site: Path):
    for path, data in files_of(seed_site).items():
        text = data.decode("utf-8")
        assert not re.search(r'(src|srcset)="(https?:)?//', text), path
        assert not re.search(r'<link[^>]+href="(https?:)?//', text), path
        assert not re.search(r"url\((?!#)|@import", text), path  # url(#id): inside the file
        assert "fonts.googleapis" not in text and "cdn" not in text.lower(), path


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def test_every_link_leads_somewhere(seed_site: Path):
    """Pages, anchors and downloads: each relative link names a file, and its #anchor an id
    there; the downloads lead into the package folder."""
    parsed: dict[Path, Links] = {}

    def parse(path: Path) -> Links:
        if path not in parsed:
            parsed[path] = Links()
            parsed[path].feed(path.read_text(encoding="utf-8"))
        return parsed[path]

    checked = 0
    for page in sorted(seed_site.rglob("*.html")):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                assert "wikidata.org" in parts.netloc, (page, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), (page, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, (page, link)
            checked += 1
    assert checked > 500
    home = parse(seed_site / "index.html").links
    for needed in ("datapackage.json", "README.md#extraction", "CHANGELOG.md",
                   "diplomatic_talks.duckdb", "data/statements.csv", "data/statements.parquet"):
        assert any((seed_site / link.split("#")[0]).resolve()
                   == (PACKAGE / needed.split("#")[0]).resolve()
                   and link.endswith(needed) for link in home), needed


def test_the_home_page_counts_the_package(seed_site: Path):
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r'<tr data-table="([a-z_]+)">.*?data-count="(\d+)"', home))
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text())
    assert shown == {t: str(len(read_rows(PACKAGE, t))) for t in TABLES}
    assert shown == {r["name"]: str(r["x_rows"]) for r in descriptor["resources"]}
    assert f"<strong>{descriptor['version']}</strong>, created {descriptor['created']}" in home
    assert "from 2022-01-13 to 2022-01-13" in home


def test_a_withheld_text_is_never_on_the_published_page(tmp_path: Path):
    package = withhold(copy_package(tmp_path / "package"))
    write_site(package, tmp_path / "site")
    html = (tmp_path / "site" / "sources" / f"{SOURCE}.html").read_text(encoding="utf-8")
    for p in read_rows(PACKAGE, "passages"):
        assert p["text_sha256"] in html
        if len(p["text"]) > 120:
            assert p["text"] not in html
    for s in read_rows(PACKAGE, "statements"):
        assert f'id="{s["statement_id"]}" data-id="{s["statement_id"]}" ' \
               f'data-start="{s["char_start"]}" data-end="{s["char_end"]}">' in html
    table = (tmp_path / "site" / "tables" / "passages.html").read_text(encoding="utf-8")
    assert not any(p["text"] in table for p in read_rows(PACKAGE, "passages") if p["text"])


def test_a_review_copy_shows_every_text_from_the_seeds(tmp_path: Path):
    package = withhold(copy_package(tmp_path / "package"))
    result = write_site(package, tmp_path / "review", seeds_dir=ROOT / "seeds")
    assert result.review_copy
    html = (tmp_path / "review" / "sources" / f"{SOURCE}.html").read_text(encoding="utf-8")
    assert "Review copy for maintainers — never publish it." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    shown = {int(start): unescape(re.sub(r"<[^>]+>", "", inner)) for start, inner in re.findall(
        r'<p class="text" lang="[a-z]+" data-start="(\d+)" data-end="\d+">(.*?)</p>', html, re.S)}
    text = (ROOT / "seeds" / "000_adcf2859e38c2429.txt").read_text(encoding="utf-8")
    assert shown == {int(p["char_start"]): text[int(p["char_start"]):int(p["char_end"])]
                     for p in read_rows(PACKAGE, "passages")}
    assert html.count('<mark id="st_') == len(read_rows(PACKAGE, "statements"))


def test_a_seeds_text_that_changed_is_not_shown(tmp_path: Path):
    seeds = shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    path = seeds / "000_adcf2859e38c2429.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nAdded later.\n", encoding="utf-8")
    package = withhold(copy_package(tmp_path / "package"))
    write_site(package, tmp_path / "review", seeds_dir=seeds)
    html = (tmp_path / "review" / "sources" / f"{SOURCE}.html").read_text(encoding="utf-8")
    assert "the seeds&#39; file differs from the one this release was built from" in html
    assert '<mark id="st_' not in html


def test_where_a_site_may_not_be_written(tmp_path: Path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine")
    with pytest.raises(SiteError, match=r"\[out-dir\] holds files that are not a site"):
        write_site(PACKAGE, tmp_path / "notes")
    assert (tmp_path / "notes" / "todo.txt").read_text() == "mine"
    with pytest.raises(SiteError, match=r"\[out-dir\] the site would replace the package"):
        write_site(PACKAGE, PACKAGE.parent)
    with pytest.raises(SiteError, match=r"\[review-copy-inside-package\]"):
        write_site(PACKAGE, PACKAGE / "review", seeds_dir=ROOT / "seeds")
    assert not (PACKAGE / "review").exists()
    with pytest.raises(SiteError, match=r"\[descriptor-missing\]"):
        write_site(tmp_path / "nothing", tmp_path / "site")


def test_the_pictures_carry_no_date_and_fixed_ids(seed_site: Path):
    for name in ("network.svg", "timeline.svg"):
        svg = (seed_site / "pictures" / name).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<dc:date>" not in svg
        assert len(re.findall(r"<(path|use|text)\b", svg)) > 20
