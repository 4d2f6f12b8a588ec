"""Actor typing of one text: are the gold actors the extractor found typed right, and what are
the actors it calls persons?"""

from __future__ import annotations

from ..models import Extraction
from .counts import Error, TextScore
from .gold import Span, overlap
from .names import Names


def _mentions(ex: Extraction) -> dict[str, list[Span]]:
    """{actor_id: spans of its mentions by name}."""
    spans: dict[str, list[Span]] = {}
    for row in ex.tables.get("actor_mentions", []):
        if row.get("method") == "pronoun":  # "he" after a headline word says nothing of it
            continue
        spans.setdefault(row["actor_id"], []).append((row["char_start"], row["char_end"]))
    return spans


def score_actors(gold: dict, ex: Extraction, headline: Span | None = None) -> TextScore:
    """`actor_type`: over gold actors the extraction has (by name), those all of whose
    extracted actors carry the gold type. Tallies: gold groups found and those typed `other`;
    extracted persons, and among them gold places, gold organisations/countries/groups, and
    names that are no gold actor (`persons_unknown`), of which those seen only in the headline
    (`persons_headline_only`). `names` lists the names of each kind of wrong person."""
    names, score = Names.of(gold, ex), TextScore()
    _score_types(gold, ex, names, score)
    _score_persons(gold, ex, names, headline, score)
    return score


def _score_types(gold: dict, ex: Extraction, names: Names, score: TextScore) -> None:
    rows, typing = ex.tables.get("actors", []), score.ratio("actor_type")
    for actor in gold.get("actors") or []:
        types = {row["type"] for row in rows if names.is_gold(row["actor_id"], actor["name"])}
        score.tally("gold_actors")
        if not types:
            continue
        score.tally("gold_actors_found")
        typing.count(types == {actor["type"]})
        if actor["type"] == "group":
            score.tally("groups_found")
            score.tally("groups_typed_other", int(types == {"other"}))
        if types != {actor["type"]}:
            note = f"gold: {actor['type']}; extracted: {', '.join(sorted(types))}"
            score.errors.append(Error("actor", "wrong type", actor["name"], note))


def _person_kind(actor_id: str, names: Names, types_of: dict[str, str]) -> str | None:
    """What a wrong extracted person is (None when it is a gold person)."""
    gold_types = {t for n, t in types_of.items() if names.is_gold(actor_id, n)}
    if "person" in gold_types:
        return None
    if names.is_place(actor_id):
        return "persons_places"
    return "persons_other_actors" if gold_types else "persons_unknown"


def _score_persons(gold: dict, ex: Extraction, names: Names, headline: Span | None,
                   score: TextScore) -> None:
    types_of = {actor["name"]: actor["type"] for actor in gold.get("actors") or []}
    mentions = _mentions(ex)
    for row in ex.tables.get("actors", []):
        if row["type"] != "person":
            continue
        score.tally("persons")
        kind = _person_kind(row["actor_id"], names, types_of)
        if kind is None:
            continue
        score.tally(kind)
        score.names.setdefault(kind, []).append(row["name"])
        spans = mentions.get(row["actor_id"], [])
        if kind == "persons_unknown" and headline and spans and all(
            overlap(s, headline) for s in spans
        ):
            score.tally("persons_headline_only")
            score.names.setdefault("persons_headline_only", []).append(row["name"])
        score.errors.append(Error("actor", "not a person", row["name"], kind))
