"""Each page of the site as HTML text, from the package, its records and the texts to show."""

from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..ids import normalise_name
from .entries import Entry, drop_entry, entry_templates, fix_entry, merge_entry
from .package import Package, Row
from .records import Record, Records, actor_href
from .spans import Highlight, nest, render
from .texts import SourceText, passage_text

TEMPLATES = Path(__file__).parent / "templates"
ACTOR_COLUMNS = {"actor_id", "name", "type", "wikidata_id", "wikidata_verified", "aliases",
                 "in_registry"}
ALIAS_SEPARATOR = " | "
ENGLISH = "en"  # the extractor reads English passages only


@dataclass
class Site:
    """Everything the pages are made from."""

    package: Package
    records: Records
    texts: dict[str, SourceText]
    pkg: str  # the package folder, relative to the site's root, ending in "/"
    review: bool
    sources: dict[str, Row] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    passages: dict[str, list[Row]] = field(default_factory=dict)  # by source

    entry_templates: Markup = Markup("{}")

    def __post_init__(self) -> None:
        self.sources = {s["source_id"]: s for s in self.package.rows("sources")}
        self.names = {a["actor_id"]: a["name"] for a in self.package.rows("actors")}
        for passage in self.package.rows("passages"):
            self.passages.setdefault(passage["source_id"], []).append(passage)
        templates = {name: entry_templates(name, self.package.tables[name].key[0])
                     for name in ("actor_mentions", "meeting_mentions")
                     if name in self.package.tables}
        self.entry_templates = json_markup(templates)

    @property
    def title(self) -> str:
        return str(self.package.descriptor.get("title") or "Data package").split(":")[0]


def json_markup(data: Any) -> Markup:
    """`data` as JSON to put inside a <script> element: no "<" in it, so no "</script>"."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("<", "\\u003c"))


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              keep_trailing_newline=True)


def common(site: Site, depth: int, title: str, nav: str, page_class: str) -> dict[str, Any]:
    """What every page's frame needs. `depth`: folders between the page and the site's root."""
    root = "../" * depth
    return dict(root=root, pkg=root + site.pkg, title=title, nav=nav, page_class=page_class,
                site_title=site.title, version=site.package.version,
                created=site.package.created, review=site.review)


# ---- source pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassageView:
    row: Row
    html: Markup | None
    skipped: str | None
    main: list[Record]
    mentions: list[Record]


def source_page(env: jinja2.Environment, site: Site, source: Row) -> str:
    """One source: its passages in order, each record highlighted at its span, with its card."""
    sid = source["source_id"]
    text = site.texts[sid]
    records = site.records.by_source.get(sid, [])
    passages = sorted(site.passages.get(sid, []), key=lambda p: (p["seq"], p["char_start"]))
    placed, outside = _place(passages, records)
    views = []
    for p in passages:
        shown = passage_text(p, text)
        if shown is not None and len(shown) != p["char_end"] - p["char_start"]:
            shown = None  # a text that does not fill its span cannot carry the offsets
        html = None
        if shown is not None:
            inside = [Highlight(r.record_id, r.start, r.end, r.rank, r.classes) for r in records
                      if r.start < p["char_end"] and r.end > p["char_start"]
                      or r.start == r.end and p["char_start"] <= r.start < p["char_end"]]
            html = Markup(render(nest(shown, p["char_start"], inside)))
        mine = placed[p["passage_id"]]
        views.append(PassageView(p, html, _skipped(p), [r for r in mine if r.main],
                                 [r for r in mine if not r.main]))
    counts = Counter(r.table for r in records)
    speakers = [{"colour": n % 12, "name": site.names.get(s, s) if s else "no speaker found",
                 "href": actor_href(s)} for n, s in enumerate(site.records.speakers.get(sid, []))]
    return env.get_template("source.html").render(
        **common(site, 1, source.get("title") or sid, "sources", "source"),
        templates=site.entry_templates, source=source, text=text, passages=views,
        outside=outside, speakers=speakers,
        counts=[(name.replace("_", " "), counts[name]) for name in
                ("statements", "meetings", "meeting_mentions", "demands", "demand_responses",
                 "actor_mentions") if counts[name]])


def _place(passages: list[Row], records: list[Record]
           ) -> tuple[dict[str, list[Record]], list[Record]]:
    """Each record under the passage its span starts in; the rest apart."""
    starts = [p["char_start"] for p in passages]
    placed: dict[str, list[Record]] = {p["passage_id"]: [] for p in passages}
    outside = []
    for record in records:
        i = bisect.bisect_right(starts, record.start) - 1
        if i >= 0 and record.start < passages[i]["char_end"]:
            placed[passages[i]["passage_id"]].append(record)
        else:
            outside.append(record)
    return placed, outside


def _skipped(passage: Row) -> str | None:
    if passage["language"] != ENGLISH:
        return "not English, nothing is extracted from it"
    if passage["kind"] == "caption":
        return "a caption: only the actors it names are extracted"
    return None


# ---- actor pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: str
    href: str | None = None
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Group:
    anchor: str
    title: str
    headers: tuple[str, ...]
    rows: list[list[Cell]]


def actor_page(env: jinja2.Environment, site: Site, actor: Row, duplicates: list[str],
               mentions: tuple[int, int]) -> str:
    """One actor: what it is, and every record it takes part in, linked to the evidence."""
    aid = actor["actor_id"]
    roles: dict[str, list[Record]] = defaultdict(list)
    for role, record in site.records.by_actor.get(aid, []):
        roles[role].append(record)
    key = site.package.tables["actors"].key
    entries = (merge_entry(aid, duplicates), fix_entry("actors", key, actor),
               drop_entry("actors", key, actor))
    codes = [(c, str(actor[c])) for c in site.package.tables["actors"].columns
             if c not in ACTOR_COLUMNS and actor.get(c) not in (None, "")]
    aliases = [a for a in (actor.get("aliases") or "").split(ALIAS_SEPARATOR) if a]
    return env.get_template("actor.html").render(
        **common(site, 1, actor["name"], "actors", "actor"), actor=actor, codes=codes,
        aliases=aliases, entries=[e for e in entries if e], groups=_groups(site, aid, roles),
        mentions=mentions[0], mention_sources=mentions[1])


def _groups(site: Site, aid: str, roles: dict[str, list[Record]]) -> list[Group]:
    def source(r: Record) -> Cell:
        return Cell(site.sources[r.source_id].get("title") or r.source_id,
                    f"../sources/{r.source_id}.html")

    def field_value(r: Record, label: str) -> str:
        return next((f.value for f in r.fields if f.label == label), "—")

    def actor(r: Record, label: str) -> Cell:
        found = next((f for f in r.fields if f.label == label), None)
        return Cell(found.value, found.href) if found else Cell("—")

    meetings = sorted(roles["participant"] + roles["host"], key=lambda r: (r.source_id, r.start))
    key = ("meeting_id", "actor_id")
    return [
        Group("statements", "Statements", ("evidence", "mode", "cue", "source"),
              [[Cell(r.text or r.record_id, r.href), Cell(field_value(r, "mode")),
                Cell(field_value(r, "cue")), source(r)] for r in roles["speaker"]]),
        Group("meetings", "Meetings", ("meeting", "role", "status", "date", "source"),
              [[Cell(field_value(r, "name"), r.href),
                Cell("host" if r in roles["host"] else "participant",
                     entries=(drop_entry("meeting_participants", key,
                                         {"meeting_id": r.record_id, "actor_id": aid}),)),
                Cell(field_value(r, "status")), Cell(field_value(r, "date")), source(r)]
               for r in meetings]),
        Group("demands-made", "Demands made", ("demand", "of", "status", "source"),
              [[Cell(field_value(r, "demand"), r.href), actor(r, "addressee"),
                Cell(field_value(r, "status")), source(r)] for r in roles["demander"]]),
        Group("demands-received", "Demands received", ("demand", "by", "status", "source"),
              [[Cell(field_value(r, "demand"), r.href), actor(r, "demander"),
                Cell(field_value(r, "status")), source(r)] for r in roles["addressee"]]),
        Group("responses", "Responses to demands", ("evidence", "response", "to demand",
                                                     "source"),
              [[Cell(r.text or r.record_id, r.href), Cell(field_value(r, "response")),
                Cell(field_value(r, "to demand")), source(r)] for r in roles["responder"]]),
    ]


def duplicate_candidates(actors: tuple[Row, ...]) -> dict[str, list[str]]:
    """actor -> other actors that look like the same one: a name that is one of its aliases,
    or the last words of its name ("Stoltenberg" for "Jens Stoltenberg")."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        by_name[normalise_name(a["name"])].append(a["actor_id"])
    out = {}
    for a in actors:
        name = normalise_name(a["name"])
        words = name.split(" ")
        keys = {normalise_name(x) for x in (a.get("aliases") or "").split(ALIAS_SEPARATOR) if x}
        keys |= {" ".join(words[i:]) for i in range(1, len(words))}
        found = sorted({o for k in keys - {name} for o in by_name.get(k, []) if o != a["actor_id"]})
        out[a["actor_id"]] = found[:5]
    return out


