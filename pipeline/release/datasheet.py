"""The package's README.md: a datasheet with counts, sources, licence, citation, quality,
limitations, query examples and a data dictionary generated from the schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..metadata.specs import TableSpec

LIMITATIONS = [
    "Records are extracted by rules and a small statistical model; they can miss statements, "
    "attribute a quote to the wrong speaker or misread a demand's outcome. Every record keeps "
    "its evidence span so it can be checked against the source.",
    "Dates such as 'today' or 'next week' are resolved against the source's publication date; "
    "when that date is inferred (see `sources.published_note`) the resolved dates are too.",
    "Actors are merged across sources by canonical name and the curated registry; actors known "
    "only from the text may be split or merged wrongly.",
    "Sources whose licence is unknown or does not allow redistribution "
    "(`sources.redistribute_text = false`) have their passage `text` left empty; offsets, "
    "`text_sha256` and the source's URL are kept so the text can be re-attached from a licensed "
    "copy, and the short quotes in `statements` stay.",
    "CAMEO codes follow CAMEO 1.1b3 (via PLOVER CAMEO2PLOVER-2021) and cover only the event "
    "types the extractor knows.",
]

QUERY_EXAMPLES = """\
```sh
python -m pipeline query "SELECT speaker, quote FROM quotes_readable LIMIT 5"
```
"""
# How to load the release with pandas, DuckDB, Frictionless and R: a template whose Python
# snippets a test runs inside a published release (docs/loaders.md holds the same text).
LOADERS_FILE = Path(__file__).with_name("templates") / "loaders.md"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") if text not in (None, "") else ""


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _constraints(c: dict[str, Any]) -> str:
    parts = []
    for key, value in c.items():
        if key == "required":
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        parts.append(f"{key}: `{shown}`")
    return "; ".join(parts)


def data_dictionary(specs: list[TableSpec]) -> str:
    """Markdown data dictionary: per table its description, keys and one row per field."""
    lines = ["## Data dictionary", ""]
    for spec in specs:
        lines += [f"### `{spec.name}`", "", spec.description, ""]
        lines.append(f"Primary key: `{', '.join(spec.primary_key)}`.")
        for fk in spec.foreign_keys:
            ref = fk["reference"]
            lines.append(f"Foreign key: `{', '.join(fk['fields'])}` → "
                         f"`{ref['resource']}.{', '.join(ref['fields'])}`.")
        lines.append("")
        rows = [[f"`{f.name}`", f.type, "yes" if f.required else "no",
                 _constraints(f.constraints), f.description] for f in spec.fields]
        lines += _table(["field", "type", "required", "constraints", "description"], rows) + [""]
    return "\n".join(lines)


QUALITY_PARTS = ("heldout", "dev", "fixtures")  # held-out first: the measure on real news
RECORD_LABELS = {"statements": "statements (quotes and reported speech)", "meetings": "meetings",
                 "demands": "demands", "responses": "demand responses"}


def _ratio(label: str, r: dict[str, Any]) -> list[Any]:
    return [f"{label} (over {r['total']})", f"{r['accuracy']:.3f}"]


def _quality_part(f: dict[str, Any]) -> list[str]:
    gold = f["gold_records"]
    records = sum(gold[k] for k in RECORD_LABELS)
    size = (f"{f['texts']} texts with {records} gold records ("
            + ", ".join(f"{gold[k]} {k}" for k in RECORD_LABELS)
            + f") and {gold['actors']} gold actors: {f['about']}.")
    if f.get("frozen_in"):
        size += (f" Their gold was written and frozen in commit"
                 f"{'s' if len(f['frozen_in']) > 1 else ''} {' and '.join(f['frozen_in'])} "
                 "before the extractor first ran on them.")
    rows = [[label, f"{f[k]['precision']:.3f}", f"{f[k]['recall']:.3f}", f"{f[k]['f1']:.3f}",
             f[k]["gold"]] for k, label in RECORD_LABELS.items()]
    sp = f["speaker_accuracy"]
    measures = [
        [f"speaker accuracy, strict / lenient (over {sp['matched']} matched statements)",
         f"{sp['strict']:.3f} / {sp['lenient']:.3f}"],
        _ratio("meeting date accuracy, matched meetings with a gold date",
               f["meeting_date_accuracy"]),
        _ratio("meeting status accuracy", f["meeting_status_accuracy"]),
        _ratio("demand status accuracy", f["demand_status_accuracy"]),
        _ratio("demand addressee accuracy", f["demand_addressee_accuracy"]),
        _ratio("actor type accuracy, gold actors found", f["actor_typing"]),
        ["records from non-English passages", f["foreign_passage_records"]],
    ]
    return ([f"### {f['title']}", "", size, ""]
            + _table(["records", "precision", "recall", "F1", "gold"], rows) + [""]
            + _table(["measure", "value"], measures) + [""])


def _quality(quality: dict[str, Any] | None, version: str | None) -> list[str]:
    if not quality:
        return [f"Extraction quality: no figures for extractor version `{version}` (`make eval` "
                "has not measured it; `evaluation/quality.json` keeps the figures of each "
                "measured version).", ""]
    lines = [f"Extraction quality of extractor version `{version}`, measured on "
             f"{quality.get('measured_on')} (`make eval`, kept in `evaluation/quality.json`) "
             "against hand-written gold annotations, in three parts. The held-out real texts "
             "give the quality to expect on real news; the rules are tuned on the development "
             "texts and were developed against the fixtures, so neither measures quality on "
             "unseen news. A statement matches when it covers at least half of the gold span, a "
             "meeting when one of its mentions overlaps the gold's, a demand when its demander "
             "is the gold's and its demanded action overlaps the gold action (or a restatement "
             "of it); actors are compared by name and alias.", ""]
    for name in QUALITY_PARTS:
        if name in quality:
            lines += _quality_part(quality[name])
    return lines


def _sources(descriptor: dict[str, Any], withheld: set[str]) -> list[str]:
    rows = [[s.get("title"), s.get("x_publisher"), s.get("path"),
             "withheld" if s.get("x_source_id") in withheld else "included"]
            for s in descriptor.get("sources", []) if "x_source_id" in s]
    return _table(["title", "publisher", "url", "passage text"], rows) + [""]


def render_datasheet(
    descriptor: dict[str, Any],
    specs: list[TableSpec],
    counts: dict[str, int],
    citation: str,
    quality: dict[str, Any] | None,
    withheld_sources: set[str],
) -> str:
    """README.md text of a package (deterministic for identical inputs)."""
    x_db = descriptor.get("x_duckdb", {})
    lines = [f"# {descriptor['title']}", "", f"Version {descriptor['version']} · created "
             f"{descriptor.get('created', 'undated')} · `{descriptor['name']}`", "",
             "## What the data holds", "", descriptor["description"], ""]
    lines += _table(["table", "rows", "description"],
                    [[f"`{s.name}`", counts.get(s.name, 0), s.description] for s in specs]) + [""]
    lines += ["Files: `datapackage.json` (Frictionless descriptor with sha256 hashes), "
              "`data/<table>.csv` (UTF-8, LF, sorted by primary key, empty = missing) with "
              "`data/<table>.parquet` twins, `diplomatic_talks.duckdb`, `CHANGELOG.md`, "
              "`changes.csv` (this release's delta, field by field), the review site "
              "(`site/index.html`) and `SHA256SUMS` (check with `sha256sum -c SHA256SUMS`). "
              "Earlier releases keep their descriptor, datasheet, changelog, delta, checksums "
              "and CSV tables under `versions/X.Y.Z/`.", ""]
    lines += ["## Sources", ""] + _sources(descriptor, withheld_sources)
    licence = descriptor["licenses"][0]
    lines += ["## Licence", "", f"The package's licence, {licence.get('title', licence['name'])} "
              f"({licence['name']}, {licence.get('path', '')}), covers the annotations: ids, "
              "spans, codes, links between records and the descriptions written for them. Each "
              "source's text stays under the source's own licence (`sources.license`). Passage "
              "text is published only where that licence is an open one (CC0, CC BY, CC BY-SA, "
              "ODC and the like) or the source's maintainer gave permission "
              "(`sources.redistribute_text = true`); otherwise `passages.text` is empty and the "
              "span, the `text_sha256` and the source's URL remain. The quoted words in "
              "`statements.text` are published as short quotations attributed to their speaker "
              "and source.", ""]
    lines += ["## How to cite", "", citation, ""]
    x_ex = descriptor.get("x_extractor", {})
    model = x_ex.get("nlp_model", {})
    lines += ["## Extraction", "", f"Extractor version `{x_ex.get('version')}`, spaCy model "
              f"`{model.get('name')}` {model.get('version')}, codebook "
              f"{x_ex.get('cameo_codebook')}.", ""]
    lines += _quality(quality, x_ex.get("version"))
    lines += ["## Known limitations", ""] + [f"- {item}" for item in LIMITATIONS] + [""]
    fts = "with" if x_db.get("fts") else "without (the fts extension could not be loaded)"
    lines += ["## How to query", "", f"`diplomatic_talks.duckdb` is written by DuckDB "
              f"{x_db.get('duckdb_version')} in storage format {x_db.get('storage_version')}: "
              f"DuckDB 1.0.0 and later open it. It holds typed tables, the views "
              f"`demands_readable` and `quotes_readable`, {fts} full-text indexes over "
              "`statements.text` and `passages.text`, and the table `package_release` saying "
              "which version it holds and each table's rows and content hash. Like every file "
              "of the release it is listed in `SHA256SUMS`.", ""]
    lines += [QUERY_EXAMPLES, LOADERS_FILE.read_text(encoding="utf-8")]
    return "\n".join(lines) + "\n" + data_dictionary(specs)


def write_datasheet(path: Path, text: str) -> None:
    """Write README.md with LF line endings."""
    path.write_text(text, encoding="utf-8", newline="")
