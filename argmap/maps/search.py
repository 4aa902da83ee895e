"""Finding statements in a map by their words, among what one person may see (the graph map_graph built)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.maps.models import NodeKind
from argmap.text import duplicate_key

if TYPE_CHECKING:
    from argmap.maps.models import Node
    from argmap.maps.selectors import MapGraph

# Enough to find a statement among a class's hundreds; a longer list is a sign to type another word.
SEARCH_LIMIT = 50
QUERY_MAX_LENGTH = 200


@dataclass
class Found:
    node: Node
    # The measures it argues about (a measure is its own), in the map's order: "which answer is this about?"
    measures: list[Node]
    strength: float | None


def search_terms(query: str) -> list[str]:
    """The words to look for, compared as duplicates are (case, punctuation, apostrophes and spacing aside)."""
    return duplicate_key((query or "")[:QUERY_MAX_LENGTH]).split()


def map_search(*, graph: MapGraph, query: str, limit: int = SEARCH_LIMIT) -> list[Found]:
    """The statements of graph whose words hold every word of query, the whole phrase first, then measures,
    then in the map's order. No query: nothing. The graph is what this person may see, so nobody finds a
    classmate's waiting point or a hidden one unless they moderate the map.
    """
    terms = search_terms(query)
    if not terms:
        return []
    phrase = " ".join(terms)
    matches = []
    for node in graph.nodes.values():
        key = duplicate_key(node.text)
        if all(term in key for term in terms):
            matches.append((phrase not in key, node.kind != NodeKind.MEASURE, node.pk, node))
    matches.sort(key=lambda match: match[:3])
    strengths = graph.strengths()
    return [
        Found(node=node, measures=measures_of(graph, node), strength=strengths.get(node.pk))
        for *_, node in matches[:limit]
    ]


def measures_of(graph: MapGraph, node: Node) -> list[Node]:
    """The measures node speaks to, directly or through the statements it supports or opposes."""
    if node.kind == NodeKind.MEASURE:
        return [node]
    found: dict[int, Node] = {}
    seen = {node.pk}
    frontier = [node.pk]
    while frontier:
        next_frontier = []
        for pk in frontier:
            for edge in graph.outgoing.get(pk, ()):
                target = graph.nodes.get(edge.to_node_id)
                if target is None or target.pk in seen:
                    continue
                seen.add(target.pk)
                if target.kind == NodeKind.MEASURE:
                    found[target.pk] = target
                elif target.kind != NodeKind.QUESTION:
                    next_frontier.append(target.pk)
        frontier = next_frontier
    return sorted(found.values(), key=lambda measure: measure.pk)
