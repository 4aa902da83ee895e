"""The teacher's merge and move pickers: which statements to offer, found by their words, likely duplicates first.

Read from the map's graph as the teacher sees it (maps.selectors.map_graph, a fixed number of queries), so
searching costs no query per statement, however large the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.maps.models import Node, NodeKind, Status
from argmap.maps.selectors import NEAR_DUPLICATE, MapGraph
from argmap.moderation.forms import MergeForm, MoveForm
from argmap.text import duplicate_key, similarity

if TYPE_CHECKING:
    from argmap.classrooms.permissions import MapAccess

# How many statements a picker lists at once: enough to choose from, few enough to read. Typing narrows it.
PICKER_SIZE = 12
QUERY_MAX_LENGTH = 200
PURPOSES = ("merge", "move")


@dataclass(frozen=True)
class Choice:
    node: Node
    speaks_to: Node | None  # what it stands under, so two statements with the same words can be told apart
    likely: bool  # a likely duplicate of the statement being merged into (or moved)
    checked: bool


@dataclass(frozen=True)
class Picker:
    purpose: str  # "merge" or "move"
    node: Node
    query: str
    choices: list[Choice]
    matching: int  # how many statements match the query (all the candidates without one)

    @property
    def more(self) -> int:
        """How many matching statements are not listed: typing a few words finds them."""
        return max(self.matching - sum(1 for choice in self.choices if not choice.checked), 0)


def candidates(graph: MapGraph, node: Node, purpose: str) -> list[Node]:
    """What a statement may be merged with (another statement of its kind) or moved under (any other statement
    but a hidden one; the service refuses a move that would make a loop, naming it)."""
    others = [other for other in graph.nodes.values() if other.pk != node.pk and other.status != Status.HIDDEN]
    if purpose == "merge":
        return [other for other in others if other.kind == node.kind and other.kind != NodeKind.QUESTION]
    return others


def pick(*, graph: MapGraph, node: Node, purpose: str, query: str = "", checked: set[int] | None = None) -> Picker:
    """The picker's list: the statements already ticked first (so a new search never loses them), then those
    whose words contain every word typed (parts of words too: "stal" finds "Stalin's"), most like node first,
    so likely duplicates lead; at most PICKER_SIZE besides the ticked ones.
    """
    checked = checked or set()
    query = query.strip()[:QUERY_MAX_LENGTH]
    words = duplicate_key(query).split()
    own_key = duplicate_key(node.text)
    offered = candidates(graph, node, purpose)
    scored = []
    for other in offered:
        key = duplicate_key(other.text)
        if other.pk in checked or all(word in key for word in words):
            scored.append((similarity(own_key, key), other))
    scored.sort(key=lambda pair: (pair[1].pk not in checked, -pair[0], pair[1].pk))
    ticked = [(score, other) for score, other in scored if other.pk in checked]
    rest = [(score, other) for score, other in scored if other.pk not in checked]

    def choice(score: float, other: Node) -> Choice:
        targets = graph.targets_of(other)
        return Choice(
            node=other,
            speaks_to=targets[0][1] if targets else None,
            likely=purpose == "merge" and score >= NEAR_DUPLICATE,
            checked=other.pk in checked,
        )

    listed = [choice(score, other) for score, other in [*ticked, *rest[:PICKER_SIZE]]]
    return Picker(purpose=purpose, node=node, query=query, choices=listed, matching=len(rest))


def forms_for(*, graph: MapGraph, node: Node, access: MapAccess, only: str = "") -> dict[str, object]:
    """The teacher's merge and move forms for a statement's page (the move form only when it stands under
    something), each with its picker, and ids of its own: the page holds the link form too."""
    if not access.can_moderate or node.kind == NodeKind.QUESTION:
        return {}
    forms: dict[str, object] = {}
    if only in ("", "merge"):
        merge_candidates = candidates(graph, node, "merge")
        forms["merge_form"] = MergeForm(others=merge_candidates, auto_id=f"id_merge_{node.pk}_%s")
        forms["merge_picker"] = pick(graph=graph, node=node, purpose="merge")
    targets = [target for _, target in graph.targets_of(node)]
    if targets and only in ("", "move"):
        others = candidates(graph, node, "move")
        forms["move_form"] = MoveForm(targets=targets, others=others, auto_id=f"id_move_{node.pk}_%s")
        forms["move_picker"] = pick(graph=graph, node=node, purpose="move")
    return forms
