"""The pictures, drawn at build time as SVG: a network of actors and a timeline of events.

Network: who met whom (actors taking part in one meeting, grey lines thickening with the
number of meetings) and who demanded what of whom (demander -> addressee arrows, coloured by
the demand's status: made, rejected or accepted). Timeline: meetings and demands by date.
Laid out by networkx with a fixed seed and drawn by matplotlib without pyplot, so nothing
global is touched; the SVG carries no date and its ids come from a fixed salt, so the same
package gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter
from dataclasses import dataclass

from .package import Package

SEED = 7
MAX_NODES = 40  # more would be a hairball; the tables hold every link
TYPE_COLOURS = {"person": "#4c78a8", "organization": "#f58518", "country": "#54a24b",
                "other": "#9d9d9d"}
STATUS_COLOURS = {"made": "#1f6feb", "rejected": "#d1242f", "accepted": "#1a7f37",
                  "held": "#57606a", "ongoing": "#bf8700", "planned": "#8250df"}
SVG_RC = {"svg.hashsalt": "diplomatic-talks-site", "svg.fonttype": "none",
          "font.family": "sans-serif", "font.size": 9}


@dataclass(frozen=True)
class Link:
    """One drawn edge: a meeting link (kind 'met', undirected) or a demand (kind = status)."""

    source: str
    target: str
    kind: str
    count: int


@dataclass(frozen=True)
class Network:
    """What the network picture shows: its nodes (actor ids), links and the SVG."""

    nodes: tuple[str, ...]
    links: tuple[Link, ...]
    total_actors: int
    svg: str


def network_links(package: Package) -> list[Link]:
    """Every meeting co-participation and demand between two actors, counted."""
    by_meeting: dict[str, list[str]] = {}
    for p in package.rows("meeting_participants"):
        by_meeting.setdefault(p["meeting_id"], []).append(p["actor_id"])
    met: Counter[tuple[str, str]] = Counter()
    for actors in by_meeting.values():
        people = sorted(set(actors))
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                met[(a, b)] += 1
    asked: Counter[tuple[str, str, str]] = Counter()
    for d in package.rows("demands"):
        if d.get("addressee_id") and d["addressee_id"] != d["demander_id"]:
            asked[(d["demander_id"], d["addressee_id"], d["status"])] += 1
    links = [Link(a, b, "met", n) for (a, b), n in met.items()]
    links += [Link(a, b, status, n) for (a, b, status), n in asked.items()]
    return sorted(links, key=lambda k: (k.source, k.target, k.kind))


def draw_network(package: Package) -> Network:
    """The network of the MAX_NODES actors with the most links, as SVG."""
    import networkx as nx

    names = {a["actor_id"]: a["name"] for a in package.rows("actors")}
    types = {a["actor_id"]: a["type"] for a in package.rows("actors")}
    links = network_links(package)
    weight: Counter[str] = Counter()
    for link in links:
        weight[link.source] += link.count
        weight[link.target] += link.count
    ranked = sorted(weight, key=lambda a: (-weight[a], names.get(a, a), a))
    nodes = tuple(sorted(ranked[:MAX_NODES]))
    kept = set(nodes)
    shown = tuple(k for k in links if k.source in kept and k.target in kept)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for link in shown:
        previous = graph.get_edge_data(link.source, link.target, {}).get("weight", 0)
        graph.add_edge(link.source, link.target, weight=previous + link.count)
    pos = layout(graph)
    svg = _draw(graph, pos, shown, names, types, weight)
    return Network(nodes=nodes, links=shown, total_actors=len(weight), svg=svg)


def layout(graph) -> dict[str, tuple[float, float]]:  # noqa: ANN001 - a networkx Graph
    """Positions: each connected part laid out on its own (spring layout, fixed seed), its size
    growing with its number of actors, the parts packed in rows, largest first. One layout of
    the whole graph would push the parts apart and crowd each into a corner."""
    import networkx as nx

    parts = sorted((sorted(c) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), c[0]))
    radii = [0.5 * math.sqrt(len(c)) for c in parts]
    width = max([2 * radii[0]] + [1.6 * math.sqrt(sum(4 * r * r for r in radii))]) if parts else 0
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for part, r in zip(parts, radii, strict=True):
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y - row - 0.4, 0.0
        # A subgraph view of a few nodes iterates them in a set's order, which changes with
        # the interpreter's hash seed: a graph built in sorted order lays out the same way.
        sub = nx.Graph()
        sub.add_nodes_from(part)
        sub.add_edges_from(graph.edges(part, data=True))
        placed = nx.spring_layout(sub, seed=SEED, k=1.5 / math.sqrt(len(part)), iterations=200,
                                  scale=r, center=(x + r, y - r)) if len(part) > 1 \
            else {part[0]: (x + r, y - r)}
        pos.update({n: (float(a), float(b)) for n, (a, b) in placed.items()})
        x, row = x + 2 * r + 0.4, max(row, 2 * r)
    return pos


def _draw(graph, pos, links, names, types, weight) -> str:  # noqa: ANN001 - networkx objects
    import matplotlib
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with matplotlib.rc_context(SVG_RC):
        fig = Figure(figsize=(10, 7.5))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        if not pos:
            ax.text(0.5, 0.5, "no meetings or demands between two actors", ha="center")
            return _svg(fig)
        met = [(k.source, k.target) for k in links if k.kind == "met"]
        widths = [0.8 + 1.2 * math.log2(graph[a][b]["weight"]) for a, b in met]
        nx.draw_networkx_edges(graph, pos, edgelist=met, ax=ax, width=widths,
                               edge_color="#b8bec6")
        digraph = nx.MultiDiGraph()
        digraph.add_nodes_from(graph.nodes)
        for n, status in enumerate(("made", "rejected", "accepted")):
            arrows = [(k.source, k.target) for k in links if k.kind == status]
            if arrows:
                nx.draw_networkx_edges(digraph, pos, edgelist=arrows, ax=ax, arrows=True,
                                       arrowstyle="-|>", arrowsize=12, width=1.6,
                                       edge_color=STATUS_COLOURS[status],
                                       connectionstyle=f"arc3,rad={0.12 + 0.08 * n}",
                                       node_size=_sizes(graph, weight))
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=_sizes(graph, weight),
                               node_color=[TYPE_COLOURS.get(types.get(a), "#9d9d9d")
                                           for a in graph.nodes],
                               edgecolors="white", linewidths=1.0)
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8,
                                labels={a: names.get(a, a) for a in graph.nodes},
                                verticalalignment="bottom")
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=t)
                   for t, c in TYPE_COLOURS.items()]
        handles += [Line2D([], [], color="#b8bec6", lw=2, label="met (same meeting)")]
        handles += [Line2D([], [], color=STATUS_COLOURS[s], lw=2, label=f"demand {s}")
                    for s in ("made", "rejected", "accepted")]
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
        ax.margins(0.08)
        return _svg(fig)


def _sizes(graph, weight) -> list[float]:  # noqa: ANN001
    return [120 + 60 * math.sqrt(weight[a]) for a in graph.nodes]


@dataclass(frozen=True)
class Event:
    """A dot on the timeline."""

    record_id: str
    source_id: str
    lane: str  # meetings | demands
    date: dt.date
    dated: bool  # False: the record has no date of its own; its source's date is used
    status: str


def timeline_events(package: Package) -> list[Event]:
    """Meetings on their date (else their source's), demands on their source's date."""
    published = {s["source_id"]: s.get("published") for s in package.rows("sources")}
    events = []
    for m in package.rows("meetings"):
        own, fallback = _date(m.get("start_date")), _date(published.get(m["source_id"]))
        if own or fallback:
            events.append(Event(m["meeting_id"], m["source_id"], "meetings",
                                own or fallback, own is not None, m["status"]))  # type: ignore
    for d in package.rows("demands"):
        if day := _date(published.get(d["source_id"])):
            events.append(Event(d["demand_id"], d["source_id"], "demands", day, False,
                                d["status"]))
    return sorted(events, key=lambda e: (e.date, e.lane, e.record_id))


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else \
            dt.date.fromisoformat(f"{text[:7]}-01")
    except ValueError:
        return None


def draw_timeline(events: list[Event]) -> str:
    """Two lanes, a row per status in each; a dot per day (per week over more than half a
    year) whose area grows with the number of records; hollow where the date is the source's."""
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with matplotlib.rc_context(SVG_RC):
        fig = Figure(figsize=(10, 3.8))
        ax = fig.add_axes((0.16, 0.24, 0.8, 0.7))
        for (status, dated, size), days in _buckets(events).items():
            colour = STATUS_COLOURS[status]
            ax.scatter(days, [ROW[status]] * len(days), s=24 + 18 * math.sqrt(size),
                       linewidths=1.2, edgecolors=colour,
                       facecolors=colour if dated else "none", alpha=0.85)
        ax.set_yticks(list(ROW.values()), list(ROW))
        ax.set_ylim(-0.6, max(ROW.values()) + 0.6)
        ax.axhline(2.5, color="#d0d7de", lw=0.8)
        for label, row in (("meetings", 1.0), ("demands", 4.0)):
            ax.text(-0.1, row, label, transform=ax.get_yaxis_transform(), ha="right",
                    va="center", fontweight="bold")
        locator = AutoDateLocator(minticks=3, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#eaeef2")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if not events:
            ax.text(0.5, 0.5, "no dated meetings or demands", ha="center", transform=ax.transAxes)
        else:
            first, last = events[0].date, events[-1].date
            pad = dt.timedelta(days=max(1, (last - first).days // 30))
            ax.set_xlim(first - pad, last + pad)
        handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor="#57606a",
                          color="#57606a", label="own date"),
                   Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                          color="#57606a", label="date of the source"),
                   Line2D([], [], marker="o", markersize=9, linestyle="", color="#57606a",
                          alpha=0.5, label="larger: more records")]
        fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8, frameon=False)
        return _svg(fig)


# The row of each status: meetings above, demands below.
ROW = {"accepted": 5, "rejected": 4, "made": 3, "planned": 2, "ongoing": 1, "held": 0}


def _buckets(events: list[Event]) -> dict[tuple[str, bool, int], list[dt.date]]:
    """Days (or weeks) with records, by status, own date or not, and a size class of the
    number of records (1, 3, 9, 27, 81): one marker shape per class keeps the SVG small."""
    weekly = bool(events) and (events[-1].date - events[0].date).days > 183
    counts: Counter[tuple[str, bool, dt.date]] = Counter()
    for e in events:
        day = e.date - dt.timedelta(days=e.date.weekday()) if weekly else e.date
        counts[(e.status, e.dated, day)] += 1
    out: dict[tuple[str, bool, int], list[dt.date]] = {}
    for (status, dated, day), n in sorted(counts.items()):
        size = 3 ** min(4, round(math.log(n, 3)))
        out.setdefault((status, dated, size), []).append(day)
    return dict(sorted(out.items()))


def _svg(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
