"""The graph view's layered layout: where each statement's box and each link's line go (no Django here).

The question sits on top (layer 0) and every statement sits at least one layer below everything it speaks to,
so a link always runs upwards from the arguing statement to its target. igraph's Sugiyama layout orders each
layer to keep crossings few and adds bends to links that skip layers, so their lines pass between boxes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import igraph

BOX_WIDTH = 216
GAP_X = 28  # between two boxes of a layer
GAP_Y = 72  # between two layers, where the links run
MARGIN = 24
PADDING = 10
KIND_LINE = 18  # the small line on top of each box naming its kind
LINE_HEIGHT = 17
CHARS_PER_LINE = 27
MAX_LINES = 5


@dataclass(frozen=True)
class Box:
    node_id: int
    layer: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Line:
    """A link drawn from the top of the arguing statement's box to the bottom of its target's box."""

    source: int
    target: int
    points: tuple[tuple[float, float], ...]

    @property
    def path(self) -> str:
        """An SVG path through the points, each run a curve that leaves and arrives vertically."""
        (x, y), *rest = self.points
        parts = [f"M{x:g} {y:g}"]
        for next_x, next_y in rest:
            middle = round((y + next_y) / 2, 1)
            parts.append(f"C{x:g} {middle:g} {next_x:g} {middle:g} {next_x:g} {next_y:g}")
            x, y = next_x, next_y
        return " ".join(parts)


@dataclass(frozen=True)
class Layout:
    boxes: dict[int, Box]
    lines: tuple[Line, ...]
    width: float
    height: float


def wrap(text: str, *, width: int = CHARS_PER_LINE, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """text broken into lines of at most width characters; past max_lines it ends with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = [*lines[: max_lines - 1], (last[: width - 1].rstrip() + "…")]
    return tuple(lines)


def layers_of(node_ids: Iterable[int], links: Sequence[tuple[int, int]], root: int | None) -> dict[int, int]:
    """Each node's layer: the question 0, anything else one below the lowest of what it speaks to.

    A node that speaks to nothing (only a moderator sees one, cut off by a hidden link) hangs in layer 1.
    The map is acyclic (the services refuse a cycle); should a cycle slip in, its links are left out.
    """
    ids = sorted(set(node_ids))
    targets: dict[int, list[int]] = {node_id: [] for node_id in ids}
    for source, target in links:
        if source in targets and target in targets and source != target:
            targets[source].append(target)
    layer: dict[int, int] = {}
    for start in ids:
        if start in layer:
            continue
        # Depth-first without recursion: a chain of 2,000 replies must not hit Python's recursion limit.
        stack: list[tuple[int, int]] = [(start, 0)]
        on_path = {start}
        while stack:
            node_id, index = stack[-1]
            pending = targets[node_id]
            if index < len(pending):
                stack[-1] = (node_id, index + 1)
                target = pending[index]
                if target not in layer and target not in on_path:
                    on_path.add(target)
                    stack.append((target, 0))
                continue
            stack.pop()
            on_path.discard(node_id)
            above = [layer[target] for target in pending if target in layer]
            if node_id == root:
                layer[node_id] = 0
            else:
                layer[node_id] = max(above) + 1 if above else 1
    return layer


