"""Generated maps of any size, for the tests that count queries as maps grow and for `make bench`
(bench/queries.py): one shape everywhere, so a count in a test and a count in the bench mean the same map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from argmap.classrooms.models import Classroom


def generated_map(
    *,
    slug: str,
    measures: int,
    per_measure: int,
    title: str = "",
    classroom: Classroom | None = None,
    owner: AbstractBaseUser | None = None,
) -> Map:
    """A question, `measures` measures, and under each a binary tree of `per_measure` claims and evidence (every
    third is evidence), supporting and opposing in turn; a class's map when a class is given. Bulk inserts."""
    class_fields = {"visibility": Visibility.CLASS, "classroom": classroom} if classroom else {}
    map = Map.objects.create(
        slug=slug, title=title or f"Generated {slug}", question="Generated question?", owner=owner, **class_fields
    )
    question = Node.objects.create(map=map, kind=NodeKind.QUESTION, text=map.question)
    nodes: list[Node] = []
    for m in range(measures):
        nodes.append(Node(map=map, kind=NodeKind.MEASURE, text=f"Measure {m}", topic="political"))
        for c in range(per_measure):
            kind = NodeKind.EVIDENCE if c % 3 == 0 else NodeKind.CLAIM
            nodes.append(Node(map=map, kind=kind, text=f"Statement {m}.{c}"))
    Node.objects.bulk_create(nodes)
    created = list(Node.objects.filter(map=map).exclude(pk=question.pk).order_by("id"))
    edges = []
    for m in range(measures):
        block = created[m * (per_measure + 1) : (m + 1) * (per_measure + 1)]
        measure, statements = block[0], block[1:]
        edges.append(Edge(map=map, from_node=measure, to_node=question, relation=Relation.SUPPORTS))
        for index, statement in enumerate(statements):
            # Statement i speaks to its parent (i - 2) // 2; the first two speak to the measure.
            parent = measure if index < 2 else statements[(index - 2) // 2]
            relation = Relation.OPPOSES if index % 2 else Relation.SUPPORTS
            edges.append(Edge(map=map, from_node=statement, to_node=parent, relation=relation))
    Edge.objects.bulk_create(edges)
    return map
