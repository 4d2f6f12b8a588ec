"""The pages that give an overview: home, the lists of sources, actors and tables, pictures."""

from __future__ import annotations

from collections import Counter
from typing import Any

import jinja2

from .pages import Cell, Site, common
from .pictures import SEED, Event, Network

# Release files every release holds, besides the tables (see the datasheet).
RELEASE_FILES = (("datapackage.json", "datapackage.json",
                  "the Frictionless descriptor: every table, column and sha256"),
                 ("README.md", "README.md", "the datasheet and data dictionary"),
                 ("CHANGELOG.md", "CHANGELOG.md", "what changed in each release"),
                 ("changes.csv", "changes.csv", "every record added, changed or removed by this "
                  "release, field by field"),
                 ("SHA256SUMS", "SHA256SUMS", "the sha256 of every file of the release "
                  "(`sha256sum -c SHA256SUMS`)"))


def home_page(env: jinja2.Environment, site: Site) -> str:
    """Release, counts per table, time covered, quality figures, downloads."""
    package = site.package
    dates = sorted(s["published"] for s in package.rows("sources") if s.get("published"))
    tables = [{"name": t.name, "rows": len(t.rows), "path": t.resource["path"],
               "parquet": t.resource.get("x_parquet"),
               "description": t.resource.get("description", "")}
              for t in package.tables.values()]
    downloads = [{"path": path, "label": label, "note": note}
                 for path, label, note in RELEASE_FILES if (package.folder / path).is_file()]
    duckdb = package.descriptor.get("x_duckdb")
    if isinstance(duckdb, dict) and isinstance(duckdb.get("path"), str):
        downloads.append({"path": duckdb["path"], "label": duckdb["path"],
                          "note": "the tables in DuckDB, with full-text indexes"})
    extractor = package.descriptor.get("x_extractor")
    return env.get_template("home.html").render(
        **common(site, 0, "Home", "home", "home"),
        package_title=package.descriptor.get("title", ""),
        description=package.descriptor.get("description", ""),
        first=dates[0] if dates else None, last=dates[-1] if dates else None,
        n_sources=len(package.rows("sources")),
        n_withheld=sum(1 for s in package.rows("sources") if s.get("redistribute_text") is False),
        extractor=extractor.get("version") if isinstance(extractor, dict) else None,
        tables=tables, downloads=downloads, quality=quality_figures(package.descriptor))


RECORD_KINDS = ("statements", "meetings", "demands", "responses")


def quality_figures(descriptor: dict[str, Any]) -> dict[str, Any] | None:
    """The extraction-quality figures the descriptor states (`x_quality`: when they were
    measured, and per part of the evaluation what it was measured on and precision, recall and
    F1 per kind of record); None when it states none."""
    found = descriptor.get("x_quality")
    if not isinstance(found, dict) or not isinstance(found.get("parts"), list):
        return None
    parts = []
    for part in found["parts"]:
        if not isinstance(part, dict):
            continue
        scores = [part.get(kind) if isinstance(part.get(kind), dict) else {}
                  for kind in RECORD_KINDS]
        parts.append({"title": part.get("title", part.get("part", "")),
                      "about": part.get("about", ""), "texts": part.get("texts"),
                      "scores": [{k: _figure(s.get(k)) for k in ("precision", "recall", "f1",
                                                                  "gold")} for s in scores]})
    return {"measured_on": found.get("measured_on"),
            "extractor_version": found.get("extractor_version"), "kinds": RECORD_KINDS,
            "parts": parts}


def _figure(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else "—"


def sources_page(env: jinja2.Environment, site: Site) -> str:
    counts = Counter((r.source_id, r.table) for rs in site.records.by_source.values() for r in rs)
    rows = []
    for s in sorted(site.package.rows("sources"),
                    key=lambda s: (s.get("published") or "", s["source_id"])):
        sid = s["source_id"]
        rows.append([Cell(s.get("published") or "—"),
                     Cell(s.get("title") or sid, f"{sid}.html"),
                     *(Cell(str(counts[(sid, t)])) for t in
                       ("statements", "meetings", "demands", "demand_responses")),
                     Cell("withheld" if s.get("redistribute_text") is False else "published")])
    return env.get_template("listing.html").render(
        **common(site, 1, "Sources", "sources", "listing"), heading="Sources",
        intro="Every source of the release, by publication date. Each page shows the source's "
              "text with every record highlighted over its evidence.",
        headers=("published", "title", "statements", "meetings", "demands", "responses",
                 "text"), rows=rows)


def actors_page(env: jinja2.Environment, site: Site, mentions: dict[str, tuple[int, int]]
                ) -> str:
    roles = Counter((aid, role) for aid, items in site.records.by_actor.items()
                    for role, _ in items)
    rows = []
    for a in sorted(site.package.rows("actors"), key=lambda a: (a["name"].casefold(),
                                                                 a["actor_id"])):
        aid = a["actor_id"]
        rows.append([Cell(a["name"], f"{aid}.html"), Cell(a["type"]),
                     Cell(a.get("wikidata_id") or "—"),
                     Cell(str(roles[(aid, "speaker")])),
                     Cell(str(roles[(aid, "participant")] + roles[(aid, "host")])),
                     Cell(str(roles[(aid, "demander")])), Cell(str(roles[(aid, "addressee")])),
                     Cell(str(mentions.get(aid, (0, 0))[0]))])
    return env.get_template("listing.html").render(
        **common(site, 1, "Actors", "actors", "listing"), heading="Actors",
        intro="Every actor of the release, by name, with the number of records it takes part "
              "in.", headers=("name", "type", "Wikidata", "statements", "meetings",
                              "demands made", "demands received", "mentions"), rows=rows)


def tables_page(env: jinja2.Environment, site: Site) -> str:
    rows = [[Cell(t.name, f"{t.name}.html"), Cell(str(len(t.rows))),
             Cell(t.resource.get("description", ""))] for t in site.package.tables.values()]
    return env.get_template("listing.html").render(
        **common(site, 1, "Tables", "tables", "listing"), heading="Tables",
        intro="Every table of the release. Each page sorts (click a column) and filters "
              "(type in the box) its rows in the browser.",
        headers=("table", "rows", "one row per"), rows=rows)


def pictures_page(env: jinja2.Environment, site: Site, network: Network,
                  events: list[Event]) -> str:
    links = [{"source": site.names.get(k.source, k.source), "target": site.names.get(k.target,
              k.target), "source_href": f"../actors/{k.source}.html",
              "target_href": f"../actors/{k.target}.html",
              "kind": "met" if k.kind == "met" else f"demand {k.kind}", "count": k.count}
             for k in network.links]
    return env.get_template("pictures.html").render(
        **common(site, 1, "Pictures", "pictures", "pictures"), network=network, links=links,
        seed=SEED, n_events=len(events), first=events[0].date if events else None,
        last=events[-1].date if events else None)
