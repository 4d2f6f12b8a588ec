"""One release, one download: SHA256SUMS over every file, a zip byte-identical on rebuild, the
review site inside the release and covered by both, and version folders that keep text only."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from pipeline.release.verify import verify
from tests.factories import do_publish, make_context

ROOT = Path(__file__).resolve().parent.parent
ZIP = "dist/diplomatic-talks-1.0.0.zip"


def _quality() -> dict:
    figures = json.loads((ROOT / "evaluation" / "quality.json").read_text(encoding="utf-8"))
    return next(iter(figures.values()))


def test_sums_list_every_release_file_with_its_sha256(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    do_publish(out)
    listed = dict(reversed(line.split("  ", 1))
                  for line in (out / "SHA256SUMS").read_text("utf-8").splitlines())
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {f for f in files if f.split("/")[0] not in ("versions", "dist")} - {"SHA256SUMS"}
    assert set(listed) == expected
    assert {"site/index.html", "diplomatic_talks.duckdb", "changes.csv"} <= expected
    for rel, digest in listed.items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest, rel


def test_the_zip_is_byte_identical_on_rebuild_and_holds_the_release(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "pkg", tmp_path / "b" / "pkg"
    do_publish(a)
    do_publish(b)
    assert (a / ZIP).read_bytes() == (b / ZIP).read_bytes()
    with zipfile.ZipFile(a / ZIP) as zf:
        names = zf.namelist()
        assert names == sorted(names) and all(n.startswith("diplomatic-talks-1.0.0/")
                                              for n in names)
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        inner = zf.read("diplomatic-talks-1.0.0/SHA256SUMS")
    assert inner == (a / "SHA256SUMS").read_bytes()


def test_version_folders_keep_text_files_only(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    do_publish(out)
    kept = sorted(p.relative_to(out / "versions" / "1.0.0").as_posix()
                  for p in (out / "versions" / "1.0.0").rglob("*") if p.is_file())
    assert not [k for k in kept if k.endswith((".parquet", ".duckdb", ".html", ".zip"))]
    assert {"datapackage.json", "README.md", "CHANGELOG.md", "changes.csv", "SHA256SUMS",
            "data/actors.csv"} <= set(kept)


def test_site_home_shows_counts_and_quality_with_what_it_was_measured_on(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    quality = _quality()
    do_publish(out, context=make_context(quality=quality))
    home = (out / "site" / "index.html").read_text(encoding="utf-8")
    dev = quality["dev"]
    assert f"{dev['title']} ({dev['texts']} texts)" in home
    assert f"<strong>{dev['statements']['f1']:.3f}</strong>" in home
    assert f"Measured on {quality['measured_on']}" in home
    assert 'href="../SHA256SUMS"' in home and 'href="../changes.csv"' in home
    descriptor = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert descriptor["x_quality"]["parts"][0]["part"] in ("heldout", "dev")


def test_verify_covers_the_site(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    do_publish(out)
    assert verify(seeds, out, lambda o, d: do_publish(o, context=make_context(
        release_date=d))) == []
    page = out / "site" / "index.html"
    page.write_text(page.read_text("utf-8").replace("Home", "Hom"), encoding="utf-8")
    assert "site/index.html: bytes differ from the rebuild" in verify(
        seeds, out, lambda o, d: do_publish(o, context=make_context(release_date=d)))


LAYOUT = """
import networkx as nx
from pipeline.site.pictures import layout
graph = nx.Graph()
graph.add_edges_from([("ac_b", "ac_a"), ("ac_d", "ac_c"), ("ac_f", "ac_e"), ("ac_x", "ac_y"),
                      ("ac_y", "ac_z")])
print(sorted(layout(graph).items()))
"""


def test_the_network_layout_does_not_change_with_the_hash_seed() -> None:
    runs = {subprocess.run([sys.executable, "-c", LAYOUT], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                           check=True).stdout for seed in ("1", "2", "3", "4")}
    assert len(runs) == 1
