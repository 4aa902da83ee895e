"""The maps API for writing: adding, editing and linking statements, with errors per field."""

from __future__ import annotations

import pytest

from argmap.maps.models import Edge, Map, ModerationMode, Node, NodeKind, NodeRevision, Source
from tests.api.helpers import JSON, add, api, counterclaim, maize, reply_by, revision_of

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
    source = {"title": "Khrushchev Remembers", "author": "Nikita Khrushchev", "year": 1970}
    response = add(
        client,
        measure.map,
        target=measure.pk,
        kind="evidence",
        relation="supports",
        text="The harvest of 1956 was a record.",
        source={**source, "url": "https://example.org/khrushchev-remembers"},
    )
    assert response.status_code == 201
    assert response.json()["source"] == {
        **source,
        "url": "https://example.org/khrushchev-remembers",
        "status": "unverified",
        "curator_note": "",
    }
    node = Node.objects.get(text="The harvest of 1956 was a record.")
    assert node.kind == NodeKind.EVIDENCE
    assert node.source == Source.objects.get(title="Khrushchev Remembers", year=1970)


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
    assert response.json() == {"detail": "This map is locked: nobody can add or change statements now."}
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


def test_the_nodes_endpoint_takes_posts_and_lists_on_get_only(client, class_map, student):
    client.force_login(student)
    assert client.get(api(class_map, "nodes/")).status_code == 200  # the statements, to find and sort
    assert client.put(api(class_map, "nodes/"), {}, content_type=JSON).status_code == 405
    assert client.delete(api(class_map, "nodes/")).status_code == 405


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


@pytest.mark.parametrize("person", ["second_student"])
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
