"""The maps API: a map as each person sees it, adding to it, editing, linking, voting and the results."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from argmap.maps.models import Edge, Map, ModerationMode, Node, NodeKind, NodeRevision, Source, Status, VoteRound
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast

JSON = "application/json"


def api(map: Map, tail: str = "") -> str:
    return f"/api/maps/{map.slug}/{tail}"


def revision_of(map: Map) -> int:
    return Map.objects.get(pk=map.pk).revision


def add(client, map: Map, **data):
    return client.post(api(map, "nodes/"), data, content_type=JSON)


def counterclaim(measure: Node, text: str = "Dust storms ruined the new farms.") -> dict:
    return {"target": measure.pk, "kind": "claim", "relation": "opposes", "text": text}


def maize(map: Map) -> Node:
    return map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")


def reply_by(student, measure: Node, text: str = "Frist try") -> Node:
    """A counterclaim the student wrote under measure, added through the API."""
    client = Client()
    client.force_login(student)
    assert add(client, measure.map, **counterclaim(measure, text)).status_code == 201
    return Node.objects.get(text=text)


# Listing maps


def test_a_visitor_lists_only_the_public_maps(client, class_map):
    response = client.get("/api/maps/")
    assert response.status_code == 200
    [essay] = response.json()
    assert essay["slug"] == "destalinisation"
    assert (essay["visibility"], essay["classroom"]) == ("public", None)
    visible = Node.objects.filter(map__slug="destalinisation", status=Status.VISIBLE)
    assert essay["node_count"] == visible.count()
    assert essay["measure_count"] == visible.filter(kind=NodeKind.MEASURE).count()


@pytest.mark.parametrize("person", ["student", "teacher"])
def test_a_member_also_sees_their_class_map(client, request, class_map, classroom, person):
    client.force_login(request.getfixturevalue(person))
    maps = {entry["slug"]: entry for entry in client.get("/api/maps/").json()}
    assert set(maps) == {"destalinisation", class_map.slug}
    assert (maps[class_map.slug]["visibility"], maps[class_map.slug]["classroom"]) == ("class", classroom.pk)


def test_a_student_of_another_class_and_another_teacher_do_not_see_the_class_map(
    client, class_map, outsider, other_teacher
):
    for person in (outsider, other_teacher):
        client.force_login(person)
        assert [entry["slug"] for entry in client.get("/api/maps/").json()] == ["destalinisation"]


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


def test_on_a_locked_map_a_student_may_neither_add_nor_vote(client, class_map, student):
    Map.objects.filter(pk=class_map.pk).update(is_locked=True)
    client.force_login(student)
    body = client.get(api(class_map)).json()
    assert body["map"]["is_locked"] is True
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


# Adding claims, evidence and counterclaims


def test_a_student_adds_a_counterclaim_and_gets_it_back(client, measure, student):
    client.force_login(student)
    revision = revision_of(measure.map)
    response = add(client, measure.map, **counterclaim(measure, "  Dust storms ruined the new farms.  "))
    assert response.status_code == 201
    created = Node.objects.get(text="Dust storms ruined the new farms.")
    body = response.json()
    assert body["id"] == created.pk
    assert (body["kind"], body["text"], body["author"], body["status"]) == (
        "claim",
        "Dust storms ruined the new farms.",
        "Sam K",
        "visible",
    )
    assert body["source"] is None
    assert (created.author, created.map_id) == (student, measure.map_id)
    assert list(created.outgoing.values_list("to_node_id", "relation")) == [(measure.pk, "opposes")]
    assert revision_of(measure.map) == revision + 1
    edges = client.get(api(measure.map)).json()["edges"]
    assert {"source": created.pk, "target": measure.pk, "relation": "opposes"} in edges


def test_evidence_keeps_its_source(client, measure, student):
    client.force_login(student)
    source = {"title": "Khrushchev: The Man and His Era", "author": "William Taubman", "year": 2003}
    response = add(
        client,
        measure.map,
        target=measure.pk,
        kind="evidence",
        relation="supports",
        text="The harvest of 1956 was a record.",
        source={**source, "url": "https://example.org/taubman"},
    )
    assert response.status_code == 201
    assert response.json()["source"] == {**source, "url": "https://example.org/taubman", "status": "unverified"}
    node = Node.objects.get(text="The harvest of 1956 was a record.")
    assert node.kind == NodeKind.EVIDENCE
    assert node.source == Source.objects.get(title="Khrushchev: The Man and His Era", year=2003)


def test_a_claim_with_a_source_is_refused_as_on_the_page(client, measure, student):
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure), source={"title": "A book"})
    assert response.status_code == 400
    assert "Only evidence takes a source" in " ".join(
        response.json().get("kind", []) + response.json().get("source", [])
    )
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()


def test_a_new_point_can_also_speak_to_a_second_statement(client, measure, student):
    other = maize(measure.map)
    client.force_login(student)
    response = add(
        client,
        measure.map,
        **counterclaim(measure, "Both farm schemes ignored the soil."),
        also_target=other.pk,
        also_relation="opposes",
    )
    assert response.status_code == 201
    node = Node.objects.get(pk=response.json()["id"])
    assert set(node.outgoing.values_list("to_node_id", "relation")) == {
        (measure.pk, "opposes"),
        (other.pk, "opposes"),
    }


def test_on_a_pre_moderated_map_a_new_point_waits_and_only_its_author_sees_it(client, measure, student, second_student):
    Map.objects.filter(pk=measure.map_id).update(moderation_mode=ModerationMode.PRE)
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure, "Wait for me"))
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    node_id = response.json()["id"]
    assert node_id in {node["id"] for node in client.get(api(measure.map)).json()["nodes"]}
    client.force_login(second_student)
    assert node_id not in {node["id"] for node in client.get(api(measure.map)).json()["nodes"]}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": "   "}, "text", "Write something first: the text can't be empty."),
        ({"text": "x" * 501}, "text", "Keep it to 500 characters or fewer"),
        ({"kind": "question"}, "kind", "claim"),
        ({"kind": "measure"}, "kind", "claim"),
        ({"relation": "sideways"}, "relation", "supports"),
        ({"target": "the first one"}, "target", "integer"),
        ({"target": None}, "target", "null"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(client, measure, student, change, field, message):
    client.force_login(student)
    nodes, edges, revision = Node.objects.count(), Edge.objects.count(), revision_of(measure.map)
    response = add(client, measure.map, **{**counterclaim(measure), **change})
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert (Node.objects.count(), Edge.objects.count(), revision_of(measure.map)) == (nodes, edges, revision)


def test_missing_fields_are_each_named(client, class_map, student):
    client.force_login(student)
    response = client.post(api(class_map, "nodes/"), {}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"target", "kind", "relation", "text"}


def test_a_target_outside_this_map_is_refused_as_unknown(client, class_map, essay_map, student):
    client.force_login(student)
    nodes = Node.objects.count()
    for target in (999999, essay_map.nodes.get(kind=NodeKind.QUESTION).pk):
        response = add(client, class_map, target=target, kind="claim", relation="supports", text="Somewhere")
        assert response.status_code == 400
        assert response.json() == {"target": ["No such statement in this map."]}
    assert Node.objects.count() == nodes


def test_a_second_statement_without_its_relation_is_refused_under_also_relation(client, measure, student):
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure), also_target=maize(measure.map).pk)
    assert response.status_code == 400
    assert list(response.json()) == ["also_relation"]
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()


def test_an_unknown_second_statement_is_refused_and_nothing_is_saved(client, measure, essay_map, student):
    client.force_login(student)
    revision = revision_of(measure.map)
    for also_target in (999999, maize(essay_map).pk):
        response = add(client, measure.map, **counterclaim(measure), also_target=also_target, also_relation="opposes")
        assert response.status_code == 400
        assert response.json() == {"also_target": ["No such statement in this map."]}
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()
    assert revision_of(measure.map) == revision


def test_a_second_statement_that_is_the_target_again_is_refused_and_nothing_is_saved(client, measure, student):
    client.force_login(student)
    revision = revision_of(measure.map)
    response = add(client, measure.map, **counterclaim(measure), also_target=measure.pk, also_relation="supports")
    assert response.status_code == 400
    assert list(response.json()) == ["also_target"]
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()
    assert revision_of(measure.map) == revision


def test_a_duplicate_of_a_sibling_is_pointed_out_and_not_saved(client, measure, student):
    sibling = measure.incoming.first().from_node
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure, sibling.text.upper() + "!"))
    assert response.status_code == 400
    [message] = response.json()["text"]
    assert "already says this here" in message
    assert not Node.objects.filter(text=sibling.text.upper() + "!").exists()


def test_a_locked_map_refuses_contributions_with_the_reason(client, measure, student):
    Map.objects.filter(pk=measure.map_id).update(is_locked=True)
    revision = revision_of(measure.map)
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure))
    assert response.status_code == 403
    assert response.json() == {"detail": "This map is locked: your teacher has made it read-only."}
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()
    assert revision_of(measure.map) == revision


def test_the_public_template_takes_no_contributions(client, essay_map, student):
    measure = essay_map.nodes.filter(kind=NodeKind.MEASURE).first()
    client.force_login(student)
    response = add(client, essay_map, **counterclaim(measure))
    assert response.status_code == 403
    assert "template" in response.json()["detail"]
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()


def test_a_visitor_may_not_add_and_is_told_to_sign_in(client, measure):
    response = add(client, measure.map, **counterclaim(measure))
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()


@pytest.mark.parametrize("person", ["outsider", "other_teacher"])
def test_another_class_gets_a_404_and_nothing_is_saved(client, request, measure, person):
    client.force_login(request.getfixturevalue(person))
    response = add(client, measure.map, **counterclaim(measure, "Intruder"))
    assert response.status_code == 404
    assert not Node.objects.filter(text="Intruder").exists()


def test_the_nodes_endpoint_only_takes_posts(client, class_map, student):
    client.force_login(student)
    assert client.get(api(class_map, "nodes/")).status_code == 405
    assert client.put(api(class_map, "nodes/"), {}, content_type=JSON).status_code == 405


# Editing a statement


def edit(client, node: Node, text: str):
    return client.patch(api(node.map, f"nodes/{node.pk}/"), {"text": text}, content_type=JSON)


def test_an_author_rewords_their_point_and_the_old_words_are_kept(client, measure, student):
    node = reply_by(student, measure)
    revision = revision_of(measure.map)
    client.force_login(student)
    response = edit(client, node, "First try")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["text"]) == (node.pk, "First try")
    assert response.json()["edited_at"] is not None
    node.refresh_from_db()
    assert node.text == "First try"
    assert list(NodeRevision.objects.filter(node=node).values_list("text", "edited_by")) == [("Frist try", student.pk)]
    assert revision_of(measure.map) == revision + 1
    assert client.get(api(measure.map, f"nodes/{node.pk}/")).json()["text"] == "First try"


def test_an_author_may_not_edit_once_someone_has_replied(client, measure, student, second_student):
    node = reply_by(student, measure)
    client.force_login(second_student)
    assert (
        add(client, measure.map, target=node.pk, kind="claim", relation="opposes", text="I disagree").status_code == 201
    )
    client.force_login(student)
    response = edit(client, node, "Changed after a reply")
    assert response.status_code == 403
    assert response.json() == {"detail": "Someone has replied to this, so it can't be changed any more."}
    node.refresh_from_db()
    assert node.text == "Frist try"
    assert not NodeRevision.objects.exists()


@pytest.mark.parametrize("person", ["second_student", "teacher"])
def test_nobody_else_may_edit_a_students_point(client, request, measure, student, person):
    node = reply_by(student, measure)
    client.force_login(request.getfixturevalue(person))
    response = edit(client, node, "Hijacked")
    assert response.status_code == 403
    assert response.json() == {"detail": "You can only change your own contributions while the map is open."}
    node.refresh_from_db()
    assert node.text == "Frist try"
    assert not NodeRevision.objects.exists()


def test_an_edit_with_empty_text_is_refused_under_text(client, measure, student):
    node = reply_by(student, measure)
    client.force_login(student)
    response = edit(client, node, "  ")
    assert response.status_code == 400
    assert response.json() == {"text": ["Write something first: the text can't be empty."]}
    node.refresh_from_db()
    assert node.text == "Frist try"


def test_another_class_cannot_edit_and_gets_a_404(client, measure, student, outsider):
    node = reply_by(student, measure)
    client.force_login(outsider)
    assert edit(client, node, "Hijacked").status_code == 404
    node.refresh_from_db()
    assert node.text == "Frist try"


def test_a_visitor_may_not_edit_and_is_told_to_sign_in(client, essay_map):
    node = essay_map.nodes.filter(kind=NodeKind.CLAIM).first()
    assert client.get(api(essay_map, f"nodes/{node.pk}/")).status_code == 200
    response = edit(client, node, "Vandalised")
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    node.refresh_from_db()
    assert node.text != "Vandalised"


def test_a_statement_is_edited_with_patch_only(client, measure, student):
    node = reply_by(student, measure)
    client.force_login(student)
    url = api(measure.map, f"nodes/{node.pk}/")
    assert client.put(url, {"text": "Put"}, content_type=JSON).status_code == 405
    assert client.post(url, {"text": "Post"}, content_type=JSON).status_code == 405
    assert client.delete(url).status_code == 405
    assert Node.objects.filter(pk=node.pk, text="Frist try").exists()


# Linking two statements


def link(client, map: Map, source: Node, target: Node, relation: str = "supports"):
    return client.post(
        api(map, "links/"), {"source": source.pk, "target": target.pk, "relation": relation}, content_type=JSON
    )


def test_a_student_links_their_point_to_a_second_statement(client, measure, student):
    reply = reply_by(student, measure, "A reply")
    other = maize(measure.map)
    revision = revision_of(measure.map)
    client.force_login(student)
    response = link(client, measure.map, reply, other, "opposes")
    assert response.status_code == 201
    assert response.json() == {"source": reply.pk, "target": other.pk, "relation": "opposes"}
    assert Edge.objects.get(from_node=reply, to_node=other).relation == "opposes"
    assert revision_of(measure.map) == revision + 1


def test_a_link_that_closes_a_loop_is_refused_and_the_loop_is_named(client, measure, student):
    reply = reply_by(student, measure, "A reply")
    revision = revision_of(measure.map)
    client.force_login(student)
    response = link(client, measure.map, measure, reply)
    assert response.status_code == 400
    [message] = [message for messages in response.json().values() for message in messages]
    assert message.startswith("That link would make a loop:")
    assert "“A reply”" in message
    assert "Virgin Lands" in message
    assert not Edge.objects.filter(from_node=measure, to_node=reply).exists()
    assert revision_of(measure.map) == revision


def test_a_loop_is_reported_under_the_target_field_the_client_sent(client, measure, student):
    reply = reply_by(student, measure, "A reply")
    client.force_login(student)
    response = link(client, measure.map, measure, reply)
    assert response.status_code == 400
    assert list(response.json()) == ["target"]


def test_linking_unknown_statements_is_refused_field_by_field(client, measure, essay_map, student):
    client.force_login(student)
    elsewhere = maize(essay_map)
    response = link(client, measure.map, elsewhere, measure)
    assert response.status_code == 400
    assert response.json() == {"source": ["No such statement in this map."]}
    response = link(client, measure.map, measure, elsewhere)
    assert response.status_code == 400
    assert response.json() == {"target": ["No such statement in this map."]}
    response = client.post(
        api(measure.map, "links/"), {"source": measure.pk, "target": 1, "relation": "maybe"}, content_type=JSON
    )
    assert response.status_code == 400
    assert list(response.json()) == ["relation"]
    assert not Edge.objects.filter(from_node=measure).exclude(to_node__kind=NodeKind.QUESTION).exists()


def test_linking_is_refused_to_visitors_other_classes_and_on_a_locked_map(client, measure, student, outsider):
    other = maize(measure.map)
    claim = measure.incoming.first().from_node
    assert link(client, measure.map, claim, other).status_code in (401, 403)
    client.force_login(outsider)
    assert link(client, measure.map, claim, other).status_code == 404
    Map.objects.filter(pk=measure.map_id).update(is_locked=True)
    client.force_login(student)
    response = link(client, measure.map, claim, other)
    assert response.status_code == 403
    assert "locked" in response.json()["detail"]
    assert not Edge.objects.filter(from_node=claim, to_node=other).exists()


def test_the_links_endpoint_only_takes_posts(client, class_map, student):
    client.force_login(student)
    assert client.get(api(class_map, "links/")).status_code == 405


# Voting


def vote(client, measure: Node, score):
    return client.put(api(measure.map, f"nodes/{measure.pk}/vote/"), {"score": score}, content_type=JSON)


def test_a_student_votes_and_changing_the_vote_keeps_one(client, measure, student):
    client.force_login(student)
    revision = revision_of(measure.map)
    response = vote(client, measure, 2)
    assert response.status_code == 200
    assert response.json() == {"measure": measure.pk, "round": "before", "score": 2}
    assert revision_of(measure.map) == revision + 1
    assert vote(client, measure, 5).json() == {"measure": measure.pk, "round": "before", "score": 5}
    assert list(Vote.objects.filter(voter=student).values_list("measure", "round", "score")) == [
        (measure.pk, "before", 5)
    ]


@pytest.mark.parametrize("score", [0, 6, -1, "many", "", None])
def test_a_score_outside_1_to_5_is_refused_under_score(client, measure, student, score):
    client.force_login(student)
    response = vote(client, measure, score)
    assert response.status_code == 400
    assert response.json() == {"score": ["Choose how successful it was, from 1 to 5."]}
    assert not Vote.objects.exists()


def test_a_score_that_is_not_a_whole_number_is_refused(client, measure, student):
    client.force_login(student)
    response = vote(client, measure, 2.5)
    assert response.status_code == 400
    assert list(response.json()) == ["score"]
    assert not Vote.objects.exists()


def test_a_vote_body_that_is_not_an_object_is_refused_with_a_400(client, measure, student):
    client.force_login(student)
    response = client.put(api(measure.map, f"nodes/{measure.pk}/vote/"), [3], content_type=JSON)
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_closed_voting_is_refused_with_the_reason(client, measure, student):
    Map.objects.filter(pk=measure.map_id).update(voting_open=False)
    client.force_login(student)
    response = vote(client, measure, 4)
    assert response.status_code == 403
    assert response.json() == {"detail": "Voting is closed for this map."}
    assert not Vote.objects.exists()


def test_a_teacher_may_not_vote(client, measure, teacher):
    client.force_login(teacher)
    response = vote(client, measure, 4)
    assert response.status_code == 403
    assert response.json() == {"detail": "Teachers see the votes; only students vote."}
    assert not Vote.objects.exists()


def test_only_a_measure_takes_votes(client, measure, student):
    claim = measure.incoming.first().from_node
    client.force_login(student)
    response = vote(client, claim, 4)
    assert response.status_code == 400
    assert response.json() == {"measure": ["You can only vote on a measure."]}
    assert not Vote.objects.exists()


def test_visitors_and_other_classes_may_not_vote(client, measure, outsider):
    assert vote(client, measure, 4).status_code in (401, 403)
    client.force_login(outsider)
    assert vote(client, measure, 4).status_code == 404
    assert not Vote.objects.exists()


def test_a_vote_is_cast_with_put_only(client, measure, student):
    client.force_login(student)
    url = api(measure.map, f"nodes/{measure.pk}/vote/")
    assert client.get(url).status_code == 405
    assert client.post(url, {"score": 3}, content_type=JSON).status_code == 405
    assert not Vote.objects.exists()


# Results


def results(client, map: Map) -> dict:
    response = client.get(api(map, "results/"))
    assert response.status_code == 200
    return response.json()


def measure_result(body: dict, measure: Node) -> dict:
    return next(entry for entry in body["measures"] if entry["id"] == measure.pk)


def test_the_teacher_sees_counts_mean_median_and_distribution_per_round(
    client, measure, teacher, student, second_student
):
    vote_cast(voter=student, measure=measure, score=2)
    vote_cast(voter=second_student, measure=measure, score=5)
    Map.objects.filter(pk=measure.map_id).update(vote_round=VoteRound.AFTER)
    measure.map.refresh_from_db()
    vote_cast(voter=student, measure=measure, score=4)
    client.force_login(teacher)
    body = results(client, measure.map)
    assert (body["vote_round"], body["voting_open"]) == ("after", True)
    assert body["labels"] == ["Failure", "Mostly unsuccessful", "Mixed", "Mostly successful", "Complete success"]
    assert len(body["measures"]) == measure.map.nodes.filter(kind=NodeKind.MEASURE).count()
    entry = measure_result(body, measure)
    assert entry["your_vote"] is None
    assert entry["before"] == {
        "count": 2,
        "mean": 3.5,
        "median": 3.5,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1},
    }
    assert entry["after"] == {
        "count": 1,
        "mean": 4.0,
        "median": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }
    unvoted = measure_result(body, maize(measure.map))
    assert unvoted["before"] == {"count": 0, "mean": None, "median": None, "distribution": dict.fromkeys("12345", 0)}


def test_a_student_who_has_not_voted_sees_only_the_count_while_voting_is_open(client, measure, student, second_student):
    vote_cast(voter=second_student, measure=measure, score=4)
    client.force_login(student)
    entry = measure_result(results(client, measure.map), measure)
    assert (entry["before"], entry["after"], entry["your_vote"]) == ({"count": 1}, {"count": 0}, None)

    assert vote(client, measure, 2).status_code == 200
    entry = measure_result(results(client, measure.map), measure)
    assert entry["your_vote"] == 2
    assert entry["before"] == {
        "count": 2,
        "mean": 3.0,
        "median": 3.0,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0},
    }
    # Voting on one measure shows that measure's votes only.
    assert measure_result(results(client, measure.map), maize(measure.map))["before"] == {"count": 0}


def test_once_voting_closes_every_student_sees_the_distribution(client, measure, student, second_student):
    vote_cast(voter=second_student, measure=measure, score=4)
    Map.objects.filter(pk=measure.map_id).update(voting_open=False)
    client.force_login(student)
    entry = measure_result(results(client, measure.map), measure)
    assert entry["before"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
    assert entry["before"]["mean"] == 4.0


def test_results_are_read_only(client, class_map, teacher):
    client.force_login(teacher)
    assert client.post(api(class_map, "results/"), {}, content_type=JSON).status_code == 405


# Signing in: the session with its CSRF token, or HTTP Basic


def test_a_session_write_without_the_csrf_token_is_refused_and_with_it_succeeds(measure, student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure))
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()

    # The token the pages carry for htmx, as a script would take it from the cookie they set.
    assert client.get(f"/maps/{measure.map.slug}/").status_code == 200
    token = client.cookies["csrftoken"].value
    response = client.post(
        api(measure.map, "nodes/"), counterclaim(measure), content_type=JSON, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    assert Node.objects.get(text="Dust storms ruined the new farms.").author == student


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_http_basic_works_without_a_csrf_token(measure, student):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        api(measure.map, "nodes/"),
        counterclaim(measure),
        content_type=JSON,
        HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"),
    )
    assert response.status_code == 201
    assert Node.objects.get(text="Dust storms ruined the new farms.").author == student
    response = client.put(
        api(measure.map, f"nodes/{measure.pk}/vote/"),
        {"score": 3},
        content_type=JSON,
        HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"),
    )
    assert response.status_code == 200
    assert Vote.objects.get(voter=student).score == 3
    response = client.get(api(measure.map), HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"))
    assert response.status_code == 200
    assert response.json()["you_may"]["vote"] is True


def test_http_basic_with_a_wrong_password_is_refused(measure, student):
    client = Client()
    response = client.post(
        api(measure.map, "nodes/"), counterclaim(measure), content_type=JSON, HTTP_AUTHORIZATION=basic("sam", "wrong")
    )
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Invalid username/password."}
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()
