"""Scores of one text's statements, meetings, demands and responses against its gold.

Each function takes the gold file (as read), the source text and the extraction, and returns a
`TextScore` that the caller adds up: counts, accuracies over matched records, and the errors.
"""

from __future__ import annotations

from ..models import Extraction
from .counts import Counts, Error, TextScore, match
from .gold import gold_speakers, locate, overlap, parse_gold_date
from .names import Names

STATEMENT_OVERLAP = 0.5


def statement_speakers(ex: Extraction) -> dict[str, list[str]]:
    """{statement_id: actor ids} from a `statement_speakers` link table, when there is one."""
    joint: dict[str, list[str]] = {}
    for row in ex.tables.get("statement_speakers", []):
        joint.setdefault(row["statement_id"], []).append(row["actor_id"])
    return joint


def _speakers(row: dict, joint: dict[str, list[str]]) -> list[str]:
    if row.get("statement_id") in joint:
        return joint[row["statement_id"]]
    return [row["speaker_id"]] if row.get("speaker_id") else []


def _match_statements(golds: list[tuple], preds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs in gold order: an extracted statement covering at least half of the
    gold span, the one of the gold's mode first, then the one that covers most of it."""
    used: set[int] = set()
    pairs = []
    for gi, ((start, end), g) in enumerate(golds):
        fits = [
            (p.get("mode") != g.get("mode"), -overlap((start, end), span), pi)
            for pi, p in enumerate(preds)
            if pi not in used
            and overlap((start, end), span := (p["char_start"], p["char_end"]))
            >= STATEMENT_OVERLAP * (end - start)
        ]
        if fits:
            pi = min(fits)[2]
            used.add(pi)
            pairs.append((gi, pi))
    return pairs


def score_statements(gold: dict, text: str, ex: Extraction) -> TextScore:
    """Statements match when the extracted span covers at least half of the gold span. Over
    matched statements: `speaker_strict` (the extracted speakers are the gold speakers, one
    for one) and `speaker_lenient` (also right: one extracted speaker who is one of several
    gold speakers). A gold statement without a speaker is right when none was extracted."""
    names, joint = Names.of(gold, ex), statement_speakers(ex)
    golds = [(locate(text, s["text"]), s) for s in gold.get("statements") or []]
    preds = ex.tables.get("statements", [])

    pairs = _match_statements(golds, preds)
    score = TextScore(counts={"statements": Counts(len(pairs), len(preds), len(golds))})
    strict, lenient = score.ratio("speaker_strict"), score.ratio("speaker_lenient")
    for gi, pi in pairs:
        wanted, got = gold_speakers(golds[gi][1]), _speakers(preds[pi], joint)
        exact = names.same_set(got, wanted, speakers=True) or (
            len(got) == 1 and not wanted and names.same_speaker(got[0], None))
        one_of = len(got) == 1 and any(names.same_speaker(got[0], w) for w in wanted)
        strict.count(exact)
        lenient.count(exact or one_of)
        if not exact:
            kind = "one of the joint speakers" if one_of else "wrong speaker"
            shown = ", ".join(str(names.name(a)) for a in got) or "none"
            note = f"gold: {', '.join(wanted) or 'none'}; extracted: {shown}"
            score.errors.append(Error("statement", kind, _text(golds[gi][1]), note))
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, (_, g) in enumerate(golds):
        if gi not in matched_gold:
            note = f"{g.get('mode', '?')}; gold: {', '.join(gold_speakers(g)) or 'none'}"
            score.errors.append(Error("statement", "missed", _text(g), note))
    for pi, p in enumerate(preds):
        if pi not in matched_pred:
            shown = ", ".join(str(names.name(a)) for a in _speakers(p, joint)) or "none"
            score.errors.append(Error("statement", "extra", p["text"],
                                      f"{p.get('mode')}; extracted: {shown}"))
    return score


def _text(item: dict) -> str:
    value = item["text"]
    return value if isinstance(value, str) else value["text"]


def _meeting_spans(ex: Extraction) -> list[list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in ex.tables.get("meeting_mentions", []):
        spans.setdefault(row["meeting_id"], []).append((row["char_start"], row["char_end"]))
    return [spans.get(row["meeting_id"], []) for row in ex.tables.get("meetings", [])]


def date_right(gold_meeting: dict, row: dict) -> bool:
    """The extracted start date equals the gold date at the gold's precision: a gold day (or
    the days from `date` to `end_date`) needs a day; a gold month (`2007-03`) takes any day of
    that month, or that month."""
    wanted = parse_gold_date(gold_meeting.get("date"))
    got, precision = row.get("start_date"), row.get("date_precision")
    if wanted is None or got is None:
        return False
    first, last, gold_precision = wanted
    if gold_precision == "month":
        return precision in ("day", "month") and (got.year, got.month) == (first.year, first.month)
    end = parse_gold_date(gold_meeting.get("end_date"))
    return precision == "day" and first <= got <= (end[1] if end else last)


def score_meetings(gold: dict, text: str, ex: Extraction) -> TextScore:
    """Meetings match when any extracted mention overlaps any gold mention. Over matched
    meetings: `meeting_status`, and `meeting_date` for those whose gold has a date."""
    gold_meetings = gold.get("meetings") or []
    golds = [[locate(text, m) for m in g["mentions"]] for g in gold_meetings]
    preds, rows = _meeting_spans(ex), ex.tables.get("meetings", [])
    pairs = match(golds, preds, lambda g, p: any(overlap(a, b) for a in g for b in p))
    score = TextScore(counts={"meetings": Counts(len(pairs), len(preds), len(golds))})
    status, dates = score.ratio("meeting_status"), score.ratio("meeting_date")
    for gi, pi in pairs:
        g, row = gold_meetings[gi], rows[pi]
        status.count(g.get("status") == row["status"])
        if g.get("status") != row["status"]:
            score.errors.append(Error("meeting", "wrong status", row["text"],
                                      f"gold: {g.get('status')}; extracted: {row['status']}"))
        if parse_gold_date(g.get("date")) is not None:
            dates.count(date_right(g, row))
            if not date_right(g, row):
                got = f"{row.get('start_date')} ({row.get('date_precision')})"
                score.errors.append(Error("meeting", "wrong date", row["text"],
                                          f"gold: {g.get('date')}; extracted: {got}"))
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, g in enumerate(gold_meetings):
        if gi not in matched_gold:
            mention = g["mentions"][0]
            shown = mention if isinstance(mention, str) else mention["text"]
            score.errors.append(Error("meeting", "missed", shown, g.get("name", "")))
    for pi, row in enumerate(rows):
        if pi in matched_pred:
            continue
        twin = [gold_meetings[gi].get("name", "") for gi, g in enumerate(golds)
                if any(overlap(a, b) for a in g for b in preds[pi])]
        note = f"duplicate of: {twin[0]}" if twin else "not a gold meeting"
        score.errors.append(Error("meeting", "extra", row["text"], note))
    return score
