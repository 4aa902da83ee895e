"""edge_create keeps the graph's invariants, each refused with a message a student can read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from argmap.maps.models import Edge, Map, Node, NodeKind, Relation
from argmap.maps.services import edge_create, node_create


@pytest.fixture
def chain(db):
    """question ← measure ← claim ← evidence."""
    map = Map.objects.create(slug="chain", title="Chain", question="Q?")
    question = Node.objects.create(map=map, kind=NodeKind.QUESTION, text="Q?")
    measure = node_create(map=map, kind=NodeKind.MEASURE, text="The measure", target=question, relation="supports")
    claim = node_create(map=map, kind=NodeKind.CLAIM, text="A claim", target=measure, relation="opposes")
    evidence = node_create(map=map, kind=NodeKind.EVIDENCE, text="Some evidence", target=claim, relation="supports")
    return map, question, measure, claim, evidence


def _message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_it_links_two_nodes_and_bumps_the_revision(chain):
    map, _, measure, _, evidence = chain
    before = Map.objects.get(pk=map.pk).revision
    edge = edge_create(map=map, from_node=evidence, to_node=measure, relation=Relation.OPPOSES)
    assert edge.relation == "opposes"
    assert Map.objects.get(pk=map.pk).revision == before + 1


def test_it_refuses_an_edge_that_closes_a_cycle_and_names_the_path(chain):
    map, _, measure, _claim, evidence = chain
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=measure, to_node=evidence, relation=Relation.SUPPORTS)
    assert _message(error) == (
        "That link would make a loop: “The measure” → “Some evidence” → “A claim” → “The measure”. "
        "An argument can't rest on itself."
    )
    assert not Edge.objects.filter(from_node=measure, to_node=evidence).exists()


def test_it_refuses_a_self_loop(chain):
    map, _, _, claim, _ = chain
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=claim, to_node=claim, relation=Relation.SUPPORTS)
    assert "can't support or oppose itself" in _message(error)


def test_it_refuses_a_duplicate_edge(chain):
    map, _, _, claim, evidence = chain
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=evidence, to_node=claim, relation=Relation.OPPOSES)
    assert "already linked" in _message(error)
    assert Edge.objects.filter(from_node=evidence, to_node=claim).count() == 1


def test_it_refuses_an_edge_between_two_maps(chain):
    map, _, _, claim, _ = chain
    other = Map.objects.create(slug="other", title="Other", question="Other?")
    stranger = Node.objects.create(map=other, kind=NodeKind.QUESTION, text="Other?")
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=claim, to_node=stranger, relation=Relation.SUPPORTS)
    assert "same map" in _message(error)


def test_the_question_cannot_point_at_anything(chain):
    map, question, measure, _, _ = chain
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=question, to_node=measure, relation=Relation.SUPPORTS)
    assert "root of the map" in _message(error)


def test_an_unknown_relation_is_refused(chain):
    map, _, measure, _, evidence = chain
    with pytest.raises(ValidationError) as error:
        edge_create(map=map, from_node=evidence, to_node=measure, relation="agrees")
    assert "supports or opposes" in _message(error)


def test_the_database_itself_refuses_self_loops_and_duplicates(chain):
    map, _, _measure, claim, evidence = chain
    with pytest.raises(IntegrityError), transaction.atomic():
        Edge.objects.create(map=map, from_node=claim, to_node=claim, relation=Relation.SUPPORTS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edge.objects.create(map=map, from_node=evidence, to_node=claim, relation=Relation.SUPPORTS)


def test_the_database_allows_one_question_per_map(chain):
    map, *_ = chain
    with pytest.raises(IntegrityError), transaction.atomic():
        Node.objects.create(map=map, kind=NodeKind.QUESTION, text="A second question?")
