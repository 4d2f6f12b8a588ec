"""Highlights over a passage: nested where spans nest, in parts where they cross, exact always."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.site.spans import Highlight, nest, render


class Elements(HTMLParser):
    """Each element's attributes and text, and the text of the whole fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.found: list[dict] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        element = dict(attrs) | {"text": "", "depth": len(self.open)}
        self.open.append(element)
        self.found.append(element)

    def handle_endtag(self, tag):  # noqa: ANN001
        self.open.pop()

    def handle_data(self, data):  # noqa: ANN001
        self.text += data
        for element in self.open:
            element["text"] += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def h(rid: str, start: int, end: int, rank: int = 0) -> Highlight:
    return Highlight(rid, start, end, rank, "x")


def test_nested_spans_are_nested_elements():
    text = 'He said "we will respond" today.'
    html = render(nest(text, 100, [h("st_outer", 100, 131), h("st_inner", 109, 124, 1)]))
    assert html == (
        '<mark id="st_outer" class="hl x" data-id="st_outer" data-start="100" data-end="131" '
        'tabindex="0" aria-describedby="card-st_outer">He said "<mark id="st_inner" class="hl x" '
        'data-id="st_inner" data-start="109" data-end="124" tabindex="0" '
        'aria-describedby="card-st_inner">we will respond</mark>" today</mark>.')


def test_crossing_spans_are_drawn_in_parts():
    text = "abcdefghij"
    found = parse(render(nest(text, 0, [h("a", 1, 6), h("b", 4, 9)]))).found
    parts = [(e["data-id"], e["data-start"], e["data-end"], e["text"], "part" in e["class"])
             for e in found]
    assert parts == [("a", "1", "6", "bcdef", False), ("b", "4", "6", "ef", True),
                     ("b", "6", "9", "ghi", True)]
    assert [e.get("id") for e in found] == ["a", "b", None]  # the anchor on the first part


def test_equal_spans_nest_by_rank_then_id():
    found = parse(render(nest("NATO rejects", 0, [h("dr_2", 0, 12, 2), h("dr_1", 0, 12, 2),
                                                   h("st_1", 0, 12, 0)]))).found
    assert [(e["data-id"], e["depth"]) for e in found] == [("st_1", 0), ("dr_1", 1), ("dr_2", 2)]


def test_spans_are_clipped_to_the_passage():
    found = parse(render(nest("middle", 10, [h("a", 5, 13), h("b", 14, 30)]))).found
    assert [(e["data-id"], e["data-start"], e["data-end"], e["text"], e.get("id"))
            for e in found] == [("a", "10", "13", "mid", None), ("b", "14", "16", "le", "b")]


def test_text_is_escaped():
    html = render(nest("<b>&", 0, [h("a", 0, 3)]))
    assert html.endswith(">&lt;b&gt;</mark>&amp;")


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 5)),
                 max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=40), raw=spans, offset=st.integers(0, 5))
def test_every_element_holds_exactly_its_slice(text: str, raw: list, offset: int):
    highlights = [h(f"r{i}", offset + min(a, b), offset + max(a, b), rank)
                  for i, (a, b, rank) in enumerate(raw)]
    parsed = parse(render(nest(text, offset, highlights)))
    assert parsed.text == text  # nothing lost, nothing repeated
    stop = offset + len(text)
    by_id: dict[str, list[dict]] = {}
    for e in parsed.found:
        start, end = int(e["data-start"]), int(e["data-end"])
        assert e["text"] == text[start - offset:end - offset]
        by_id.setdefault(e["data-id"], []).append(e)
    for hl in highlights:
        start, end = max(hl.start, offset), min(hl.end, stop)
        visible = start < end or (hl.start == hl.end and offset <= hl.start < stop)
        parts = by_id.get(hl.record_id, [])
        assert bool(parts) == visible
        if parts:
            assert "".join(p["text"] for p in parts) == text[start - offset:end - offset]
            assert int(parts[0]["data-start"]) == start and int(parts[-1]["data-end"]) == end
            assert all(int(a["data-end"]) == int(b["data-start"])
                       for a, b in zip(parts, parts[1:], strict=False))
            assert [p.get("id") for p in parts].count(hl.record_id) == (hl.start >= offset)
