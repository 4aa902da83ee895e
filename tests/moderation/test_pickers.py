"""The teacher's merge and move pickers: found by their words, likely duplicates first, a short list whatever the
map's size, with ids of their own; the search endpoint is the teacher's alone."""

from __future__ import annotations

import re

import pytest

from argmap.classrooms import permissions
from argmap.maps import selectors
from argmap.maps.models import Node, NodeKind
from argmap.maps.services import contribution_create
from argmap.moderation import pickers

ESSAY_FACT = "Stalin's body was removed from Red Square in 1961."


def pick_url(node: Node, **params: str) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"/maps/{node.map.slug}/nodes/{node.pk}/pick/?{query}"


@pytest.fixture
def fact(class_map) -> Node:
    return class_map.nodes.get(text=ESSAY_FACT)


@pytest.fixture
def copy(class_map, fact, student) -> Node:
    """A student's near copy of the essay's fact, posted under another statement."""
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text="Publicly attacking Stalin's image")
    return contribution_create(
        author=student,
        target=measure,
        kind=NodeKind.EVIDENCE,
        relation="supports",
        text="Stalin's body was taken out of Red Square in 1961",
        post_anyway=True,
    )


def picker_for(node: Node, teacher, **kwargs) -> pickers.Picker:
    access = permissions.map_access(teacher, node.map)
    graph = selectors.map_graph(map=node.map, access=access)
    return pickers.pick(graph=graph, node=graph.nodes[node.pk], **kwargs)


def test_the_likely_duplicate_comes_first_and_is_marked(fact, copy, teacher):
    picker = picker_for(fact, teacher, purpose="merge")
    assert picker.choices[0].node.pk == copy.pk
    assert picker.choices[0].likely
    assert not any(choice.likely for choice in picker.choices[1:])
    assert all(choice.node.kind == NodeKind.EVIDENCE for choice in picker.choices)
    assert len(picker.choices) <= pickers.PICKER_SIZE
    assert picker.more == picker.matching - len(picker.choices)


def test_typed_words_find_statements_by_parts_of_words(fact, copy, teacher):
    picker = picker_for(fact, teacher, purpose="move", query="KREML wall")
    assert picker.choices
    assert all("kreml" in choice.node.text.lower() and "wall" in choice.node.text.lower() for choice in picker.choices)
    assert picker.matching == len(picker.choices)


def test_a_ticked_statement_stays_listed_whatever_is_typed(fact, copy, teacher):
    picker = picker_for(fact, teacher, purpose="merge", query="nothing like this at all", checked={copy.pk})
    assert [(choice.node.pk, choice.checked) for choice in picker.choices] == [(copy.pk, True)]
    assert picker.matching == 0


def test_with_htmx_the_endpoint_answers_the_list_alone(client, fact, copy, teacher):
    client.force_login(teacher)
    response = client.get(pick_url(fact, **{"for": "merge", "q": "taken out"}), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="picker-count" id="merge-count-{fact.pk}" role="status" hx-swap-oob="innerHTML">' in body
    assert f'<div class="picker-choices" id="merge-choices-{fact.pk}">' in body
    assert f'name="duplicates" value="{copy.pk}"' in body
    assert "Likely duplicate" in body
    assert "1 statement matches “taken out”" in body


def test_without_javascript_the_search_opens_the_pickers_page_with_its_form(client, fact, copy, teacher):
    client.force_login(teacher)
    response = client.get(pick_url(fact, **{"for": "move", "q": "Kremlin"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body
    assert f'action="/maps/{fact.map.slug}/nodes/{fact.pk}/move/"' in body
    assert 'type="radio" name="new_target"' in body
    assert 'value="Kremlin"' in body


def test_the_merge_picked_by_search_merges(client, fact, copy, teacher):
    client.force_login(teacher)
    response = client.post(f"/maps/{fact.map.slug}/nodes/{fact.pk}/merge/", {"duplicates": [copy.pk]})
    assert response.status_code == 302
    assert Node.objects.get(pk=copy.pk).merged_into_id == fact.pk


@pytest.mark.parametrize("person", ["student", "second_student", "outsider"])
def test_the_picker_is_a_404_for_anyone_but_the_teacher(client, request, fact, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(pick_url(fact, **{"for": "merge"})).status_code == 404


def test_an_unknown_picker_is_a_404(client, fact, teacher):
    client.force_login(teacher)
    assert client.get(pick_url(fact, **{"for": "delete"})).status_code == 404


def test_the_statement_page_gives_every_form_its_own_ids(client, copy, teacher):
    client.force_login(teacher)
    page = client.get(copy.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert f'id="id_move_{copy.pk}_relation"' in page
    assert f'id="merge-q-{copy.pk}"' in page
    assert f'id="move-q-{copy.pk}"' in page