# ---- tables ------------------------------------------------------------------------------------

# Columns of running text: wrapped in the table browser; the others are kept on one line.
PROSE = ("text", "demand", "name", "title", "aliases", "published_note", "location", "quote")
ACTOR_REFS = ("actor_id", "speaker_id", "demander_id", "addressee_id", "responder_id")


def table_links(name: str, columns: tuple[str, ...], key: tuple[str, ...]) -> dict[int, str]:
    """Column number -> link template for the table browser ({v}: the cell; {col:x}: column x
    of the row; {ref}: the source of a meeting, from the page's refs)."""
    links = {}
    for i, column in enumerate(columns):
        if column in ACTOR_REFS and name != "actors" or name == "actors" and column == "actor_id":
            links[i] = "../actors/{v}.html"
        elif column == "source_id":
            links[i] = "../sources/{v}.html"
        elif column == "meeting_id" and name == "meeting_participants":
            links[i] = "../sources/{ref}.html#{v}"
        elif "source_id" in columns and (column in key or column in
                                         ("passage_id", "demand_id", "meeting_id")):
            links[i] = "../sources/{col:source_id}.html#{v}"
    return links


def table_page(env: jinja2.Environment, site: Site, name: str) -> str:
    table = site.package.tables[name]
    refs = {}
    if name == "meeting_participants":
        refs = {m["meeting_id"]: m["source_id"] for m in site.package.rows("meetings")}
    named = [c for c in table.columns if c in ACTOR_REFS and name != "actors"]
    data = {"columns": table.columns, "types": table.types,
            "links": table_links(name, table.columns, table.key), "refs": refs,
            "prose": [c for c in table.columns if c in PROSE],
            "named": named, "names": site.names if named else {},
            "rows": [[row.get(c) for c in table.columns] for row in table.rows]}
    fields = {f["name"]: f.get("description", "")
              for f in table.resource.get("schema", {}).get("fields", [])}
    return env.get_template("table.html").render(
        **common(site, 1, name, "tables", "table"), table=table, fields=fields,
        data=json_markup(data),
        description=table.resource.get("description", ""), path=table.resource["path"],
        parquet=table.resource.get("x_parquet"),
        others=[t for t in site.package.tables if t != name])
