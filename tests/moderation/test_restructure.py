"""Flags, merging, moving, teacher edits and map settings: each recorded, nothing deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from argmap.maps.models import Edge, Map, Node, NodeRevision, Status
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry, Flag, FlagStatus
from argmap.moderation.services import (
    flag_dismiss,
    flag_raise,
    map_settings_update,
    node_merge,
    node_moderate_edit,
    node_move,
)
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast
from tests.helpers import words
from tests.moderation.helpers import (
    action_url,
    audit_tuple,
    latest_audit,
    map_url,
    node_url,
    queue_url,
    revision,
    settings_form,
)

# Flags


def test_a_flag_keeps_the_statement_visible_until_the_teacher_decides(client, reply, student, second_student, teacher):
    map = reply.map
    client.force_login(second_student)
    response = client.post(f"{node_url(reply)}flag/", {"reason": "unkind", "note": "Rude to farmers."})
    assert response.status_code == 302
    assert response["Location"] == node_url(reply)
    assert "Thanks. Your teacher will look at it; it stays visible until they decide." in words(
        client.get(response["Location"])
    )
    assert Flag.objects.get(node=reply).status == FlagStatus.OPEN
    for person in (second_student, student):
        client.force_login(person)
        assert "Dust storms ruined the new farms." in words(client.get(map_url(map)))
    client.force_login(teacher)
    assert "Flagged ×1" in words(client.get(map_url(map)))
    queue = words(client.get(queue_url(map)))
    assert "Flagged by students (1)" in queue
    assert "Unkind — Alex P: “Rude to farmers.”" in queue


def test_a_student_cannot_flag_the_same_statement_twice(client, reply, second_student):
    client.force_login(second_student)
    assert client.get(f"{node_url(reply)}flag/").status_code == 405
    client.post(f"{node_url(reply)}flag/", {"reason": "wrong"})
    response = client.post(f"{node_url(reply)}flag/", {"reason": "unkind"}, follow=True)
    assert "You have already flagged this; your teacher will look at it." in words(response)
    assert Flag.objects.filter(node=reply).count() == 1
    with pytest.raises(ValidationError, match="already flagged"):
        flag_raise(node=reply, by=second_student, reason="duplicate")


def test_hiding_a_flagged_statement_marks_its_flags_upheld(client, flag, teacher):
    client.force_login(teacher)
    client.post(action_url(flag.node, "hide"), {"reason": "The student was right."})
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (FlagStatus.UPHELD, teacher)
    assert "No open flags." in words(client.get(queue_url(flag.node.map)))


def test_dismissing_a_flag_keeps_the_statement(client, flag, teacher, second_student):
    map = flag.node.map
    before = revision(map)
    client.force_login(teacher)
    response = client.post(f"{queue_url(map)}flags/{flag.pk}/dismiss/", {"reason": "It is accurate."})
    assert response.status_code == 302
    assert response["Location"] == queue_url(map)
    page = words(client.get(response["Location"]))
    assert "Flag dismissed. The contribution stays." in page
    assert "No open flags." in page
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (FlagStatus.DISMISSED, teacher)
    assert Node.objects.get(pk=flag.node_id).status == Status.VISIBLE
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "dismiss_flag",
        flag.node,
        {"flag": "Factually wrong", "status": "open"},
        {"status": "dismissed"},
        "It is accurate.",
    )
    assert revision(map) == before + 1
    client.force_login(second_student)
    assert "Dust storms ruined the new farms." in words(client.get(map_url(map)))


def test_the_dismiss_service_refuses_a_flag_already_dealt_with(flag, teacher):
    flag_dismiss(flag=flag, by=teacher)
    with pytest.raises(ValidationError, match="already been dealt with"):
        flag_dismiss(flag=flag, by=teacher)
    assert Flag.objects.filter(pk=flag.pk).exists()


# Merging


@pytest.fixture
def duplicate(measure, second_student) -> Node:
    """A classmate's counterclaim that says what the essay already says, with a reply of its own."""
    node = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Crops failed again and again."
    )
    contribution_create(
        author=second_student, target=node, kind="evidence", relation="supports", text="1955 and 1963 were disasters."
    )
    return node


def test_merging_moves_every_link_to_the_survivor_and_deletes_none(client, duplicate, measure, teacher):
    survivor = measure.map.nodes.get(text__startswith="His efforts were repeatedly held back")
    map = measure.map
    edges_before = Edge.objects.count()
    speakers = set(Edge.objects.filter(to_node=duplicate).values_list("from_node_id", flat=True))
    before = revision(map)
    client.force_login(teacher)
    response = client.post(f"{node_url(survivor)}merge/", {"duplicates": [duplicate.pk], "reason": "Same point."})
    assert response.status_code == 302
    assert response["Location"] == node_url(survivor)
    assert "Merged 1 duplicate into this statement." in words(client.get(response["Location"]))
    assert Edge.objects.count() == edges_before
    assert speakers <= set(Edge.objects.filter(to_node=survivor).values_list("from_node_id", flat=True))
    merged = Node.objects.get(pk=duplicate.pk)
    assert (merged.status, merged.merged_into) == (Status.HIDDEN, survivor)
    entry = latest_audit(map)
    assert (entry.actor, entry.action, entry.node, entry.reason) == (teacher, "merge", duplicate, "Same point.")
    assert entry.before == {"status": "visible", "text": "Crops failed again and again."}
    assert entry.after["status"] == "hidden"
    assert entry.after["merged_into"] == survivor.pk
    assert revision(map) == before + 1


