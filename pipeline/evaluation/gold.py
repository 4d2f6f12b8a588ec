"""Gold annotations: the parts of the evaluation, gold files, their spans and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import PipelineError
from ..ingest import segment, sources
from ..models import Passage, Source

ROOT = Path(__file__).resolve().parents[2]
PARTS_FILE = ROOT / "evaluation" / "parts.yaml"
RECORD_TYPES = ("statements", "meetings", "demands", "responses")

Span = tuple[int, int]


@dataclass(frozen=True)
class Part:
    """One folder of gold files scored together (held-out, development, fixtures)."""

    name: str
    title: str
    gold_dir: Path
    about: str
    frozen_in: tuple[str, ...] = ()
    inspect: bool = True  # whether per-text figures and single errors may be listed

    def gold_files(self) -> list[Path]:
        return sorted(self.gold_dir.glob("*.gold.yaml"))


def load_parts(path: Path = PARTS_FILE) -> dict[str, Part]:
    """evaluation/parts.yaml -> {name: Part}, in the file's order (held-out first)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: Part(
            name=name,
            title=entry["title"],
            gold_dir=(path.parent / entry["gold"]).resolve(),
            about=" ".join(entry["about"].split()),
            frozen_in=tuple(str(c) for c in entry.get("frozen_in") or ()),
            inspect=bool(entry.get("inspect", True)),
        )
        for name, entry in raw.items()
    }


def locate(text: str, item: str | dict) -> Span:
    """Source span of a gold text: a unique string, or {text, occurrence}."""
    needle = item if isinstance(item, str) else item["text"]
    nth = 0 if isinstance(item, str) else int(item.get("occurrence", 0))
    starts, pos = [], text.find(needle)
    while pos >= 0:
        starts.append(pos)
        pos = text.find(needle, pos + 1)
    if not starts:
        raise ValueError(f"gold text not found in source: {needle!r}")
    if isinstance(item, str) and len(starts) > 1:
        raise ValueError(f"gold text occurs {len(starts)} times, give an occurrence: {needle!r}")
    return starts[nth], starts[nth] + len(needle)


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def load_gold(path: Path) -> tuple[dict, Source, list[Passage]]:
    """A gold file, its source (read through the source's own manifest) and its passages."""
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PipelineError(str(path), None, "gold-yaml", f"malformed YAML{where}: "
                            f"{getattr(err, 'problem', None) or err}") from None
    folder = (path.parent / gold["source"]["manifest"]).resolve()
    entries = {e.source_id: e for e in sources.load_manifest(folder)}
    source = sources.ingest(entries[gold["source"]["id"]], folder)
    return gold, source, segment.split(source)


def gold_speakers(statement: dict) -> list[str]:
    """The gold speakers of a statement: `speakers: [A, B]`, `speaker: A`, or none (null)."""
    if statement.get("speakers"):
        return list(statement["speakers"])
    return [statement["speaker"]] if statement.get("speaker") else []


def gold_records(gold: dict) -> dict[str, int]:
    """Gold records of one file by type (responses are counted inside their demands)."""
    demands = gold.get("demands") or []
    return {
        "statements": len(gold.get("statements") or []),
        "meetings": len(gold.get("meetings") or []),
        "demands": len(demands),
        "responses": sum(len(d.get("responses") or []) for d in demands),
        "actors": len(gold.get("actors") or []),
    }


def parse_gold_date(value: object) -> tuple[dt.date, dt.date, str] | None:
    """A gold date as (first day, last day, precision): 2014-01-28 is one day, "2007-03" the
    whole month; None when the gold gives no date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value, value, "day"
    text = str(value)
    if len(text) == 7:
        first = dt.date.fromisoformat(f"{text}-01")
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1), "month"
    day = dt.date.fromisoformat(text)
    return day, day, "day"
