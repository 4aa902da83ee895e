"""Approving, rejecting, hiding and restoring: what the author, classmates and the teacher then see."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from argmap.maps.models import Edge, Node, Status
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry
from argmap.moderation.services import (
    node_approve,
    node_hide,
    node_reject,
    node_restore,
    nodes_approve,
)
from tests.helpers import words
from tests.moderation.helpers import (
    action_url,
    audit_tuple,
    latest_audit,
    map_url,
    node_url,
    queue_url,
    revision,
)

# Approving


def test_a_pending_contribution_is_shown_to_its_author_as_waiting_and_not_to_classmates(
    client, pending_reply, student, second_student
):
    assert pending_reply.status == Status.PENDING
    api = f"/api/maps/{pending_reply.map.slug}/"
    client.force_login(student)
    page = client.get(map_url(pending_reply.map))
    assert "Waiting for approval New towns grew on the steppe." in words(page)
    assert "Waiting for approval" in words(client.get(node_url(pending_reply)))
    mine = [node for node in client.get(api).json()["nodes"] if node["id"] == pending_reply.pk]
    assert [node["status"] for node in mine] == ["pending"]
    client.force_login(second_student)
    assert "New towns grew on the steppe." not in words(client.get(map_url(pending_reply.map)))
    assert client.get(node_url(pending_reply)).status_code == 404
    assert pending_reply.pk not in {node["id"] for node in client.get(api).json()["nodes"]}


def test_the_teacher_approves_a_contribution_and_the_class_sees_it(client, pending_reply, teacher, second_student):
    map = pending_reply.map
    before = revision(map)
    client.force_login(teacher)
    response = client.post(action_url(pending_reply, "approve"))
    assert response.status_code == 302
    assert response["Location"] == queue_url(map)
    assert "Approved. The class can see it now." in words(client.get(response["Location"]))
    assert Node.objects.get(pk=pending_reply.pk).status == Status.VISIBLE
    assert Edge.objects.get(from_node=pending_reply).status == Status.VISIBLE
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "approve",
        pending_reply,
        {"status": "pending"},
        {"status": "visible"},
        "",
    )
    assert revision(map) == before + 1
    client.force_login(second_student)
    page = words(client.get(map_url(map)))
    assert "New towns grew on the steppe." in page
    assert "Waiting for approval" not in page


def test_the_approve_service_records_who_approved_and_bumps_the_revision(pending_reply, admin):
    before = revision(pending_reply.map)
    node_approve(node=pending_reply, by=admin)
    assert Node.objects.get(pk=pending_reply.pk).status == Status.VISIBLE
    assert latest_audit(pending_reply.map).actor == admin
    assert revision(pending_reply.map) == before + 1
    with pytest.raises(ValidationError, match="Only contributions waiting for approval"):
        node_approve(node=pending_reply, by=admin)


def test_the_teacher_approves_the_ticked_contributions_at_once(client, pending_reply, measure, second_student, teacher):
    other = contribution_create(
        author=second_student, target=measure, kind="evidence", relation="supports", text="The 1956 harvest was huge."
    )
    map = pending_reply.map
    before = revision(map)
    client.force_login(teacher)
    response = client.post(f"{queue_url(map)}approve/", {"nodes": [pending_reply.pk, other.pk]})
    assert response.status_code == 302
    assert response["Location"] == queue_url(map)
    page = words(client.get(response["Location"]))
    assert "Approved 2 contributions." in page
    assert "Nothing is waiting." in page
    assert set(Node.objects.filter(pk__in=[pending_reply.pk, other.pk]).values_list("status", flat=True)) == {"visible"}
    entries = AuditEntry.objects.filter(map=map, action="approve")
    assert {(entry.actor, entry.node) for entry in entries} == {(teacher, pending_reply), (teacher, other)}
    assert revision(map) > before


def test_bulk_approval_with_nothing_ticked_says_what_to_do(client, pending_reply, teacher):
    client.force_login(teacher)
    response = client.post(f"{queue_url(pending_reply.map)}approve/", {}, follow=True)
    assert "Tick the contributions to approve first." in words(response)
    assert Node.objects.get(pk=pending_reply.pk).status == Status.PENDING


def test_the_bulk_approve_service_approves_all_or_none(reply, pending_reply, teacher):
    with pytest.raises(ValidationError, match="Only contributions waiting for approval"):
        nodes_approve(map=pending_reply.map, by=teacher, nodes=[pending_reply, reply])
    assert Node.objects.get(pk=pending_reply.pk).status == Status.PENDING
    assert not AuditEntry.objects.filter(action="approve").exists()
    before = revision(pending_reply.map)
    approved = nodes_approve(map=pending_reply.map, by=teacher, nodes=[Node.objects.get(pk=pending_reply.pk)])
    assert [node.status for node in approved] == [Status.VISIBLE]
    assert revision(pending_reply.map) > before


# Rejecting


def test_rejecting_needs_a_reason(client, pending_reply, teacher):
    client.force_login(teacher)
    response = client.post(action_url(pending_reply, "reject"), {"reason": "  "}, follow=True)
    assert "Say why, so the student can learn from it." in words(response)
    assert Node.objects.get(pk=pending_reply.pk).status == Status.PENDING
    assert not AuditEntry.objects.filter(action="reject").exists()
    with pytest.raises(ValidationError, match="Say why"):
        node_reject(node=pending_reply, by=teacher, reason="")


def test_a_rejection_shows_its_reason_to_the_author_only(client, pending_reply, teacher, student, second_student):
    map = pending_reply.map
    before = revision(map)
    client.force_login(teacher)
    response = client.post(action_url(pending_reply, "reject"), {"reason": "Which towns? Name one."})
    assert response.status_code == 302
    assert "Rejected. Its author sees your reason." in words(client.get(response["Location"]))
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "reject",
        pending_reply,
        {"status": "pending"},
        {"status": "hidden"},
        "Which towns? Name one.",
    )
    assert revision(map) == before + 1

    client.force_login(student)
    for page in (words(client.get(map_url(map))), words(client.get(node_url(pending_reply)))):
        assert "New towns grew on the steppe." in page
        assert "Your teacher's reason: Which towns? Name one." in page
    client.force_login(second_student)
    page = words(client.get(map_url(map)))
    assert "New towns grew on the steppe." not in page
    assert "Which towns?" not in page


def test_the_reject_service_refuses_a_contribution_that_is_already_visible(reply, teacher):
    with pytest.raises(ValidationError, match="hide it instead"):
        node_reject(node=reply, by=teacher, reason="Too late.")


# Hiding and restoring


def test_hiding_a_statement_takes_its_whole_subtree_out_of_a_students_map_and_the_api(
    client, strained, harvest, teacher, student
):
    map = strained.map
    client.force_login(student)
    assert "The harvest of 1955 failed" in words(client.get(map_url(map)))
    before = revision(map)

    client.force_login(teacher)
    response = client.post(action_url(strained, "hide"), {"reason": "Off the point.", "next": map.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == map.get_absolute_url()
    assert "Hidden. Restore it at any time from the moderation page." in words(client.get(response["Location"]))
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "hide",
        strained,
        {"status": "visible"},
        {"status": "hidden"},
        "Off the point.",
    )
    assert revision(map) == before + 1
    teacher_page = words(client.get(map_url(map)))
    assert "Hidden Because it was so closely tied to Khrushchev" in teacher_page
    assert "The harvest of 1955 failed" in teacher_page

    client.force_login(student)
    page = words(client.get(map_url(map)))
    assert "Because it was so closely tied to Khrushchev" not in page
    assert "The harvest of 1955 failed" not in page
    ids = {node["id"] for node in client.get(f"/api/maps/{map.slug}/").json()["nodes"]}
    assert strained.pk not in ids
    assert harvest.pk not in ids
    assert client.get(node_url(harvest)).status_code == 404


def test_restoring_brings_the_whole_subtree_back(client, strained, harvest, teacher, student):
    map = strained.map
    node_hide(node=strained, by=teacher, reason="Off the point.")
    before = revision(map)
    client.force_login(teacher)
    response = client.post(action_url(strained, "restore"), {"reason": "On reflection it is fair."})
    assert response.status_code == 302
    assert "Restored. The class can see it again." in words(client.get(response["Location"]))
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "restore",
        strained,
        {"status": "hidden"},
        {"status": "visible"},
        "On reflection it is fair.",
    )
    assert revision(map) == before + 1

    client.force_login(student)
    page = words(client.get(map_url(map)))
    assert "Because it was so closely tied to Khrushchev" in page
    assert "The harvest of 1955 failed" in page
    ids = {node["id"] for node in client.get(f"/api/maps/{map.slug}/").json()["nodes"]}
    assert {strained.pk, harvest.pk} <= ids


def test_the_author_of_a_hidden_contribution_sees_it_with_the_reason_and_classmates_do_not(
    client, hidden_reply, student, second_student
):
    map = hidden_reply.map
    client.force_login(student)
    page = words(client.get(map_url(map)))
    assert "Hidden Dust storms ruined the new farms." in page
    assert "Your teacher's reason: Give a date for the storms." in page
    assert "Your teacher's reason: Give a date for the storms." in words(client.get(node_url(hidden_reply)))
    client.force_login(second_student)
    page = words(client.get(map_url(map)))
    assert "Dust storms ruined the new farms." not in page
    assert "Give a date for the storms." not in page
    assert client.get(node_url(hidden_reply)).status_code == 404


def test_a_statement_that_also_speaks_to_a_visible_one_stays_when_one_of_its_targets_is_hidden(
    client, measure, maize, teacher, student
):
    imports = measure.map.nodes.get(text__startswith="By 1963 the USSR had to import")
    node_hide(node=measure, by=teacher, reason="Not one of his policies.")
    client.force_login(student)
    page = words(client.get(map_url(measure.map)))
    assert "The Virgin Lands scheme was the most prominent farming policy" not in page
    assert "By 1963 the USSR had to import 20 million tonnes of grain" in page
    ids = {node["id"] for node in client.get(f"/api/maps/{measure.map.slug}/").json()["nodes"]}
    assert imports.pk in ids
    assert measure.pk not in ids


def test_a_hidden_measure_is_marked_hidden_on_the_teachers_map(client, measure, teacher, student):
    node_hide(node=measure, by=teacher, reason="Not one of his policies.")
    client.force_login(student)
    assert "The Virgin Lands scheme to grow grain on new land" not in words(client.get(map_url(measure.map)))
    client.force_login(teacher)
    page = client.get(map_url(measure.map)).content.decode()
    card = page.split(f'id="measure-{measure.pk}"', 1)[1].split('<details class="arguments"', 1)[0]
    assert "Hidden" in words(card)


def test_the_hide_and_restore_services_undo_each_other(reply, teacher):
    node_hide(node=reply, by=teacher)
    assert Node.objects.get(pk=reply.pk).status == Status.HIDDEN
    with pytest.raises(ValidationError, match="already hidden"):
        node_hide(node=reply, by=teacher)
    node_restore(node=reply, by=teacher)
    assert Node.objects.get(pk=reply.pk).status == Status.VISIBLE
    with pytest.raises(ValidationError, match="Only hidden statements can be restored"):
        node_restore(node=reply, by=teacher)
    assert list(AuditEntry.objects.filter(node=reply).values_list("action", flat=True)) == ["restore", "hide"]


def test_the_question_cannot_be_hidden(class_map, teacher):
    with pytest.raises(ValidationError, match="The question can't be hidden"):
        node_hide(node=class_map.nodes.get(kind="question"), by=teacher)