def layered_layout(texts: dict[int, tuple[str, ...]], links: Sequence[tuple[int, int]], *, root: int | None) -> Layout:
    """Boxes for the nodes (id -> the lines of text each box shows) and lines for the links (source, target)."""
    ids = sorted(texts)
    if not ids:
        return Layout(boxes={}, lines=(), width=2 * MARGIN, height=2 * MARGIN)
    layer = layers_of(ids, links, root)
    drawn = sorted({(s, t) for s, t in links if s in layer and t in layer and layer[s] > layer[t]})
    index = {node_id: i for i, node_id in enumerate(ids)}
    graph = igraph.Graph(n=len(ids), edges=[(index[t], index[s]) for s, t in drawn], directed=True)
    positions = graph.layout_sugiyama(layers=[layer[node_id] for node_id in ids], hgap=1, vgap=1, maxiter=100)
    # The bends igraph added to each link that skips layers, listed from the target down to the source.
    bends = {
        link: [tuple(point) for point in points] for link, points in zip(drawn, positions.edge_routing, strict=True)
    }
    coords = [tuple(point) for point in positions]
    min_x = min(x for x, _ in coords)
    min_x = min([min_x, *(x for points in bends.values() for x, _ in points)])
    unit = BOX_WIDTH + GAP_X

    def left(vertex: int) -> float:
        return MARGIN + (coords[vertex][0] - min_x) * unit

    # Each layer is as tall as its tallest box; the boxes of a layer share its top edge.
    heights = {node_id: 2 * PADDING + KIND_LINE + LINE_HEIGHT * len(texts[node_id]) for node_id in ids}
    depth = max(layer.values())
    band = [0.0] * (depth + 1)
    for node_id in ids:
        band[layer[node_id]] = max(band[layer[node_id]], heights[node_id])
    tops = [float(MARGIN)]
    for level in range(depth):
        tops.append(tops[-1] + band[level] + GAP_Y)

    boxes = {
        node_id: Box(
            node_id=node_id,
            layer=layer[node_id],
            x=left(index[node_id]),
            y=tops[layer[node_id]],
            width=BOX_WIDTH,
            height=heights[node_id],
            lines=texts[node_id],
        )
        for node_id in ids
    }
    lines = _route(drawn, boxes, bends, lambda x: MARGIN + (x - min_x) * unit + BOX_WIDTH / 2, tops, band)
    bend_xs = [x for line in lines for x, _ in line.points]
    width = max(max(box.x + box.width for box in boxes.values()), *bend_xs, 0) + MARGIN
    height = max(box.bottom for box in boxes.values()) + MARGIN
    return Layout(boxes=boxes, lines=lines, width=width, height=height)


def _route(drawn, boxes, bends, centre, tops, band) -> tuple[Line, ...]:
    """The points of each link: the source's top, up through the bends igraph added to a link that skips
    layers (each bend a vertical run through the layer it crosses), to the target's bottom. The ends are spread
    along the edges of a box, in the order of the other ends, so arrows into one box do not pile up.
    """
    first_hop: dict[tuple[int, int], float] = {}
    for source, target in drawn:
        chain = bends[(source, target)]
        first_hop[(source, target)] = centre(chain[-1][0]) if chain else boxes[target].centre_x
        first_hop[(target, source)] = centre(chain[0][0]) if chain else boxes[source].centre_x

    def spread(box: Box, others: list[tuple[float, tuple[int, int]]]) -> dict[tuple[int, int], float]:
        others.sort()
        usable = box.width * 0.7
        step = usable / len(others)
        start = box.x + (box.width - usable) / 2 + step / 2
        return {key: start + i * step for i, (_, key) in enumerate(others)}

    into: dict[int, list[tuple[float, tuple[int, int]]]] = {}
    out_of: dict[int, list[tuple[float, tuple[int, int]]]] = {}
    for source, target in drawn:
        into.setdefault(target, []).append((first_hop[(target, source)], (source, target)))
        out_of.setdefault(source, []).append((first_hop[(source, target)], (source, target)))
    arrive: dict[tuple[int, int], float] = {}
    leave: dict[tuple[int, int], float] = {}
    for node_id, ends in into.items():
        arrive.update(spread(boxes[node_id], ends))
    for node_id, ends in out_of.items():
        leave.update(spread(boxes[node_id], ends))

    lines = []
    for source, target in drawn:
        start = boxes[source]
        points: list[tuple[float, float]] = [(leave[(source, target)], start.y)]
        # Bends run from the source's side up to the target's: the chain lists them from the target down.
        for bend_x, bend_level in reversed(bends[(source, target)]):
            level = round(bend_level)
            x = centre(bend_x)
            points.append((x, tops[level] + band[level]))
            points.append((x, tops[level]))
        points.append((arrive[(source, target)], boxes[target].bottom))
        lines.append(Line(source=source, target=target, points=tuple((round(x, 1), round(y, 1)) for x, y in points)))
    return tuple(lines)
