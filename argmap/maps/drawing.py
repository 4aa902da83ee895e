"""The map as a picture: the layered layout of what one person may see, cached per map revision, and the
shapes the graph templates draw (the page's SVG and the downloaded file share them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from argmap.maps import layout
from argmap.maps.models import NodeKind, Relation
from argmap.maps.selectors import MapGraph

# Bump when the layout code or the graph-svg template changes what it draws, so no cached picture of the old
# code is shown.
LAYOUT_VERSION = 3
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class DrawnNode:
    node: object  # a maps.models.Node, annotated by selectors.map_graph
    box: layout.Box
    label: str  # the small line naming its kind ("Evidence · ⚠ Disputed")
    disputed: bool
    shape: str  # an SVG path for the kinds drawn as paths (measure, evidence); "" for rectangles

    @property
    def text_lines(self) -> list[tuple[float, str]]:
        """Each line of the statement with its baseline."""
        top = self.box.y + layout.PADDING + layout.KIND_LINE
        return [(top + layout.LINE_HEIGHT * (i + 1) - 4, line) for i, line in enumerate(self.box.lines)]

    @property
    def text_x(self) -> float:
        return self.box.x + layout.PADDING

    @property
    def label_y(self) -> float:
        return self.box.y + layout.PADDING + layout.KIND_LINE - 6


STRUCTURAL = "structural"


@dataclass(frozen=True)
class DrawnLink:
    line: layout.Line
    relation: str


@dataclass(frozen=True)
class Drawing:
    nodes: list[DrawnNode]
    links: list[DrawnLink]
    width: float
    height: float
    # The layout's cache key: the SVG drawn from it is the same for everyone who gets this key, so the graph
    # templates keep the drawn SVG under it too (a 2,000-statement map takes a second to draw from scratch).
    cache_key: str

    @property
    def has_structural(self) -> bool:
        return any(link.relation == STRUCTURAL for link in self.links)

    # The downloaded file adds a band beneath the graph with the legend, wide enough for its eight entries.
    @property
    def file_width(self) -> float:
        return max(self.width, 1640)

    @property
    def file_height(self) -> float:
        # A second legend row for the links an import added, when the map has any.
        return self.height + (84 if self.has_structural else 56)

    @property
    def legend_y(self) -> float:
        return self.height + 12


def layout_cache_key(graph: MapGraph) -> str:
    """The map, its revision and what this person sees of it: viewers who see the same statements and links
    share one layout, and any change to the map (which bumps its revision) lays it out afresh.
    """
    seen = (
        ",".join(map(str, sorted(graph.nodes)))
        + ";"
        + ",".join(f"{edge.from_node_id}>{edge.to_node_id}" for edge in sorted(graph.edges, key=_edge_key))
    )
    digest = hashlib.sha256(seen.encode()).hexdigest()[:24]
    return f"graph-layout:v{LAYOUT_VERSION}:{graph.map.pk}:r{graph.map.revision}:{digest}"


def map_layout(graph: MapGraph, key: str | None = None) -> layout.Layout:
    """The layout of graph, from the cache when this map at this revision was laid out for the same view."""
    key = key or layout_cache_key(graph)
    cached = cache.get(key)
    if cached is not None:
        return cached
    root = graph.question.pk if graph.question else None
    texts = {
        node.pk: layout.wrap(node.text, max_lines=layout.MAX_LINES + 2, width=25)
        if node.kind == NodeKind.QUESTION
        else layout.wrap(node.text)
        for node in graph.nodes.values()
    }
    links = [(edge.from_node_id, edge.to_node_id) for edge in graph.edges]
    result = layout.layered_layout(texts, links, root=root)
    cache.set(key, result, CACHE_SECONDS)
    return result


def map_drawing(graph: MapGraph) -> Drawing:
    """What the graph templates draw: a shape per statement this person may see and a line per link."""
    key = layout_cache_key(graph)
    result = map_layout(graph, key)
    measure_label = graph.map.measure_label.capitalize()
    nodes = []
    for node_id, box in sorted(result.boxes.items()):
        node = graph.nodes[node_id]
        disputed = node.curation_status == "disputed"
        label = measure_label if node.kind == NodeKind.MEASURE else node.get_kind_display()
        if disputed:
            label += " · ⚠ Disputed"
        if node.status == "pending":
            label += " · Waiting"
        elif node.status == "hidden":
            label += " · Hidden"
        nodes.append(DrawnNode(node=node, box=box, label=label, disputed=disputed, shape=_shape(node.kind, box)))
    # A link an import added to gather a file's conclusions under one question is drawn as such, not as support.
    relations = {
        (edge.from_node_id, edge.to_node_id): STRUCTURAL if edge.structural else edge.relation for edge in graph.edges
    }
    links = [
        DrawnLink(line=line, relation=relations.get((line.source, line.target), Relation.SUPPORTS))
        for line in result.lines
    ]
    return Drawing(nodes=nodes, links=links, width=result.width, height=result.height, cache_key=key)


def _shape(kind: str, box: layout.Box) -> str:
    """Measures are hexagons (pointed at both sides), evidence a page with its corner folded down."""
    x, y, right, bottom = box.x, box.y, box.x + box.width, box.bottom
    if kind == NodeKind.MEASURE:
        middle = y + box.height / 2
        return f"M{x:g} {y:g}H{right:g}L{right + 12:g} {middle:g}L{right:g} {bottom:g}H{x:g}L{x - 12:g} {middle:g}Z"
    if kind == NodeKind.EVIDENCE:
        fold = 16
        return (
            f"M{x:g} {y:g}H{right - fold:g}L{right:g} {y + fold:g}V{bottom:g}H{x:g}Z"
            f"M{right - fold:g} {y:g}V{y + fold:g}H{right:g}"
        )
    return ""


def _edge_key(edge: object) -> tuple[int, int]:
    return (edge.from_node_id, edge.to_node_id)  # type: ignore[attr-defined]
