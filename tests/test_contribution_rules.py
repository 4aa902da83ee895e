"""Rules that keep moderation and privacy whole: what an edit, a link, a citation or an error may reveal or skip."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.maps.models import Edge, Map, ModerationMode, Node, Source, Status
from argmap.maps.services import contribution_create, link_create, node_edit
from argmap.moderation.services import node_approve, node_hide, node_merge, node_moderate_edit, node_restore


def add(author, target, text, relation="opposes", **extra):
    return contribution_create(author=author, target=target, kind="claim", relation=relation, text=text, **extra)


def test_on_a_pre_moderated_map_an_edit_after_approval_waits_for_approval_again(class_map, measure, student, teacher):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode=ModerationMode.PRE)
    measure.map.refresh_from_db()
    point = add(student, measure, "A harmless point.")
    node_approve(node=point, by=teacher)
    node_edit(editor=student, node=Node.objects.select_related("map").get(pk=point.pk), text="Something else entirely.")
    assert Node.objects.get(pk=point.pk).status == Status.PENDING


def test_a_loop_message_does_not_quote_statements_the_student_cannot_see(
    class_map, measure, student, second_student, teacher
):
    other = class_map.nodes.get(kind="measure", text__contains="maize")
    hidden = add(second_student, measure, "Something unkind about a classmate.")
    reply = add(second_student, hidden, "A reply.", also_target=other, also_relation="opposes")
    node_hide(node=hidden, by=teacher, reason="Unkind")
    with pytest.raises(ValidationError) as error:
        link_create(author=student, from_node=measure, to_node=reply, relation="supports")
    message = " ".join(error.value.messages)
    assert "That link would make a loop" in message
    assert "Something unkind" not in message
    assert "a statement you can't see" in message


def test_each_students_citation_is_its_own_source(class_map, measure, student, outsider, other_classroom, essay_map):
    from argmap.classrooms.services import debate_start
    from argmap.maps.services import Citation

    other_map = debate_start(classroom=other_classroom, by=other_classroom.teacher, source=essay_map)
    other_measure = other_map.nodes.get(kind="measure", text__contains="Virgin Lands")
    first = contribution_create(
        author=student, target=measure, kind="evidence", relation="supports", text="A memoir says so.",
        citation=Citation(title="Khrushchev Remembers", author="N. Khrushchev", url="https://one.example/book"),
    )  # fmt: skip
    second = contribution_create(
        author=outsider, target=other_measure, kind="evidence", relation="supports", text="So does this.",
        citation=Citation(title="khrushchev remembers", author="n. khrushchev", url="https://two.example/book"),
    )  # fmt: skip
    assert first.source_id != second.source_id
    assert Source.objects.get(pk=second.source_id).url == "https://two.example/book"


def test_words_a_teacher_edited_out_are_not_shown_to_classmates(client, measure, student, second_student, teacher):
    point = add(student, measure, "Something unkind about Alex.")
    node_moderate_edit(node=Node.objects.select_related("map").get(pk=point.pk), by=teacher, text="[Removed]")
    url = f"/maps/{measure.map.slug}/nodes/{point.pk}/"
    for person in (second_student, student):
        client.force_login(person)
        body = client.get(url).content.decode()
        assert "Something unkind" not in body
        assert "edited" in body
    client.force_login(teacher)
    assert "Something unkind about Alex." in client.get(url).content.decode()


def test_students_cannot_link_statements_on_a_pre_moderated_map(class_map, measure, student):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode=ModerationMode.PRE)
    point = add(student, measure, "A point.")
    point = Node.objects.select_related("map").get(pk=point.pk)
    other = class_map.nodes.get(kind="measure", text__contains="maize")
    with pytest.raises(PermissionDenied, match="only your teacher links"):
        link_create(author=student, from_node=point, to_node=other, relation="opposes")
    assert not Edge.objects.filter(from_node=point, to_node=other).exists()


def test_the_duplicate_check_does_not_reveal_a_classmates_pending_point(class_map, measure, student, second_student):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode=ModerationMode.PRE)
    measure.map.refresh_from_db()
    add(second_student, measure, "Secret pending idea.")
    mine = add(student, measure, "secret pending idea")
    assert mine.status == Status.PENDING
    with pytest.raises(ValidationError, match="already says this here"):
        add(student, measure, "Secret pending idea!")


@pytest.mark.parametrize("path", ["maps/node", "maps/map", "maps/edge", "classrooms/classroom", "accounts/user"])
def test_the_admin_cannot_delete_what_people_made(client, admin, class_map, path):
    from django.apps import apps

    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    app_label, model_name = path.split("/")
    obj = apps.get_model(app_label, model_name).objects.first()
    assert client.get(f"/admin/{path}/{obj.pk}/delete/").status_code == 403
    assert apps.get_model(app_label, model_name).objects.filter(pk=obj.pk).exists()


def test_restoring_a_merged_duplicate_brings_its_links_back(class_map, measure, student, second_student, teacher):
    other = class_map.nodes.get(kind="measure", text__contains="maize")
    survivor = add(student, other, "The soil was too dry.")
    duplicate = add(second_student, measure, "Soil was dry.", post_anyway=True)  # a near copy, posted anyway
    reply = add(student, duplicate, "Not everywhere.")
    node_merge(survivor=survivor, duplicates=[duplicate], by=teacher)
    assert Edge.objects.get(from_node=reply).to_node_id == survivor.pk
    node_restore(node=Node.objects.select_related("map").get(pk=duplicate.pk), by=teacher)
    assert Edge.objects.get(from_node=reply).to_node_id == duplicate.pk
    assert Edge.objects.get(from_node=duplicate).to_node_id == measure.pk
    assert Node.objects.get(pk=duplicate.pk).merged_into_id is None
