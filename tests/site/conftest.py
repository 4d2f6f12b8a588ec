"""Fixtures of the review site's tests: sites built into temporary folders, never datapackage/."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from pipeline.site import write_site

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "datapackage"
SOURCE = "nato-rejects-russia-security-demands"


def read_rows(package: Path, table: str) -> list[dict[str, str]]:
    with (package / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def card_entries(html: str, record_id: str) -> dict[str, str]:
    """The correction entries a record's card shows, by action, as a reader copies them."""
    start = html.index(f'id="card-{record_id}"')
    end = html.index("</details>", start)
    found = re.findall(r'<code class="yaml" data-action="([a-z_]+)">(.*?)</code>',
                       html[start:end], flags=re.S)
    return {action: unescape(text) for action, text in found}


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The review copy of the committed seed release's site, in a temporary folder: the release
    withholds the seed's text (its licence is unknown), so the text comes from seeds/."""
    out = tmp_path_factory.mktemp("seed-site") / "site"
    write_site(PACKAGE, out, seeds_dir=ROOT / "seeds")
    return out


def build_package(seeds: Path, out: Path, cache: Path) -> None:
    """`python -m pipeline build --seeds SEEDS --out OUT`, as a maintainer runs it."""
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds),
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


# The records the corrected build changes, each through the entry its page shows.
DROPPED = "st_0c24498cf7b1"      # a partial quote of Grushko
FIXED = "st_13fd14048bb5"        # a quote of the Russian Defence Ministry, given to Fomin
FOMIN = "ac_9082893f9ca9"
RUSSIA = "ac_90a6d53df47e"
MINISTRY = "ac_aa910347e338"     # merged into Russia


@pytest.fixture(scope="session")
def corrected_package(seed_site, tmp_path_factory) -> Path:
    """The seed built again with corrections copied from the site's pages (a drop, a fix, a
    merge) and one written by hand: the source's text may no longer be redistributed."""
    work = tmp_path_factory.mktemp("corrected")
    seeds = shutil.copytree(ROOT / "seeds", work / "seeds")
    source_page = (seed_site / "sources" / f"{SOURCE}.html").read_text(encoding="utf-8")
    actor_page = (seed_site / "actors" / f"{RUSSIA}.html").read_text(encoding="utf-8")
    drop = card_entries(source_page, DROPPED)["drop"]
    fix = card_entries(source_page, FIXED)["fix"]
    merge = re.search(r'<code class="yaml" data-action="merge_actors">(.*?)</code>', actor_page,
                      flags=re.S)
    assert merge is not None
    entries = [
        drop.replace('"…"', '"Not a statement: the words describe the talks."'),
        re.sub(r"speaker_id: ac_[0-9a-f]{12}", f"speaker_id: {FOMIN}", fix)
        .replace('"…"', '"Said by Fomin at the briefing."'),
        unescape(merge.group(1)).replace("ac_…", MINISTRY)
        .replace('"…"', '"The ministry speaks for Russia here."'),
        f"  - action: fix\n    table: sources\n    id: {SOURCE}\n"
        "    set: {redistribute_text: false}\n    reason: \"The licence was withdrawn.\"\n",
    ]
    path = seeds / "corrections.yaml"
    text = path.read_text(encoding="utf-8")
    assert "corrections: []" in text
    path.write_text(text.replace("corrections: []", "corrections:\n" + "".join(entries)),
                    encoding="utf-8")
    out = work / "datapackage"
    build_package(seeds, out, work / "cache")
    return out


@pytest.fixture(scope="session")
def corrected_site(corrected_package, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corrected-site") / "site"
    write_site(corrected_package, out)
    return out


def copy_package(to: Path, package: Path = PACKAGE) -> Path:
    """The release's descriptor and tables (what the site reads) in a folder of its own."""
    (to / "data").mkdir(parents=True)
    shutil.copy(package / "datapackage.json", to / "datapackage.json")
    for csv_file in (package / "data").glob("*.csv"):
        shutil.copy(csv_file, to / "data" / csv_file.name)
    return to


def rewrite_rows(package: Path, table: str, change) -> None:  # noqa: ANN001 - row -> row
    rows = read_rows(package, table)
    with (package / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(dict(row)) for row in rows)


def withhold(package: Path) -> Path:
    """The package as a release whose source may not be redistributed would hold it."""
    rewrite_rows(package, "sources", lambda r: r | {"redistribute_text": "false"})
    rewrite_rows(package, "passages", lambda r: r | {"text": ""})
    return package


ID_COLUMNS = ("source_id", "passage_id", "statement_id", "meeting_id", "demand_id",
              "response_id", "mention_id")


def make_large_package(to: Path, copies: int) -> Path:
    """The seed release repeated `copies` times as so many sources (ids made distinct, actors
    shared): a package of thousands of rows for the table browser, in a second."""
    copy_package(to)
    for table in ("sources", "passages", "actor_mentions", "statements", "meetings",
                  "meeting_participants", "meeting_mentions", "demands", "demand_responses"):
        rows = read_rows(PACKAGE, table)
        with (to / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for k in range(copies):
                for row in rows:
                    writer.writerow({c: _renamed(c, v, k) for c, v in row.items()})
    return to


def _renamed(column: str, value: str, k: int) -> str:
    if column not in ID_COLUMNS or not value:
        return value
    if column == "source_id":
        return f"{value}-{k:04d}"
    return f"{value[:-4]}{k:04x}"
