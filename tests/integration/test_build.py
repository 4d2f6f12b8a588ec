"""The whole flow on the seed: a valid package whose spans match the text and whose example
queries (README and docs/) answer what they claim."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.check.package import validate_package
from pipeline.query import run_query

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _queries() -> dict[str, str]:
    """The named example queries of README.md and docs/ (```sql blocks opening `-- query: NAME`)."""
    texts = [p.read_text(encoding="utf-8")
             for p in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))]
    blocks = re.findall(r"```sql\n-- query: (\S+)\n(.*?)```", "\n".join(texts), flags=re.S)
    return {name: sql for name, sql in blocks}


def _frame(out: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(out / "data" / f"{table}.csv", dtype=str, keep_default_na=False)


def test_first_build_is_release_1_0_0(built_package):
    result, out = built_package
    descriptor = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert result.published and descriptor["version"] == "1.0.0"
    assert (out / "versions" / "1.0.0" / "datapackage.json").is_file()
    assert result.counts["statements"] > 0 and result.counts["passages"] > 0


def test_package_validates(built_package):
    _, out = built_package
    assert validate_package(out) == []


def test_spans_equal_the_source_slices(built_package, seed_sources):
    """Every text is its span's slice of the source, but a passage's of a source whose text is
    withheld (the seed's licence is unknown): empty, its hash still the slice's."""
    _, out = built_package
    texts = {s.source_id: s.text for s in seed_sources}
    withheld = {s.source_id for s in seed_sources if not s.entry.redistribute_text}
    assert withheld == {s.source_id for s in seed_sources}
    for table in ("passages", "statements", "meetings", "demands", "actor_mentions"):
        frame = _frame(out, table)
        for row in frame.itertuples():
            start, end = int(row.char_start), int(row.char_end)
            if table == "passages" and row.source_id in withheld:
                assert row.text == "" and row.text_sha256 == hashlib.sha256(
                    texts[row.source_id][start:end].encode("utf-8")).hexdigest(), row
            else:
                assert texts[row.source_id][start:end] == row.text, (table, row)


def test_spanish_captions_yield_no_records(built_package):
    _, out = built_package
    passages = _frame(out, "passages")
    spanish = passages[passages.language == "es"]
    assert len(spanish) == 3
    spans = [(int(p.char_start), int(p.char_end)) for p in spanish.itertuples()]
    for table in ("statements", "meetings", "demands", "actor_mentions"):
        for row in _frame(out, table).itertuples():
            assert not any(s <= int(row.char_start) < e for s, e in spans), (table, row)


def test_query_counts_statements(built_package):
    _, out = built_package
    columns, rows = run_query("select count(*) from statements", out)
    assert rows[0][0] == len(_frame(out, "statements"))


def test_readme_has_the_five_queries():
    assert set(_queries()) == {"demands-by-actor", "quotes-of-speaker", "meetings-by-date",
                               "actors-by-statements", "rejected-demands"}


def test_query_demands_by_actor(built_package):
    _, out = built_package
    columns, rows = run_query(_queries()["demands-by-actor"], out)
    actors = _frame(out, "actors").set_index("actor_id")["name"]
    demands = _frame(out, "demands")
    expected = sorted((actors[d.demander_id], d.demand) for d in demands.itertuples())
    assert sorted((r[0], r[2]) for r in rows) == expected
    assert any(r[0] == "Russia" or "Grushko" in r[0] for r in rows)


def test_query_quotes_of_speaker(built_package):
    _, out = built_package
    columns, rows = run_query(_queries()["quotes-of-speaker"], out)
    quotes = [r[0] for r in rows]
    assert "There are significant differences between NATO allies and Russia" in quotes
    for quote, _, _, sentence in rows:  # the seed's text is withheld: no sentence to show
        assert quote and sentence is None


def test_query_meetings_by_date(built_package):
    _, out = built_package
    columns, rows = run_query(_queries()["meetings-by-date"], out)
    assert len(rows) == len(_frame(out, "meetings"))
    dated = [r[0] for r in rows if r[0] is not None]
    assert dated == sorted(dated)
    assert {"Geneva", "Brest"} <= {r[2] for r in rows}


def test_query_actors_by_statements(built_package):
    _, out = built_package
    columns, rows = run_query(_queries()["actors-by-statements"], out)
    statements = _frame(out, "statements")
    actors = _frame(out, "actors").set_index("actor_id")["name"]
    counts = statements[statements.speaker_id != ""].speaker_id.map(actors).value_counts()
    assert {r[0]: r[2] for r in rows} == counts.to_dict()
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True)


def test_query_rejected_demands(built_package):
    _, out = built_package
    columns, rows = run_query(_queries()["rejected-demands"], out)
    responses = _frame(out, "demand_responses")
    assert len(rows) == (responses.response == "rejected").sum()
    assert any("Sherman" in r[2] for r in rows)
