"""Moderation refuses the wrong person and method, and each action is one transaction with its audit entry."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from argmap.maps.models import Edge, Map, Node, Status
from argmap.maps.services import contribution_create
from argmap.moderation import services
from argmap.moderation.models import AuditEntry, Flag
from argmap.moderation.services import (
    flag_dismiss,
    flag_raise,
    map_settings_update,
    node_approve,
    node_hide,
    node_merge,
    node_move,
    node_reject,
)
from tests.helpers import words
from tests.moderation.helpers import (
    MODERATOR_ONLY,
    action_url,
    latest_audit,
    node_url,
    queue_url,
    revision,
    settings_form,
)

# One transaction per action


@pytest.mark.parametrize("action", ["approve", "reject", "hide", "merge", "move", "settings"])
def test_when_the_audit_entry_cannot_be_written_the_action_is_undone(
    monkeypatch, action, reply, pending_reply, measure, maize, teacher
):
    def broken_audit(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    map = measure.map
    before = revision(map)
    run = {
        "approve": lambda: node_approve(node=pending_reply, by=teacher),
        "reject": lambda: node_reject(node=pending_reply, by=teacher, reason="No."),
        "hide": lambda: node_hide(node=reply, by=teacher),
        "merge": lambda: node_merge(survivor=measure, duplicates=[maize], by=teacher),
        "move": lambda: node_move(node=reply, old_target=measure, new_target=maize, by=teacher),
        "settings": lambda: map_settings_update(map=map, by=teacher, is_locked=True),
    }[action]
    with pytest.raises(RuntimeError):
        run()
    assert Node.objects.get(pk=pending_reply.pk).status == Status.PENDING
    assert Node.objects.get(pk=reply.pk).status == Status.VISIBLE
    assert Node.objects.get(pk=maize.pk).status == Status.VISIBLE
    assert Edge.objects.get(from_node=reply).to_node == measure
    assert not Map.objects.get(pk=map.pk).is_locked
    assert revision(map) == before


# Wrong person, wrong method


def test_the_moderation_queue_is_the_teachers_alone(client, pending_reply, teacher, student, other_teacher):
    url = queue_url(pending_reply.map)
    client.force_login(teacher)
    page = words(client.get(url))
    assert "Waiting for approval (1)" in page
    assert "New towns grew on the steppe." in page
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 403
    assert MODERATOR_ONLY in words(response)
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")


@pytest.fixture
def scene(class_map, measure, maize, reply, flag, teacher, student, second_student) -> SimpleNamespace:
    """Something for every action to act on: a pending, a visible and a hidden contribution, an open flag."""
    hidden = contribution_create(
        author=second_student, target=measure, kind="evidence", relation="supports", text="Grain output rose in 1956."
    )
    node_hide(node=hidden, by=teacher, reason="Needs a source.")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    pending = contribution_create(
        author=student, target=measure, kind="claim", relation="supports", text="New towns grew on the steppe."
    )
    essay_claim = class_map.nodes.get(text__startswith="His efforts were repeatedly held back")
    return SimpleNamespace(
        map=class_map,
        measure=measure,
        maize=maize,
        visible=reply,
        pending=pending,
        hidden=hidden,
        flag=flag,
        essay_claim=essay_claim,
    )


REQUESTS = {
    "approve": lambda s: (action_url(s.pending, "approve"), {}),
    "bulk approve": lambda s: (f"{queue_url(s.map)}approve/", {"nodes": [s.pending.pk]}),
    "reject": lambda s: (action_url(s.pending, "reject"), {"reason": "Off the point."}),
    "hide": lambda s: (action_url(s.visible, "hide"), {"reason": "Unkind."}),
    "restore": lambda s: (action_url(s.hidden, "restore"), {}),
    "dismiss flag": lambda s: (f"{queue_url(s.map)}flags/{s.flag.pk}/dismiss/", {}),
    "merge": lambda s: (f"{node_url(s.essay_claim)}merge/", {"duplicates": [s.visible.pk]}),
    "move": lambda s: (
        f"{node_url(s.visible)}move/",
        {"old_target": s.measure.pk, "new_target": s.maize.pk, "relation": "opposes"},
    ),
    "teacher edit": lambda s: (f"{node_url(s.essay_claim)}edit/", {"text": "Rewritten by someone."}),
    "settings": lambda s: (f"/maps/{s.map.slug}/settings/", settings_form(s.map, is_locked=True)),
}
POST_ONLY = ["approve", "bulk approve", "reject", "hide", "restore", "dismiss flag", "merge", "move"]
STUDENT_REFUSAL = dict.fromkeys(REQUESTS, MODERATOR_ONLY) | {
    "teacher edit": "You can only change your own contributions while the map is open."
}


def unchanged(scene: SimpleNamespace) -> tuple:
    return (
        AuditEntry.objects.count(),
        revision(scene.map),
        sorted(Node.objects.filter(map=scene.map).values_list("id", "status", "text")),
        sorted(Edge.objects.filter(map=scene.map).values_list("id", "to_node_id")),
        sorted(Flag.objects.values_list("id", "status")),
    )


@pytest.mark.parametrize("action", REQUESTS)
def test_a_student_of_the_class_is_refused_with_a_message(client, scene, student, action):
    url, data = REQUESTS[action](scene)
    before = unchanged(scene)
    client.force_login(student)
    response = client.post(url, data)
    assert response.status_code == 403
    assert STUDENT_REFUSAL[action] in words(response)
    assert unchanged(scene) == before


@pytest.mark.parametrize("action", REQUESTS)
def test_the_teacher_and_students_of_another_class_get_a_404(client, scene, other_teacher, outsider, action):
    url, data = REQUESTS[action](scene)
    before = unchanged(scene)
    for person in (other_teacher, outsider):
        client.force_login(person)
        assert client.post(url, data).status_code == 404
    assert unchanged(scene) == before


@pytest.mark.parametrize("action", REQUESTS)
def test_a_visitor_is_sent_to_sign_in(client, scene, action):
    url, data = REQUESTS[action](scene)
    before = unchanged(scene)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert unchanged(scene) == before


@pytest.mark.parametrize("action", POST_ONLY)
def test_actions_refuse_a_get(client, scene, teacher, action):
    url, _ = REQUESTS[action](scene)
    before = unchanged(scene)
    client.force_login(teacher)
    assert client.get(url).status_code == 405
    assert unchanged(scene) == before


@pytest.mark.parametrize("action", REQUESTS)
def test_an_admin_may_do_what_the_teacher_does(client, scene, admin, action):
    url, data = REQUESTS[action](scene)
    client.force_login(admin)
    response = client.post(url, data)
    assert response.status_code == 302
    assert latest_audit(scene.map).actor == admin


def test_the_services_refuse_students_and_other_teachers(scene, student, other_teacher):
    for person in (student, other_teacher):
        with pytest.raises(PermissionDenied):
            node_hide(node=scene.visible, by=person)
        with pytest.raises(PermissionDenied):
            node_approve(node=scene.pending, by=person)
        with pytest.raises(PermissionDenied):
            flag_dismiss(flag=scene.flag, by=person)
        with pytest.raises(PermissionDenied):
            map_settings_update(map=scene.map, by=person, is_locked=True)
    assert not AuditEntry.objects.filter(actor__in=[student, other_teacher]).exists()


def test_only_members_of_the_class_can_flag(client, reply, outsider, teacher):
    with pytest.raises(PermissionDenied):
        flag_raise(node=reply, by=outsider, reason="wrong")
    client.force_login(outsider)
    assert client.post(f"{node_url(reply)}flag/", {"reason": "wrong"}).status_code == 404
    assert not Flag.objects.exists()


# htmx


@pytest.mark.parametrize(
    ("action", "node", "data", "message"),
    [
        ("approve", "pending", {}, "Approved. The class can see it now."),
        ("reject", "pending", {"reason": "Name a town."}, "Rejected. Its author sees your reason."),
        ("hide", "visible", {"reason": "Unkind."}, "Hidden. Restore it at any time from the moderation page."),
        ("restore", "hidden", {}, "Restored. The class can see it again."),
    ],
)
def test_with_htmx_a_queue_action_returns_its_small_fragment_and_tells_the_page(
    client, scene, teacher, action, node, data, message
):
    client.force_login(teacher)
    response = client.post(action_url(getattr(scene, node), action), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    # A list item whose message is inside it: a list item with another role breaks the list (axe-core, critical).
    assert re.match(r'<li class="queue-item card done" id="queue-done-\d+"><p role="status">', body.strip())
    assert message in words(response)
    assert json.loads(response["HX-Trigger"]) == {"map-changed": {}}


def test_with_htmx_dismissing_a_flag_returns_its_fragment(client, scene, teacher):
    client.force_login(teacher)
    response = client.post(f"{queue_url(scene.map)}flags/{scene.flag.pk}/dismiss/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert words(response) == "Flag dismissed. The contribution stays."
    assert json.loads(response["HX-Trigger"]) == {"map-changed": {}}


def test_with_htmx_a_refused_action_explains_and_changes_nothing(client, scene, teacher):
    client.force_login(teacher)
    response = client.post(action_url(scene.pending, "reject"), {"reason": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert words(response) == "Say why, so the student can learn from it."
    assert "HX-Trigger" not in response
    assert Node.objects.get(pk=scene.pending.pk).status == Status.PENDING
