"""Scores of one text's demands and their responses against its gold."""

from __future__ import annotations

from ..models import Extraction
from .counts import Counts, Error, TextScore, match
from .gold import locate, overlap
from .names import Names

Pairs = list[tuple[int, int]]


def action_span(text: str, row: dict) -> tuple[int, int]:
    """Source span of an extracted demand's action (`demand`, a span of its evidence)."""
    start, end = row["char_start"], row["char_end"]
    pos = text.find(row.get("demand") or "", start, end)
    return (pos, pos + len(row["demand"])) if row.get("demand") and pos >= 0 else (start, end)


def demand_pairs(gold: dict, text: str, ex: Extraction, names: Names) -> tuple[list, list, Pairs]:
    """Gold demands (with their spans), extracted demands, and the matched (gold, extracted)
    pairs: the same demander (by name), and the extracted action overlapping the gold action
    or one of its restatements (`spans`), or the extracted evidence overlapping a restatement.
    The action, not the whole evidence, is compared with the gold action: two actions demanded
    in one sentence are two demands, and one extraction covering both matches only one."""
    golds = []
    for g in gold.get("demands") or []:
        spans = [locate(text, s) for s in [g["demand"], *(g.get("spans") or [])]]
        golds.append((spans, g))
    preds = ex.tables.get("demands", [])

    def ok(g: tuple, p: dict) -> bool:
        action, evidence = action_span(text, p), (p["char_start"], p["char_end"])
        return names.same(p["demander_id"], g[1]["demander"]) and (
            any(overlap(s, action) for s in g[0]) or any(overlap(s, evidence) for s in g[0][1:])
        )

    return golds, preds, match(golds, preds, ok)


def _shown(item: str | dict) -> str:
    return item if isinstance(item, str) else item["text"]


def score_demands(gold: dict, text: str, ex: Extraction) -> TextScore:
    """Counts; over matched demands `demand_status` and `demand_addressee` (a gold addressee
    of null is right when none was extracted)."""
    names = Names.of(gold, ex)
    golds, preds, pairs = demand_pairs(gold, text, ex, names)
    score = TextScore(counts={"demands": Counts(len(pairs), len(preds), len(golds))})
    status, addressee = score.ratio("demand_status"), score.ratio("demand_addressee")
    for gi, pi in pairs:
        g, p = golds[gi][1], preds[pi]
        status.count(p["status"] == g["status"])
        if p["status"] != g["status"]:
            score.errors.append(Error("demand", "wrong status", p["text"],
                                      f"gold: {g['status']}; extracted: {p['status']}"))
        addressee.count(names.same(p.get("addressee_id"), g.get("addressee")))
        if not names.same(p.get("addressee_id"), g.get("addressee")):
            note = f"gold: {g.get('addressee')}; extracted: {names.name(p.get('addressee_id'))}"
            score.errors.append(Error("demand", "wrong addressee", p["text"], note))
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, (spans, g) in enumerate(golds):
        if gi in matched_gold:
            continue
        near = [names.name(p["demander_id"]) for pi, p in enumerate(preds) if pi not in
                matched_pred and any(overlap(s, (p["char_start"], p["char_end"])) for s in spans)]
        note = f"demander {g['demander']}" + (f"; overlapping extraction by {near[0]}"
                                              if near else "")
        score.errors.append(Error("demand", "missed", _shown(g["demand"]), note))
    for pi, p in enumerate(preds):
        if pi not in matched_pred:
            note = f"demander {names.name(p['demander_id'])}; demand: {p.get('demand')}"
            score.errors.append(Error("demand", "extra", p["text"], note))
    return score


def score_responses(gold: dict, text: str, ex: Extraction) -> TextScore:
    """An extracted response is right when its demand matches a gold demand that lists a
    response of the same kind by the same responder (by name)."""
    names = Names.of(gold, ex)
    golds, preds, pairs = demand_pairs(gold, text, ex, names)
    by_demand: dict[str, list[dict]] = {}
    for row in ex.tables.get("demand_responses", []):
        by_demand.setdefault(row["demand_id"], []).append(row)
    missing = [[(r["responder"], r["response"]) for r in g.get("responses") or []]
               for _, g in golds]
    right_rows: set[int] = set()
    for gi, pi in pairs:
        wanted = missing[gi]
        for row in by_demand.get(preds[pi]["demand_id"], []):
            hit = next((w for w in wanted if w[1] == row["response"]
                        and names.same(row["responder_id"], w[0])), None)
            if hit is not None:
                wanted.remove(hit)
                right_rows.add(id(row))
    rows = ex.tables.get("demand_responses", [])
    n_gold = sum(len(g.get("responses") or []) for _, g in golds)
    score = TextScore(counts={"responses": Counts(len(right_rows), len(rows), n_gold)})
    for gi, wanted in enumerate(missing):
        for responder, response in wanted:
            score.errors.append(Error("response", "missed", _shown(golds[gi][1]["demand"]),
                                      f"{response} by {responder}"))
    for row in rows:
        if id(row) not in right_rows:
            note = f"{row['response']} by {names.name(row['responder_id'])}"
            score.errors.append(Error("response", "extra", row.get("text", ""), note))
    return score
