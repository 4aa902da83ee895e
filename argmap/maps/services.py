"""Every write to the argument graph: typed, keyword-only, one transaction each, invariants checked here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from argmap.maps import graph
from argmap.maps.models import TEXT_MAX_LENGTH, Edge, Map, Node, NodeKind, Relation, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def map_touch(*, map: Map) -> None:
    """Bump the map's revision; called inside the transaction of every change to the map."""
    Map.objects.filter(pk=map.pk).update(revision=F("revision") + 1, updated_at=timezone.now())


def clean_text(text: str, *, field: str = "text") -> str:
    """Trimmed text of 1 to 500 characters, or a ValidationError a student can act on."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError({field: "Write something first: the text can't be empty."})
    if len(cleaned) > TEXT_MAX_LENGTH:
        raise ValidationError({field: f"Keep it to {TEXT_MAX_LENGTH} characters or fewer (this has {len(cleaned)})."})
    return cleaned


def describe_path(path: list[int], nodes: dict[int, Node]) -> str:
    return " → ".join(f"“{_short(nodes[node_id].text)}”" for node_id in path)


def edge_create(
    *,
    map: Map,
    from_node: Node,
    to_node: Node,
    relation: str,
    author: AbstractBaseUser | None = None,
    status: str = Status.VISIBLE,
) -> Edge:
    """Join two nodes of one map, refusing self-loops, duplicates and cycles with a clear message."""
    with transaction.atomic():
        edge = _edge_insert(
            map=map, from_node=from_node, to_node=to_node, relation=relation, author=author, status=status
        )
        map_touch(map=map)
    return edge


def node_create(
    *,
    map: Map,
    kind: str,
    text: str,
    target: Node,
    relation: str,
    author: AbstractBaseUser | None = None,
    status: str = Status.VISIBLE,
) -> Node:
    """A new claim, evidence or measure, joined to the node it speaks to, so it reaches the question."""
    if kind == NodeKind.QUESTION:
        raise ValidationError({"kind": "A map has exactly one question; add a claim, evidence or measure."})
    if kind not in NodeKind.values:
        raise ValidationError({"kind": "Choose claim, evidence or measure."})
    cleaned = clean_text(text)
    with transaction.atomic():
        node = Node.objects.create(map=map, kind=kind, text=cleaned, author=author, status=status)
        _edge_insert(map=map, from_node=node, to_node=target, relation=relation, author=author, status=status)
        map_touch(map=map)
    return node


def _edge_insert(
    *,
    map: Map,
    from_node: Node,
    to_node: Node,
    relation: str,
    author: AbstractBaseUser | None,
    status: str,
) -> Edge:
    if relation not in Relation.values:
        raise ValidationError({"relation": "Choose whether it supports or opposes."})
    if from_node.map_id != map.pk or to_node.map_id != map.pk:
        raise ValidationError({"to_node": "Both ends of a link must be in the same map."})
    if from_node.pk == to_node.pk:
        raise ValidationError({"to_node": "A statement can't support or oppose itself."})
    if from_node.kind == NodeKind.QUESTION:
        raise ValidationError({"from_node": "The question is the root of the map; it can't point at anything."})
    if Edge.objects.filter(from_node=from_node, to_node=to_node).exists():
        raise ValidationError({"to_node": "These two statements are already linked."})
    pairs = list(Edge.objects.filter(map=map).values_list("from_node_id", "to_node_id"))
    loop = graph.cycle_if_added(pairs, from_node.pk, to_node.pk)
    if loop:
        nodes = Node.objects.in_bulk(set(loop))
        raise ValidationError(
            {"to_node": f"That link would make a loop: {describe_path(loop, nodes)}. An argument can't rest on itself."}
        )
    try:
        with transaction.atomic():
            return Edge.objects.create(
                map=map, from_node=from_node, to_node=to_node, relation=relation, author=author, status=status
            )
    except IntegrityError as error:
        # Two people linking the same pair at the same moment: the constraint decides.
        raise ValidationError({"to_node": "These two statements are already linked."}) from error


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
