"""Every record with evidence, as the pages show it: what it says, where its span is, how its
highlight looks, and the corrections a reviewer can copy for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .entries import FIX_FIELD, Entry, drop_entry, fix_entry, scalar
from .package import Package, Row

# Outer first when two spans are equal; also the order of a passage's record list.
RANK = {"statements": 0, "demands": 1, "demand_responses": 2, "meetings": 3,
        "meeting_mentions": 4, "actor_mentions": 5}
KIND = {"direct": "direct quote", "partial": "partial quote", "indirect": "reported speech"}
SHORT = {"statements": "st", "demands": "dm", "demand_responses": "dr", "meetings": "mt",
         "meeting_mentions": "mm", "actor_mentions": "am"}
# Records a reviewer reads one by one; mentions are listed apart, folded.
MAIN = ("statements", "meetings", "demands", "demand_responses")


@dataclass(frozen=True)
class Field:
    """One line of a record's card: a label, its value, and a link when the value is a record."""

    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class Record:
    """A row with an evidence span in a source."""

    record_id: str
    table: str
    source_id: str
    start: int
    end: int
    text: str | None
    kind: str
    classes: str
    fields: tuple[Field, ...]
    entries: tuple[Entry, ...]  # for the main records; a mention's are made in the page
    actors: tuple[tuple[str, str], ...] = ()  # (role, actor_id) for the actor pages
    fix_value: str = ""  # the current value of the field a fix changes, as YAML

    @property
    def rank(self) -> int:
        return RANK[self.table]

    @property
    def main(self) -> bool:
        return self.table in MAIN

    @property
    def href(self) -> str:
        """Link to the evidence, from any page one folder deep."""
        return f"../sources/{self.source_id}.html#{self.record_id}"


@dataclass
class Records:
    """Every record, by source and by actor, and each source's speaker colours."""

    by_source: dict[str, list[Record]] = field(default_factory=dict)
    by_actor: dict[str, list[tuple[str, Record]]] = field(default_factory=dict)
    by_id: dict[str, Record] = field(default_factory=dict)
    speakers: dict[str, list[str]] = field(default_factory=dict)  # source -> speakers in order


def build_records(package: Package) -> Records:
    """Every record of the package's evidence tables, in source order."""
    names = {a["actor_id"]: a["name"] for a in package.rows("actors")}
    participants: dict[str, list[Row]] = defaultdict(list)
    for p in package.rows("meeting_participants"):
        participants[p["meeting_id"]].append(p)
    demands = {d["demand_id"]: d for d in package.rows("demands")}
    meetings = {m["meeting_id"]: m["name"] for m in package.rows("meetings")}
    out = Records()
    speakers = _speakers(package.rows("statements"))
    out.speakers = {sid: list(order) for sid, order in sorted(speakers.items())}
    made = [
        *(_statement(package, r, names, speakers) for r in package.rows("statements")),
        *(_meeting(package, r, names, participants) for r in package.rows("meetings")),
        *(_meeting_mention(package, r, meetings) for r in package.rows("meeting_mentions")),
        *(_demand(package, r, names) for r in package.rows("demands")),
        *(_response(package, r, names, demands) for r in package.rows("demand_responses")),
        *(_actor_mention(package, r, names) for r in package.rows("actor_mentions")),
    ]
    made.sort(key=lambda r: (r.source_id, r.start, -r.end, r.rank, r.record_id))
    for record in made:
        out.by_id[record.record_id] = record
        out.by_source.setdefault(record.source_id, []).append(record)
        if record.table != "actor_mentions":
            for role, actor in record.actors:
                out.by_actor.setdefault(actor, []).append((role, record))
    return out


