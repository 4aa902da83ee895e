"""node_create adds a statement joined to what it speaks to, in one transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from argmap.maps.models import Edge, Map, Node, NodeKind
from argmap.maps.services import node_create


@pytest.fixture
def question(db) -> Node:
    map = Map.objects.create(slug="small", title="Small", question="Q?")
    return Node.objects.create(map=map, kind=NodeKind.QUESTION, text="Q?")


def test_it_trims_the_text_and_links_the_node_to_its_target(question, student):
    node = node_create(
        map=question.map,
        kind=NodeKind.CLAIM,
        text="  It worked.  ",
        target=question,
        relation="supports",
        author=student,
    )
    assert node.text == "It worked."
    edge = Edge.objects.get(from_node=node)
    assert (edge.to_node, edge.relation, edge.author) == (question, "supports", student)
    assert Map.objects.get(pk=question.map_id).revision == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write something first: the text can't be empty."),
        ("x" * 501, "Keep it to 500 characters or fewer (this has 501)."),
    ],
)
def test_it_refuses_empty_or_overlong_text_and_saves_nothing(question, text, message):
    before = Node.objects.count()
    with pytest.raises(ValidationError) as error:
        node_create(map=question.map, kind=NodeKind.CLAIM, text=text, target=question, relation="supports")
    assert error.value.message_dict == {"text": [message]}
    assert Node.objects.count() == before


def test_a_second_question_is_refused(question):
    with pytest.raises(ValidationError) as error:
        node_create(map=question.map, kind=NodeKind.QUESTION, text="Another?", target=question, relation="supports")
    assert "exactly one question" in " ".join(error.value.messages)


def test_a_bad_relation_leaves_no_half_written_node(question):
    with pytest.raises(ValidationError):
        node_create(map=question.map, kind=NodeKind.CLAIM, text="Orphan", target=question, relation="maybe")
    assert not Node.objects.filter(text="Orphan").exists()
    assert Map.objects.get(pk=question.map_id).revision == 1
