"""Runs the extractor over the texts of a part and adds up their scores into figures."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_MODEL
from ..extract import extract_source, extractor_version, load_lexicon, load_nlp, load_registry
from ..extract.lexicon import Lexicon
from ..extract.registry import Registry
from ..ingest import segment, sources
from ..models import Extraction, Passage, Source
from .actors import score_actors
from .counts import TextScore
from .demands import score_demands, score_responses
from .gold import RECORD_TYPES, ROOT, Part, Span, gold_records, load_gold, overlap
from .records import score_meetings, score_statements

SPAN_TABLES = (
    "statements",
    "meetings",
    "meeting_mentions",
    "demands",
    "demand_responses",
    "actor_mentions",
)
ACCURACIES = {  # figure name -> the ratio it reports
    "meeting_date_accuracy": "meeting_date",
    "meeting_status_accuracy": "meeting_status",
    "demand_status_accuracy": "demand_status",
    "demand_addressee_accuracy": "demand_addressee",
}


@dataclass(frozen=True)
class Extractor:
    """What `extract_source` needs, loaded once for every part."""

    nlp: object
    registry: Registry
    lexicon: Lexicon
    version: str
    model: str

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL, registry_path: Path | None = None) -> Extractor:
        return cls(load_nlp(model, registry_path), load_registry(registry_path), load_lexicon(),
                   extractor_version(model, registry_path), model)

    def run(self, source: Source, passages: list[Passage]) -> Extraction:
        return extract_source(source, passages, self.nlp, self.registry, self.lexicon)


@dataclass
class PartResult:
    """The figures of one part (JSON-ready) and, for a part that may be inspected, each text's
    score with its errors."""

    part: Part
    figures: dict
    per_text: dict[str, TextScore] = field(default_factory=dict)
    total: TextScore = field(default_factory=TextScore)


def foreign_records(passages: list[Passage], ex: Extraction) -> int:
    """Records whose span lies in a non-English passage (must be 0)."""
    foreign = [(p.char_start, p.char_end) for p in passages if p.language != "en"]
    return sum(
        1
        for table in SPAN_TABLES
        for row in ex.tables.get(table, [])
        if any(overlap((row["char_start"], row["char_end"]), f) for f in foreign)
    )


def headline(passages: list[Passage]) -> Span | None:
    return next(((p.char_start, p.char_end) for p in passages if p.kind == "title"), None)


def score_text(gold: dict, text: str, passages: list[Passage], ex: Extraction) -> TextScore:
    """Every score of one text."""
    score = TextScore()
    for one in (
        score_statements(gold, text, ex),
        score_meetings(gold, text, ex),
        score_demands(gold, text, ex),
        score_responses(gold, text, ex),
        score_actors(gold, ex, headline(passages)),
    ):
        score.add(one)
    score.tally("foreign_passage_records", foreign_records(passages, ex))
    return score


def figures(total: TextScore, texts: int, gold: Counter) -> dict:
    """The JSON figures of a part from its summed score."""
    out: dict = {"texts": texts, "gold_records": {k: gold[k] for k in (*RECORD_TYPES, "actors")}}
    for name in RECORD_TYPES:
        counts = total.counts.get(name)
        out[name] = counts.scores() if counts else {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                                    "tp": 0, "pred": 0, "gold": 0}
    strict, lenient = total.ratio("speaker_strict"), total.ratio("speaker_lenient")
    out["speaker_accuracy"] = {
        "strict": strict.scores()["accuracy"],
        "lenient": lenient.scores()["accuracy"],
        "matched": strict.total,
        "strict_right": strict.right,
        "lenient_right": lenient.right,
    }
    for figure, ratio in ACCURACIES.items():
        out[figure] = total.ratio(ratio).scores()
    t = total.tallies
    out["actor_typing"] = {
        **total.ratio("actor_type").scores(),
        "gold_actors": t.get("gold_actors", 0),
        "groups_found": t.get("groups_found", 0),
        "groups_typed_other": t.get("groups_typed_other", 0),
    }
    out["persons"] = {
        "extracted": t.get("persons", 0),
        "gold_places": t.get("persons_places", 0),
        "gold_organisations_countries_groups": t.get("persons_other_actors", 0),
        "no_gold_actor": t.get("persons_unknown", 0),
        "no_gold_actor_headline_only": t.get("persons_headline_only", 0),
    }
    out["foreign_passage_records"] = t.get("foreign_passage_records", 0)
    return out


def evaluate_part(part: Part, extractor: Extractor) -> PartResult:
    """Scores of the extractor on every gold file of `part`. Per-text scores, names and errors
    are kept only for a part that may be inspected (never for the held-out part)."""
    total, per_text, gold = TextScore(), {}, Counter()
    files = part.gold_files()
    for path in files:
        gold_file, source, passages = load_gold(path)
        score = score_text(gold_file, source.text, passages, extractor.run(source, passages))
        total.add(score)
        gold.update(gold_records(gold_file))
        if part.inspect:
            per_text[source.source_id] = score
    result = PartResult(part, figures(total, len(files), gold), per_text, total)
    if not part.inspect:
        result.total = TextScore()  # the held-out part's errors are never kept
    result.figures = {"title": part.title, "about": part.about,
                      **({"frozen_in": list(part.frozen_in)} if part.frozen_in else {}),
                      **result.figures}
    return result


def quality_entry(results: dict[str, PartResult], model: str, on: dt.date | None = None) -> dict:
    """What the quality file keeps for one extractor version: every part's figures (no
    per-text figure), the date they were measured on and the spaCy model."""
    return {
        "measured_on": (on or dt.date.today()).isoformat(),
        "spacy_model": model,
        **{name: result.figures for name, result in results.items()},
    }


def throughput(
    extractor: Extractor, seed_dir: Path = ROOT / "seeds", repeats: int = 100
) -> dict:
    """Words per second of `extract_source` over the first seed source, run `repeats` times
    (model loading and segmentation excluded)."""
    entry = sources.load_manifest(seed_dir)[0]
    source = sources.ingest(entry, seed_dir)
    passages = segment.split(source)
    words = sum(len(p.text.split()) for p in passages if p.language == "en")
    start = time.perf_counter()
    for _ in range(repeats):
        extractor.run(source, passages)
    seconds = time.perf_counter() - start
    return {
        "words": words * repeats,
        "seconds": round(seconds, 3),
        "words_per_second": round(words * repeats / seconds, 1),
        "repeats": repeats,
    }