def _speakers(rows: tuple[Row, ...]) -> dict[str, dict[str, int]]:
    """source -> {speaker: colour number}, speakers numbered by their first statement."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for row in sorted(rows, key=lambda r: (r["source_id"], r["char_start"], r["statement_id"])):
        order = found[row["source_id"]]
        speaker = row.get("speaker_id") or ""
        order.setdefault(speaker, len(order))
    return found


def actor_href(actor_id: str | None) -> str | None:
    return f"../actors/{actor_id}.html" if actor_id else None


def _actor(label: str, actor_id: str | None, names: dict[str, str]) -> Field:
    if not actor_id:
        return Field(label, "none found")
    return Field(label, names.get(actor_id, actor_id), actor_href(actor_id))


def _plain(label: str, value: Any) -> Field:
    return Field(label, "—" if value is None or value == "" else str(value))


def _common(package: Package, table: str, row: Row) -> dict[str, Any]:
    key = package.tables[table].key
    entries = []
    if table in MAIN:
        entries.append(drop_entry(table, key, row))
        if fix := fix_entry(table, key, row):
            entries.append(fix)
    return dict(record_id=row[key[0]], table=table, source_id=row["source_id"],
                start=row["char_start"], end=row["char_end"], text=row.get("text"),
                entries=tuple(entries), fix_value=scalar(row.get(FIX_FIELD[table])))


def _tail(package: Package, row: Row) -> tuple[Field, ...]:
    """Confidence, and the extractor version when it is not the release's (a record a
    correction added, or one kept from an older extractor)."""
    fields = [_plain("confidence", row.get("confidence"))] if "confidence" in row else []
    extractor = package.descriptor.get("x_extractor")
    current = extractor.get("version") if isinstance(extractor, dict) else None
    if row.get("extractor_version") not in (None, current):
        fields.append(_plain("extractor", row.get("extractor_version")))
    return tuple(fields)


def _statement(package: Package, row: Row, names: dict[str, str],
               speakers: dict[str, dict[str, int]]) -> Record:
    colour = speakers[row["source_id"]][row.get("speaker_id") or ""]
    speaker = row.get("speaker_id")
    fields = (_actor("speaker", speaker, names), _plain("mode", row["mode"]),
              _plain("cue", row.get("cue")),
              _plain("sentence", f"{row['sentence_start']}–{row['sentence_end']}"),
              *_tail(package, row))
    return Record(kind=KIND.get(row["mode"], row["mode"]), fields=fields,
                  classes=f"st {row['mode']} sp{colour % 12}{'' if speaker else ' nosp'}",
                  actors=(("speaker", speaker),) if speaker else (),
                  **_common(package, "statements", row))


def _meeting(package: Package, row: Row, names: dict[str, str],
             participants: dict[str, list[Row]]) -> Record:
    who = sorted(participants.get(row["meeting_id"], []), key=lambda p: (p["role"] != "host",
                 names.get(p["actor_id"], ""), p["actor_id"]))
    date = row.get("start_date")
    fields = (
        _plain("name", row["name"]), _plain("type", row["meeting_type"]),
        _plain("status", row["status"]), _plain("location", row.get("location")),
        _plain("date", f"{date} ({row['date_precision']})" if date else row["date_precision"]),
        _plain("CAMEO", row["cameo_code"]),
        *(_actor(p["role"], p["actor_id"], names) for p in who), *_tail(package, row))
    return Record(kind="meeting", classes=f"mt {row['status']}", fields=fields,
                  actors=tuple((p["role"], p["actor_id"]) for p in who),
                  **_common(package, "meetings", row))


def _meeting_mention(package: Package, row: Row, meetings: dict[str, str]) -> Record:
    meeting = row["meeting_id"]
    fields = (Field("meeting", meetings.get(meeting, meeting), f"#{meeting}"),)
    return Record(kind="meeting mention", classes="mm", fields=fields,
                  **_common(package, "meeting_mentions", row))


def _demand(package: Package, row: Row, names: dict[str, str]) -> Record:
    fields = (_actor("demander", row["demander_id"], names),
              _actor("addressee", row.get("addressee_id"), names),
              _plain("demand", row["demand"]), _plain("cue", row.get("cue")),
              _plain("status", row["status"]), _plain("CAMEO", row["cameo_code"]),
              *_tail(package, row))
    actors = [("demander", row["demander_id"])]
    if row.get("addressee_id"):
        actors.append(("addressee", row["addressee_id"]))
    return Record(kind="demand", classes=f"dm {row['status']}", fields=fields,
                  actors=tuple(actors), **_common(package, "demands", row))


def _response(package: Package, row: Row, names: dict[str, str], demands: dict[str, Row]) -> Record:
    demand = demands.get(row["demand_id"])
    what = demand["demand"] if demand else row["demand_id"]
    fields = (_actor("responder", row["responder_id"], names),
              _plain("response", row["response"]),
              Field("to demand", what, f"#{row['demand_id']}"),
              _plain("CAMEO", row["cameo_code"]), *_tail(package, row))
    return Record(kind="response", classes=f"dr {row['response']}", fields=fields,
                  actors=(("responder", row["responder_id"]),),
                  **_common(package, "demand_responses", row))


def _actor_mention(package: Package, row: Row, names: dict[str, str]) -> Record:
    fields = (_actor("actor", row["actor_id"], names), _plain("method", row["method"]))
    return Record(kind="actor mention", classes=f"am {row['method']}", fields=fields,
                  actors=(("mention", row["actor_id"]),),
                  **_common(package, "actor_mentions", row))
