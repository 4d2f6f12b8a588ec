"""Highlights over a passage's text: nested where the spans nest, split where they cross.

Records overlap: a partial quote inside reported speech, a demand inside a quote, four
responses on one headline. Each record becomes one element around exactly its span, inside the
elements of the records that contain it. Where two spans cross (one starts inside the other
and ends after it), the later one is closed at the boundary and reopened after it, so it is
drawn as consecutive fragments; each fragment says which part of the record it is. Every
element carries its own `data-start` and `data-end` (offsets in the source text), so the text
inside an element is always `source_text[data-start:data-end]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Highlight:
    """A record's span in the source text and how its element looks."""

    record_id: str
    start: int
    end: int
    rank: int  # outer first when two spans are equal: statements before demands, and so on
    classes: str
    tag: str = "mark"


@dataclass
class _Node:
    highlight: Highlight | None  # None: the passage itself, at the bottom of the stack
    start: int
    end: int = -1
    first: bool = True  # the record's first fragment: it carries the anchor (id=record id)
    children: list[_Node | str] = field(default_factory=list)


def nest(text: str, offset: int, highlights: list[Highlight]) -> list[_Node | str]:
    """The passage text `text` (starting at source offset `offset`) as a forest of text pieces
    and highlight elements. Highlights are clipped to the passage."""
    stop = offset + len(text)
    spans = sorted(
        (h for h in highlights if _inside(h, offset, stop)),
        key=lambda h: (max(h.start, offset), -min(h.end, stop), h.rank, h.record_id))
    root = _Node(None, offset)
    stack = [root]
    bounds = sorted({max(h.start, offset) for h in spans} | {min(h.end, stop) for h in spans}
                    | {stop})
    pos, i = offset, 0
    for at in bounds:
        if at > pos:
            stack[-1].children.append(text[pos - offset:at - offset])
            pos = at
        _close(at, stack, reopen=at < stop)
        while i < len(spans) and max(spans[i].start, offset) == at:
            h = spans[i]
            node = _Node(h, at, first=h.start >= offset)
            stack[-1].children.append(node)
            if h.start == h.end:
                node.end = at  # an empty span: an empty element
            else:
                stack.append(node)
            i += 1
    _close(stop, stack, reopen=False)
    return root.children


def _inside(h: Highlight, offset: int, stop: int) -> bool:
    if h.start == h.end:
        return offset <= h.start < stop
    return h.start < stop and h.end > offset


def _close(at: int, stack: list[_Node], reopen: bool) -> None:
    """Close every element whose span ends at or before `at` (every one when not `reopen`);
    elements opened inside one of them that go on past `at` are closed too and reopened as a
    further fragment."""
    ending = [n for n in stack[1:] if not reopen or n.highlight.end <= at]  # type: ignore[union-attr]
    if not ending:
        return
    lowest = stack.index(ending[0])
    popped = stack[lowest:]
    del stack[lowest:]
    for node in popped:
        node.end = at
    for node in popped:
        if reopen and node.highlight.end > at:  # type: ignore[union-attr]
            fragment = _Node(node.highlight, at, first=False)
            stack[-1].children.append(fragment)
            stack.append(fragment)


def render(nodes: list[_Node | str], attrs: dict[str, str] | None = None) -> str:
    """HTML of a forest made by `nest`. `attrs` are extra attributes for every element."""
    return "".join(_render(n, attrs or {}) for n in nodes)


def _render(node: _Node | str, extra: dict[str, str]) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    h = node.highlight
    assert h is not None
    whole = node.start == h.start and node.end == h.end
    parts = [f'class="hl {h.classes}{"" if whole else " part"}"', f'data-id="{h.record_id}"',
             f'data-start="{node.start}"', f'data-end="{node.end}"', 'tabindex="0"',
             f'aria-describedby="card-{h.record_id}"']
    if node.first:
        parts.insert(0, f'id="{h.record_id}"')
    parts += [f'{k}="{escape(v)}"' for k, v in extra.items()]
    inner = "".join(_render(c, extra) for c in node.children)
    return f"<{h.tag} {' '.join(parts)}>{inner}</{h.tag}>"
