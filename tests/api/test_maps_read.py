"""The maps API for reading: the list, one map as each person sees it, in a fixed number of queries."""

from __future__ import annotations

import pytest

from argmap.maps.models import Edge, Map, Node, NodeKind, Status
from tests.api.helpers import JSON, api, reply_by, results

# Listing maps


def test_a_visitor_lists_only_the_public_maps(client, class_map):
    response = client.get("/api/maps/")
    assert response.status_code == 200
    [essay] = results(response)
    assert essay["slug"] == "destalinisation"
    assert (essay["visibility"], essay["classroom"]) == ("public", None)
    visible = Node.objects.filter(map__slug="destalinisation", status=Status.VISIBLE)
    assert essay["node_count"] == visible.count()
    assert essay["measure_count"] == visible.filter(kind=NodeKind.MEASURE).count()


@pytest.mark.parametrize("person", ["student", "teacher"])
def test_a_member_also_sees_their_class_map(client, request, class_map, classroom, person):
    client.force_login(request.getfixturevalue(person))
    maps = {entry["slug"]: entry for entry in results(client.get("/api/maps/"))}
    assert set(maps) == {"destalinisation", class_map.slug}
    assert (maps[class_map.slug]["visibility"], maps[class_map.slug]["classroom"]) == ("class", classroom.pk)


def test_a_student_of_another_class_and_another_teacher_do_not_see_the_class_map(
    client, class_map, outsider, other_teacher
):
    for person in (outsider, other_teacher):
        client.force_login(person)
        assert [entry["slug"] for entry in results(client.get("/api/maps/"))] == ["destalinisation"]


def test_the_list_of_maps_takes_no_writes(client, class_map, teacher):
    client.force_login(teacher)
    response = client.post("/api/maps/", {"slug": "new"}, content_type=JSON)
    assert response.status_code == 405
    assert not Map.objects.filter(slug="new").exists()


# Reading one map


def test_a_visitor_reads_the_public_map_with_edges_from_supporter_to_what_it_speaks_to(client, essay_map):
    response = client.get(api(essay_map))
    assert response.status_code == 200
    body = response.json()
    assert body["map"]["slug"] == "destalinisation"
    assert body["map"]["question"] == essay_map.question
    assert [node["id"] for node in body["nodes"]] == list(essay_map.nodes.order_by("pk").values_list("pk", flat=True))
    assert len(body["edges"]) == Edge.objects.filter(map=essay_map).count()
    question = essay_map.nodes.get(kind=NodeKind.QUESTION)
    measure = essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    attacker = Edge.objects.filter(to_node=measure, relation="opposes").first().from_node
    assert {"source": measure.pk, "target": question.pk, "relation": "supports"} in body["edges"]
    assert {"source": attacker.pk, "target": measure.pk, "relation": "opposes"} in body["edges"]


@pytest.mark.parametrize(
    ("person", "contribute", "vote", "moderate"),
    [
        ("student", True, True, False),
        ("teacher", True, False, True),
        ("admin", False, False, True),
    ],
)
def test_you_may_says_what_each_person_may_do_on_the_class_map(
    client, request, class_map, person, contribute, vote, moderate
):
    client.force_login(request.getfixturevalue(person))
    you_may = client.get(api(class_map)).json()["you_may"]
    assert you_may == {"contribute": contribute, "vote": vote, "moderate": moderate}


def test_on_the_public_template_nobody_but_an_admin_may_do_anything(client, essay_map, student, admin):
    assert client.get(api(essay_map)).json()["you_may"] == {"contribute": False, "vote": False, "moderate": False}
    client.force_login(student)
    assert client.get(api(essay_map)).json()["you_may"] == {"contribute": False, "vote": False, "moderate": False}
    client.force_login(admin)
    assert client.get(api(essay_map)).json()["you_may"] == {"contribute": False, "vote": False, "moderate": True}


def test_on_a_locked_map_a_student_may_vote_but_not_add(client, class_map, student):
    # Locked means no new statements or edits; voting has its own switch (docs/design.md, "Who may do what").
    Map.objects.filter(pk=class_map.pk).update(is_locked=True)
    client.force_login(student)
    body = client.get(api(class_map)).json()
    assert body["map"]["is_locked"] is True
    assert body["you_may"] == {"contribute": False, "vote": True, "moderate": False}

    Map.objects.filter(pk=class_map.pk).update(voting_open=False)
    body = client.get(api(class_map)).json()
    assert body["you_may"] == {"contribute": False, "vote": False, "moderate": False}


@pytest.mark.parametrize("person", [None, "outsider", "other_teacher"])
def test_a_class_map_is_a_404_outside_its_class(client, request, class_map, person):
    if person:
        client.force_login(request.getfixturevalue(person))
    for tail in ("", "results/"):
        response = client.get(api(class_map, tail))
        assert response.status_code == 404
        assert response.json() == {"detail": "No such map."}


def test_an_unknown_map_is_a_404(client, db):
    assert client.get("/api/maps/no-such-map/").status_code == 404


def test_a_hidden_node_is_absent_for_students_and_present_for_the_teacher(client, measure, student, teacher):
    hidden = measure.incoming.filter(relation="opposes").first().from_node
    Node.objects.filter(pk=hidden.pk).update(status=Status.HIDDEN)

    client.force_login(student)
    body = client.get(api(measure.map)).json()
    assert hidden.pk not in {node["id"] for node in body["nodes"]}
    assert hidden.pk not in {edge["source"] for edge in body["edges"]}
    assert client.get(api(measure.map, f"nodes/{hidden.pk}/")).status_code == 404

    client.force_login(teacher)
    body = client.get(api(measure.map)).json()
    statuses = {node["id"]: node["status"] for node in body["nodes"]}
    assert statuses[hidden.pk] == "hidden"
    assert {"source": hidden.pk, "target": measure.pk, "relation": "opposes"} in body["edges"]


def test_a_map_is_read_in_a_fixed_number_of_queries_whatever_its_size(
    client, essay_map, build_map, django_assert_num_queries
):
    small = build_map(slug="small", measures=1, per_measure=2)
    large = build_map(slug="large", measures=10, per_measure=99)
    # The map, its nodes (with authors and sources), its edges.
    for map in (essay_map, small, large):
        with django_assert_num_queries(3):
            assert client.get(api(map)).status_code == 200


def test_the_class_map_is_read_in_a_fixed_number_of_queries(client, class_map, student, django_assert_max_num_queries):
    client.force_login(student)
    # The session (unless Redis holds it), the user, the map with its class, the membership, the nodes, the edges.
    with django_assert_max_num_queries(6):
        body = client.get(api(class_map)).json()
    reply_by(student, class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands"))
    with django_assert_max_num_queries(6):
        assert len(client.get(api(class_map)).json()["nodes"]) == len(body["nodes"]) + 1
