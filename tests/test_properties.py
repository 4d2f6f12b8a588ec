"""Property-based tests (hypothesis): arbitrary Unicode text never crashes the passage splitter
or the extractor; every span lies inside the text and its `text` is exactly the slice; ids are
unique; and what the extractor returns always passes the table checks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.check.tables import check_keys, check_schema, check_spans_in_sources
from pipeline.config import DEFAULT_MODEL
from pipeline.ingest import segment
from pipeline.metadata.specs import load_tables
from pipeline.models import Source
from pipeline.tables.frames import build_frames
from tests import factories

# Pieces of news-like text: registry names, reporting and demand verbs, meetings, dates, every
# kind of quotation mark (balanced or not), captions, and the odd spaces and line breaks.
PIECES = [
    "NATO", "Russia", "Vladimir Putin", "Jens Stoltenberg", "Sergey Lavrov", "Antony Blinken",
    "the Kremlin", "Moscow", "Washington", "the Alliance", "the secretary general", "he", "she",
    "they", "said", "told reporters", "urged", "demanded", "called on", "rejected", "insisted",
    "according to", "met", "will meet", "talks", "summit", "in Geneva", "in Brussels",
    "on Monday", "next week", "on 12 January", "last year", "to withdraw troops", "to halt",
    "security guarantees", "not to expand", "the demands", ".", ",", ":", ";", "-", "—", " ",
    " ", " ", " ", "\u00a0", "\u2009", "\u3000", "\t", "\n", "\n\n", "\r\n", "\r\n\r\n",
    "\u2028", "\x85", "\x0c", "\ufeff", "\u200b", '"', "“", "”", "‘", "’", "'", "«", "»",
    "PHOTO/NATO - ", "AFP/JOHANNA GERON – ", "é", "ß", "Ж", "漢字", "😀", "\u0301",
    "\U0001f3f3\ufe0f",
    "El presidente de Rusia habla", "Der Kanzler sagte",
]
NEWSLIKE = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)
ANY_TEXT = st.text(max_size=300)
TEXTS = st.one_of(ANY_TEXT, NEWSLIKE, st.tuples(NEWSLIKE, ANY_TEXT, NEWSLIKE).map("".join))


def make_source(text: str) -> Source:
    return factories.make_source(text, source_id="doc-a")


# ---- the passage splitter -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_split_spans_are_exact_slices(text: str) -> None:
    passages = segment.split(make_source(text))
    for p in passages:
        assert 0 <= p.char_start < p.char_end <= len(text)
        assert text[p.char_start : p.char_end] == p.text
        assert p.text == p.text.strip() and p.text.strip("\ufeff")
        assert p.kind in {"title", "standfirst", "body", "caption"}


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_split_ids_unique_and_order_kept(text: str) -> None:
    passages = segment.split(make_source(text))
    ids = [p.passage_id for p in passages]
    assert len(ids) == len(set(ids))
    assert [p.seq for p in passages] == list(range(len(passages)))
    for a, b in zip(passages, passages[1:], strict=False):
        assert a.char_end <= b.char_start


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_split_is_deterministic(text: str) -> None:
    assert segment.split(make_source(text)) == segment.split(make_source(text))


# ---- the extractor --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor():
    extract = pytest.importorskip("pipeline.extract")
    nlp = extract.load_nlp(DEFAULT_MODEL)
    registry = extract.load_registry()
    lexicon = extract.load_lexicon()

    def run(source: Source):
        passages = segment.split(source)
        extraction = extract.extract_source(source, passages, nlp, registry, lexicon)
        return passages, extraction

    return run


def _rows_with_spans(extraction):
    for name, rows in extraction.tables.items():
        for row in rows:
            if "char_start" in row:
                yield name, row


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_extractor_never_crashes_and_spans_are_slices(extractor, text: str) -> None:
    source = make_source(text)
    _, extraction = extractor(source)
    assert extraction.source_id == "doc-a"
    for name, row in _rows_with_spans(extraction):
        start, end = row["char_start"], row["char_end"]
        assert 0 <= start <= end <= len(text), (name, row)
        if "text" in row:
            assert row["text"] == text[start:end], (name, row)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_extractor_ids_are_unique_and_tables_validate(extractor, text: str) -> None:
    """Whatever the text, the extracted rows pass every table check except the minimum row
    counts (a text may mention no actor at all)."""
    source = make_source(text)
    passages, extraction = extractor(source)
    for name, rows in extraction.tables.items():
        key = load_tables()[name].primary_key
        keys = [tuple(row[k] for k in key) for row in rows]
        if name != "actors":  # actors merge across sources by id, in frames.merge_actors
            assert len(keys) == len(set(keys)), name
    frames = build_frames([source], {source.source_id: passages}, [extraction])
    specs = load_tables()
    problems = [p for name, spec in specs.items()
                for p in check_schema(spec, frames[name])]
    problems += [p for p in check_keys(frames, specs) if "'min-rows'" not in p]
    problems += check_spans_in_sources(frames, specs, [source])
    assert problems == []


UNBALANCED = [
    'Putin said: "NATO must withdraw its troops.\n\nStoltenberg rejected the demands.',
    "Lavrov told reporters \u201cwe will not wait forever. NATO met on Monday.",
    'He said "yes" and then "no and Blinken urged Russia to halt.\u201d\u201d\u201c',
    "\u00ab Les demandes \u00bb \u00bb \u00ab Russia demanded security guarantees.",
]


@pytest.mark.parametrize("text", UNBALANCED)
def test_unbalanced_quotation_marks_do_not_stop_extraction(extractor, text: str) -> None:
    source = make_source(text)
    passages, extraction = extractor(source)
    assert passages and extraction.tables["actors"]
    for _, row in _rows_with_spans(extraction):
        assert row["text"] == text[row["char_start"] : row["char_end"]] if "text" in row else True