def test_the_survivors_page_credits_the_duplicates_author(client, duplicate, measure, teacher, student):
    survivor = measure.map.nodes.get(text__startswith="His efforts were repeatedly held back")
    node_merge(survivor=survivor, duplicates=[duplicate], by=teacher)
    client.force_login(student)
    page = words(client.get(node_url(survivor)))
    assert "Also said by Alex P (merged)." in page
    assert "1955 and 1963 were disasters." in page
    assert "Crops failed again and again." not in words(client.get(map_url(measure.map)))


def test_merging_measures_keeps_every_vote(measure, maize, teacher, student, second_student):
    """A vote on the duplicate moves to the survivor, unless its voter already voted there: then it stays put."""
    vote_cast(voter=student, measure=maize, score=2)
    vote_cast(voter=second_student, measure=maize, score=1)
    vote_cast(voter=second_student, measure=measure, score=5)
    edges_before = Edge.objects.count()
    node_merge(survivor=measure, duplicates=[maize], by=teacher, reason="Both are farm schemes.")
    assert Edge.objects.count() == edges_before
    assert Vote.objects.count() == 3
    assert set(Vote.objects.values_list("voter__username", "measure_id", "score")) == {
        ("sam", measure.pk, 2),
        ("alex", measure.pk, 5),
        ("alex", maize.pk, 1),
    }
    assert latest_audit(measure.map).after["votes_moved"] == 1
    assert Node.objects.get(pk=maize.pk).merged_into == measure


def test_the_merge_service_refuses_the_question_and_nothing_to_merge(measure, teacher):
    question = measure.map.nodes.get(kind="question")
    with pytest.raises(ValidationError, match="at least one duplicate"):
        node_merge(survivor=measure, duplicates=[measure], by=teacher)
    with pytest.raises(ValidationError, match="The question can't be merged"):
        node_merge(survivor=measure, duplicates=[question], by=teacher)


# Moving


def test_the_teacher_moves_a_statement_under_another(client, reply, measure, maize, teacher):
    edge = Edge.objects.get(from_node=reply)
    before = revision(measure.map)
    client.force_login(teacher)
    response = client.post(
        f"{node_url(reply)}move/", {"old_target": measure.pk, "new_target": maize.pk, "relation": "opposes"}
    )
    assert response.status_code == 302
    assert response["Location"] == node_url(reply)
    page = words(client.get(response["Location"]))
    assert "Moved. The map shows it in its new place." in page
    edge.refresh_from_db()
    assert (edge.to_node, edge.relation) == (maize, "opposes")
    assert Edge.objects.filter(from_node=reply).count() == 1
    assert audit_tuple(latest_audit(measure.map)) == (
        teacher,
        "move",
        reply,
        {"to_node": measure.pk, "relation": "opposes"},
        {"to_node": maize.pk, "relation": "opposes"},
        "",
    )
    assert revision(measure.map) == before + 1


def test_a_move_that_would_make_a_loop_is_refused_naming_the_path(client, strained, harvest, measure, teacher):
    client.force_login(teacher)
    response = client.post(
        f"{node_url(strained)}move/",
        {"old_target": measure.pk, "new_target": harvest.pk, "relation": "supports"},
        follow=True,
    )
    page = words(response)
    assert "That move would make a loop: “Because it was so closely tied to Khrushchev" in page
    assert "→ “The harvest of 1955 failed" in page
    assert Edge.objects.get(from_node=strained).to_node == measure
    assert not AuditEntry.objects.filter(action="move").exists()
    with pytest.raises(ValidationError, match="That move would make a loop"):
        node_move(node=strained, old_target=measure, new_target=harvest, by=teacher)


def test_the_move_service_re_points_the_edge(reply, measure, maize, teacher):
    edge = node_move(node=reply, old_target=measure, new_target=maize, by=teacher)
    assert (edge.from_node, edge.to_node, edge.relation) == (reply, maize, "opposes")
    assert latest_audit(measure.map).action == "move"


# Teacher edits


