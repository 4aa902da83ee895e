"""The moderation API: the same rules as the teacher's pages, as JSON."""

from __future__ import annotations

import pytest

from argmap.maps.models import Edge, Map, Node, Status
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry, Flag, FlagStatus
from tests.api.helpers import results

JSON = "application/json"


def api(map, path: str = "") -> str:
    return f"/api/maps/{map.slug}/{path}"


@pytest.fixture
def reply(measure, student):
    return contribution_create(author=student, target=measure, kind="claim", relation="opposes", text="Too dry.")


def test_the_teacher_reads_the_queue_and_students_and_outsiders_cannot(
    client, class_map, reply, teacher, student, outsider
):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode="pre")
    Node.objects.filter(pk=reply.pk).update(status=Status.PENDING)
    client.force_login(teacher)
    body = client.get(api(class_map, "moderation/")).json()
    assert body["counts"] == {"pending": 1, "flagged": 0}
    assert [(item["queue"], item["text"]) for item in body["results"]] == [("pending", "Too dry.")]
    assert body["results"][0]["author"] == "Sam K"
    client.force_login(student)
    assert client.get(api(class_map, "moderation/")).status_code == 403
    client.force_login(outsider)
    assert client.get(api(class_map, "moderation/")).status_code == 404


def test_hide_and_restore_write_audit_entries_with_their_reasons(client, class_map, reply, teacher):
    client.force_login(teacher)
    url = api(class_map, f"nodes/{reply.pk}/moderation/")
    hidden = client.post(url, {"action": "hide", "reason": "Unkind"}, content_type=JSON)
    assert hidden.status_code == 200
    assert hidden.json()["status"] == "hidden"
    assert (
        client.post(url, {"action": "restore", "reason": "Rephrased"}, content_type=JSON).json()["status"] == "visible"
    )
    log = results(client.get(api(class_map, "audit/")))
    assert [(entry["action"], entry["reason"]) for entry in log] == [("restore", "Rephrased"), ("hide", "Unkind")]
    assert AuditEntry.objects.filter(map=class_map).count() == 2


def test_rejecting_needs_a_reason_and_a_student_may_not_moderate(client, class_map, reply, teacher, student):
    Node.objects.filter(pk=reply.pk).update(status=Status.PENDING)
    client.force_login(student)
    url = api(class_map, f"nodes/{reply.pk}/moderation/")
    refused = client.post(url, {"action": "approve"}, content_type=JSON)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only the class's teacher can moderate this map."}
    client.force_login(teacher)
    response = client.post(url, {"action": "reject"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"reason": ["Say why, so the student can learn from it."]}
    assert Node.objects.get(pk=reply.pk).status == Status.PENDING


def test_a_student_flags_once_and_the_teacher_dismisses_it(client, class_map, reply, teacher, second_student):
    client.force_login(second_student)
    url = api(class_map, f"nodes/{reply.pk}/flags/")
    created = client.post(url, {"reason": "unkind", "note": "Rude"}, content_type=JSON)
    assert created.status_code == 201
    again = client.post(url, {"reason": "unkind"}, content_type=JSON)
    assert again.status_code == 400
    assert "already flagged" in again.json()["reason"][0]
    client.force_login(teacher)
    dismissed = client.post(api(class_map, f"flags/{created.json()['id']}/dismiss/"), {}, content_type=JSON)
    assert dismissed.json()["status"] == "dismissed"
    assert Flag.objects.get().status == FlagStatus.DISMISSED
    assert Node.objects.get(pk=reply.pk).status == Status.VISIBLE


def test_merge_moves_replies_and_move_refuses_a_loop(client, class_map, measure, student, second_student, teacher):
    first = contribution_create(author=student, target=measure, kind="claim", relation="opposes", text="Dry soil.")
    second = contribution_create(
        author=second_student,
        target=measure,
        kind="claim",
        relation="opposes",
        text="Soil was dry.",
        post_anyway=True,  # a near copy: the teacher merges it below
    )
    answer = contribution_create(
        author=student, target=second, kind="claim", relation="opposes", text="Not everywhere."
    )
    edges = Edge.objects.count()
    client.force_login(teacher)
    merged = client.post(api(class_map, f"nodes/{first.pk}/merge/"), {"duplicates": [second.pk]}, content_type=JSON)
    assert merged.status_code == 200
    assert Edge.objects.get(from_node=answer).to_node_id == first.pk
    assert Node.objects.get(pk=second.pk).merged_into_id == first.pk
    assert Edge.objects.count() == edges
    loop = client.post(
        api(class_map, f"nodes/{first.pk}/move/"),
        {"old_target": measure.pk, "new_target": answer.pk},
        content_type=JSON,
    )
    assert loop.status_code == 400
    assert "That move would make a loop" in loop.json()["new_target"][0]


def test_settings_change_through_the_api_and_are_audited(client, class_map, teacher, student):
    client.force_login(teacher)
    response = client.patch(api(class_map, "settings/"), {"is_locked": True, "reason": "Exam time"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["is_locked"] is True
    assert AuditEntry.objects.get(map=class_map).reason == "Exam time"
    client.force_login(student)
    assert client.patch(api(class_map, "settings/"), {"is_locked": False}, content_type=JSON).status_code == 403


def test_participation_counts_each_student(client, class_map, reply, teacher, student, second_student):
    client.force_login(teacher)
    rows = {row["username"]: row for row in results(client.get(api(class_map, "participation/")))}
    assert rows[student.username]["claims"] == 1
    assert rows[student.username]["counterclaims"] == 1
    assert rows[second_student.username]["claims"] == 0
    assert teacher.username not in rows


def test_the_teacher_rewords_a_students_point_through_the_api_and_it_is_audited(client, class_map, reply, teacher):
    client.force_login(teacher)
    response = client.patch(
        api(class_map, f"nodes/{reply.pk}/"), {"text": "Too dry for wheat.", "reason": "Clearer"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["text"] == "Too dry for wheat."
    entry = AuditEntry.objects.get(map=class_map, action="edit")
    assert (entry.before, entry.after, entry.reason) == (
        {"text": "Too dry."},
        {"text": "Too dry for wheat."},
        "Clearer",
    )
