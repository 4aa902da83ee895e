"""Adding a claim, evidence or counterclaim under any statement, with htmx and without JavaScript."""

from __future__ import annotations

import json

import pytest

from argmap.maps.models import Edge, Map, ModerationMode, Node, NodeRevision, Source, Status


def add_url(node: Node) -> str:
    return f"/maps/{node.map.slug}/nodes/{node.pk}/add/"


def test_a_student_adds_a_counterclaim_and_the_class_map_changes(client, measure, student):
    client.force_login(student)
    revision = Map.objects.get(pk=measure.map_id).revision
    response = client.post(
        add_url(measure), {"relation": "opposes", "kind": "claim", "text": "  Dust storms ruined the new farms.  "}
    )
    created = Node.objects.get(text="Dust storms ruined the new farms.")
    assert response.status_code == 302
    assert response["Location"] == f"/maps/{measure.map.slug}/nodes/{measure.pk}/#node-{measure.pk}-{created.pk}"
    assert (created.kind, created.author, created.status) == ("claim", student, Status.VISIBLE)
    assert Edge.objects.get(from_node=created).relation == "opposes"
    assert Map.objects.get(pk=measure.map_id).revision == revision + 1
    page = client.get(response["Location"])
    assert "Everyone in the class can see it now." in page.content.decode()
    assert "Dust storms ruined the new farms." in page.content.decode()


def test_with_htmx_the_form_is_replaced_by_a_confirmation_and_the_page_is_told_to_refresh(client, measure, student):
    client.force_login(student)
    form = client.get(add_url(measure), headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert 'name="text"' in form.content.decode()
    response = client.post(
        add_url(measure),
        {"relation": "supports", "kind": "evidence", "text": "Grain output rose in 1956."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Added. Everyone in the class can see it now." in response.content.decode()
    assert json.loads(response["HX-Trigger"]) == {"map-changed": {}}


def test_evidence_keeps_its_source(client, measure, student):
    client.force_login(student)
    client.post(
        add_url(measure),
        {
            "relation": "supports",
            "kind": "evidence",
            "text": "The harvest of 1956 was a record.",
            "source_title": "Khrushchev Remembers",
            "source_author": "Nikita Khrushchev",
            "source_year": "1970",
            "source_url": "https://example.org/khrushchev-remembers",
        },
    )
    node = Node.objects.get(text="The harvest of 1956 was a record.")
    assert node.source == Source.objects.get(title="Khrushchev Remembers")
    assert node.source.year == 1970
    assert "Nikita Khrushchev" in client.get(f"/maps/{measure.map.slug}/nodes/{node.pk}/").content.decode()


def test_a_new_point_can_also_speak_to_a_second_statement(client, measure, student):
    other = measure.map.nodes.get(kind="measure", text__contains="maize")
    client.force_login(student)
    client.post(
        add_url(measure),
        {
            "relation": "opposes",
            "kind": "claim",
            "text": "Both farm schemes ignored the soil.",
            "also_target": str(other.pk),
            "also_relation": "opposes",
        },
    )
    node = Node.objects.get(text="Both farm schemes ignored the soil.")
    assert set(node.outgoing.values_list("to_node_id", "relation")) == {
        (measure.pk, "opposes"),
        (other.pk, "opposes"),
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"relation": "opposes", "kind": "claim", "text": "   "},
            "Write something first: the text can&#x27;t be empty.",
        ),
        ({"relation": "opposes", "kind": "claim", "text": "x" * 501}, "Keep it to 500 characters or fewer"),
        ({"relation": "sideways", "kind": "claim", "text": "Hm."}, "Select a valid choice."),
        (
            {"relation": "supports", "kind": "claim", "text": "Hm.", "source_title": "A book"},
            "Only evidence takes a source",
        ),
        (
            {"relation": "supports", "kind": "evidence", "text": "Hm.", "source_year": "soon"},
            "Write the year as a number",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, measure, student, data, message):
    client.force_login(student)
    before = Node.objects.count()
    response = client.post(add_url(measure), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Node.objects.count() == before


def test_a_duplicate_of_a_sibling_is_pointed_out_before_it_is_saved(client, measure, student):
    sibling = measure.incoming.first().from_node
    client.force_login(student)
    response = client.post(
        add_url(measure), {"relation": "supports", "kind": "claim", "text": sibling.text.upper() + "!"}
    )
    assert response.status_code == 422
    assert "already says this here" in response.content.decode()
    assert Node.objects.filter(text=sibling.text.upper() + "!").count() == 0


def test_an_unknown_node_is_a_404(client, class_map, student):
    client.force_login(student)
    assert client.post(f"/maps/{class_map.slug}/nodes/999999/add/", {"text": "x"}).status_code == 404


def test_visitors_are_sent_to_sign_in(client, measure):
    response = client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_class_gets_a_404_and_nothing_is_saved(client, measure, outsider, other_teacher):
    for person in (outsider, other_teacher):
        client.force_login(person)
        response = client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "Intruder"})
        assert response.status_code == 404
    assert not Node.objects.filter(text="Intruder").exists()


def test_a_locked_map_refuses_contributions_with_the_reason(client, measure, student):
    Map.objects.filter(pk=measure.map_id).update(is_locked=True)
    client.force_login(student)
    response = client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "Late"})
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert not Node.objects.filter(text="Late").exists()