def test_the_teacher_rewords_a_statement_and_the_old_words_are_kept(client, reply, teacher, student):
    map = reply.map
    before = revision(map)
    client.force_login(teacher)
    assert "Edit this statement" in words(client.get(f"{node_url(reply)}edit/"))
    response = client.post(
        f"{node_url(reply)}edit/", {"text": "Dust storms ruined many new farms.", "reason": "Less sweeping."}
    )
    assert response.status_code == 302
    assert response["Location"] == node_url(reply)
    page = words(client.get(response["Location"]))
    assert "Saved. The earlier words are kept in the statement's history." in page
    assert "Dust storms ruined the new farms." in page  # under "Earlier wording"
    assert Node.objects.get(pk=reply.pk).text == "Dust storms ruined many new farms."
    assert NodeRevision.objects.get(node=reply).edited_by == teacher
    assert audit_tuple(latest_audit(map)) == (
        teacher,
        "edit",
        reply,
        {"text": "Dust storms ruined the new farms."},
        {"text": "Dust storms ruined many new farms."},
        "Less sweeping.",
    )
    assert revision(map) == before + 1


def test_the_edit_service_keeps_the_old_words_and_records_them(strained, teacher):
    old = strained.text
    node_moderate_edit(node=strained, by=teacher, text="The scheme strained the party.")
    assert NodeRevision.objects.get(node=strained).text == old
    assert latest_audit(strained.map).before == {"text": old}
    with pytest.raises(ValidationError, match="can't be empty"):
        node_moderate_edit(node=strained, by=teacher, text="  ")


def test_saving_a_statement_unchanged_adds_nothing_to_the_audit_log(client, strained, teacher):
    client.force_login(teacher)
    response = client.post(f"{node_url(strained)}edit/", {"text": strained.text, "reason": ""})
    assert response.status_code == 302
    assert not NodeRevision.objects.filter(node=strained).exists()
    assert not AuditEntry.objects.filter(action="edit").exists()


# Settings


def test_the_teacher_changes_the_settings_and_the_change_is_audited(client, class_map, teacher):
    before = revision(class_map)
    client.force_login(teacher)
    assert "Map settings" in words(client.get(f"/maps/{class_map.slug}/settings/"))
    response = client.post(
        f"/maps/{class_map.slug}/settings/", {**settings_form(class_map, is_locked=True), "reason": "Lesson over."}
    )
    assert response.status_code == 302
    assert response["Location"] == class_map.get_absolute_url()
    page = words(client.get(response["Location"]))
    assert (
        "Saved. Right now students can vote on each measure (round: before the debate) and flag a point for you to "
        "look at. The map is locked, so nobody adds or changes statements."
    ) in page
    assert "Locked: no new statements" in page
    assert Map.objects.get(pk=class_map.pk).is_locked
    assert audit_tuple(latest_audit(class_map)) == (
        teacher,
        "settings",
        None,
        {"is_locked": False},
        {"is_locked": True},
        "Lesson over.",
    )
    assert revision(class_map) == before + 1


def test_a_locked_map_is_read_only(client, class_map, measure, teacher, student):
    client.force_login(teacher)
    client.post(f"/maps/{class_map.slug}/settings/", settings_form(class_map, is_locked=True))
    client.force_login(student)
    response = client.post(
        f"{node_url(measure)}add/", {"relation": "opposes", "kind": "claim", "text": "One more thing."}
    )
    assert response.status_code == 403
    assert "This map is locked: nobody can add or change statements now." in words(response)
    assert not Node.objects.filter(text="One more thing.").exists()


def test_closing_voting_stops_votes(client, class_map, measure, teacher, student):
    client.force_login(teacher)
    client.post(f"/maps/{class_map.slug}/settings/", settings_form(class_map, voting_open=False))
    client.force_login(student)
    response = client.post(f"{node_url(measure)}vote/", {"score": "4"}, follow=True)
    assert "Voting is closed for this map." in words(response)
    assert not Vote.objects.exists()


def test_opening_the_after_round_allows_a_second_separate_vote(client, class_map, measure, teacher, student):
    client.force_login(student)
    client.post(f"{node_url(measure)}vote/", {"score": "2"})
    client.force_login(teacher)
    client.post(f"/maps/{class_map.slug}/settings/", settings_form(class_map, vote_round="after"))
    client.force_login(student)
    response = client.post(f"{node_url(measure)}vote/", {"score": "4"}, follow=True)
    assert "Your vote is saved" in words(response)
    assert sorted(Vote.objects.filter(voter=student).values_list("round", "score")) == [("after", 4), ("before", 2)]


def test_the_settings_service_records_only_what_changed(class_map, teacher):
    map_settings_update(map=class_map, by=teacher, voting_open=False, is_locked=False)
    entry = latest_audit(class_map)
    assert (entry.before, entry.after) == ({"voting_open": True}, {"voting_open": False})
    with pytest.raises(ValidationError):
        map_settings_update(map=class_map, by=teacher, vote_round="during")
    with pytest.raises(ValidationError):
        map_settings_update(map=class_map, by=teacher, title="Renamed")
