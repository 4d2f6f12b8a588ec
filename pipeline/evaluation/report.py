"""Plain-text reports of the evaluation: the figures of each part, and for a part that may be
inspected the per-text counts and every error."""

from __future__ import annotations

from .gold import RECORD_TYPES
from .run import PartResult

HELDOUT_REFUSAL = (
    "details: the held-out part is never inspected record by record; only its totals are "
    "shown (use --part dev or --part fixtures for per-text counts and errors)"
)
PERSON_KINDS = {
    "persons_places": "persons that are gold places",
    "persons_other_actors": "persons that are gold organisations/countries/groups",
    "persons_unknown": "persons that are no gold actor",
    "persons_headline_only": "  of which seen only in the headline",
}


def _ratio(r: dict) -> str:
    return f"{r['accuracy']:.3f} ({r['right']}/{r['total']})"


def format_figures(name: str, f: dict) -> list[str]:
    """The figures of one part as lines of text."""
    gold = f["gold_records"]
    lines = [
        f"== {f['title']} (--part {name}): {f['texts']} texts; gold: "
        + ", ".join(f"{gold[k]} {k}" for k in (*RECORD_TYPES, "actors")),
    ]
    if f.get("frozen_in"):
        lines.append(f"   gold frozen in {', '.join(f['frozen_in'])} before the extractor "
                     "first ran on these texts")
    lines.append(f"{'records':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    for kind in RECORD_TYPES:
        s = f[kind]
        lines.append(f"{kind:<12}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>6}{s['pred']:>6}{s['gold']:>6}")
    sp = f["speaker_accuracy"]
    lines.append(f"speaker accuracy           {sp['strict']:.3f} strict ({sp['strict_right']}/"
                 f"{sp['matched']}), {sp['lenient']:.3f} lenient ({sp['lenient_right']}/"
                 f"{sp['matched']}) over matched statements")
    lines.append(f"meeting date accuracy      {_ratio(f['meeting_date_accuracy'])} "
                 "over matched meetings with a gold date")
    lines.append(f"meeting status accuracy    {_ratio(f['meeting_status_accuracy'])}")
    lines.append(f"demand status accuracy     {_ratio(f['demand_status_accuracy'])}")
    lines.append(f"demand addressee accuracy  {_ratio(f['demand_addressee_accuracy'])}")
    at = f["actor_typing"]
    lines.append(f"actor typing               {_ratio(at)} over gold actors found "
                 f"(of {at['gold_actors']}); groups found {at['groups_found']}, "
                 f"typed other {at['groups_typed_other']}")
    p = f["persons"]
    lines.append(f"extracted persons          {p['extracted']}: {p['gold_places']} gold places, "
                 f"{p['gold_organisations_countries_groups']} gold organisations/countries/"
                 f"groups, {p['no_gold_actor']} no gold actor "
                 f"({p['no_gold_actor_headline_only']} seen only in the headline)")
    lines.append(f"records from non-English passages  {f['foreign_passage_records']}")
    return lines


def format_details(result: PartResult) -> list[str]:
    """Per-text counts, the names of wrong persons and every error of an inspectable part."""
    if not result.part.inspect:
        return [HELDOUT_REFUSAL]
    lines = ["per text (tp/pred/gold; speakers strict right/matched):"]
    for source_id, score in result.per_text.items():
        cells = "  ".join(f"{k} {c.tp}/{c.pred}/{c.gold}" for k, c in score.counts.items())
        sp = score.ratio("speaker_strict")
        lines.append(f"  {source_id}: {cells}  speakers {sp.right}/{sp.total}")
    for kind, label in PERSON_KINDS.items():
        names = result.total.names.get(kind, [])
        lines.append(f"{label} ({len(names)}): {', '.join(names) or '-'}")
    lines.append("errors:")
    for source_id, score in result.per_text.items():
        if score.errors:
            lines.append(f"  {source_id}")
        for e in score.errors:
            note = f" ({e.note})" if e.note else ""
            lines.append(f"    {e.record} {e.kind}: {e.text!r}{note}")
    return lines


def format_report(results: dict[str, PartResult], version: str, details: bool = False) -> str:
    """Every part's figures in the order given (held-out first), with details if asked."""
    lines = [f"extractor {version}"]
    for name, result in results.items():
        lines += [""] + format_figures(name, result.figures)
        if details:
            lines += format_details(result)
    return "\n".join(lines)


def format_throughput(t: dict) -> str:
    return (f"throughput  {t['words_per_second']:.0f} words/s "
            f"({t['words']} words in {t['seconds']} s)")