def test_the_public_template_map_takes_no_contributions(client, essay_map, student):
    measure = essay_map.nodes.filter(kind="measure").first()
    client.force_login(student)
    response = client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "On the template"})
    assert response.status_code == 403
    assert "template" in response.content.decode()


def test_the_add_page_refuses_other_methods(client, measure, student):
    client.force_login(student)
    assert client.put(add_url(measure)).status_code == 405


def test_a_pre_moderated_map_keeps_new_points_pending_and_shows_them_to_their_author_only(
    client, measure, student, second_student
):
    Map.objects.filter(pk=measure.map_id).update(moderation_mode=ModerationMode.PRE)
    client.force_login(student)
    response = client.post(
        add_url(measure), {"relation": "opposes", "kind": "claim", "text": "Wait for me"}, follow=True
    )
    assert "waits for your teacher" in response.content.decode()
    assert Node.objects.get(text="Wait for me").status == Status.PENDING
    own = client.get(f"/maps/{measure.map.slug}/", {"open": measure.pk}).content.decode()
    assert "Wait for me" in own
    assert "Waiting for approval" in own
    client.force_login(second_student)
    assert "Wait for me" not in client.get(f"/maps/{measure.map.slug}/", {"open": measure.pk}).content.decode()


def test_an_author_edits_their_point_until_someone_replies_and_the_old_words_are_kept(
    client, measure, student, second_student
):
    client.force_login(student)
    client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "Frist try"})
    node = Node.objects.get(text="Frist try")
    edit_url = f"/maps/{measure.map.slug}/nodes/{node.pk}/edit/"
    assert client.post(edit_url, {"text": "First try"}).status_code == 302
    node.refresh_from_db()
    assert node.text == "First try"
    assert node.edited_at is not None
    assert NodeRevision.objects.get(node=node).text == "Frist try"
    page = client.get(f"/maps/{measure.map.slug}/nodes/{node.pk}/").content.decode()
    assert "edited" in page
    assert "Frist try" in page

    client.force_login(second_student)
    assert client.post(edit_url, {"text": "Hijacked"}).status_code == 403
    client.post(add_url(node), {"relation": "opposes", "kind": "claim", "text": "I disagree"})
    client.force_login(student)
    response = client.post(edit_url, {"text": "Changed after a reply"})
    assert response.status_code == 403
    assert "Someone has replied" in response.content.decode()
    node.refresh_from_db()
    assert node.text == "First try"


def test_linking_two_statements_refuses_a_loop_and_names_it(client, measure, student):
    client.force_login(student)
    client.post(add_url(measure), {"relation": "opposes", "kind": "claim", "text": "A reply"})
    reply = Node.objects.get(text="A reply")
    response = client.post(
        f"/maps/{measure.map.slug}/nodes/{measure.pk}/link/", {"relation": "supports", "to_node": str(reply.pk)}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "That link would make a loop" in body
    assert not Edge.objects.filter(from_node=measure, to_node=reply).exists()

    other = measure.map.nodes.get(kind="measure", text__contains="maize")
    response = client.post(
        f"/maps/{measure.map.slug}/nodes/{reply.pk}/link/", {"relation": "opposes", "to_node": str(other.pk)}
    )
    assert response.status_code == 302
    assert Edge.objects.filter(from_node=reply, to_node=other, relation="opposes").exists()
