"""The end of a school year: a teacher archives a class (read-only, out of pupils' lists, nothing deleted) and
restores it, every setting back as it was."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.classrooms.models import ClassAction, ClassAuditEntry, Classroom, ClassStatus
from argmap.classrooms.permissions import ARCHIVED_READ_ONLY
from argmap.classrooms.services import (
    classroom_archive,
    classroom_restore,
    debate_start,
    joining_set,
    student_join,
)
from argmap.maps.models import Edge, Map, Node
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry
from argmap.moderation.services import map_settings_update
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast
from tests.helpers import words


def _archive(client, teacher, classroom):
    client.force_login(teacher)
    return client.post(f"/classes/{classroom.pk}/archive/", follow=True)


def _map(class_map) -> Map:
    return Map.objects.get(pk=class_map.pk)


# Archiving


def test_the_teacher_archives_the_class_and_its_debates_become_read_only(client, teacher, classroom, class_map):
    revision = class_map.revision

    response = _archive(client, teacher, classroom)

    assert response.redirect_chain == [(f"/classes/{classroom.pk}/", 302)]
    page = words(response)
    assert "“10B History” is archived: its debates are read-only" in page
    assert "Nothing was deleted; restore it whenever you need it." in page
    assert "Archived This class was archived on" in page
    map = _map(class_map)
    assert (map.is_locked, map.voting_open) == (True, False)
    assert map.revision > revision  # open pages refresh and show the lock
    classroom.refresh_from_db()
    assert (classroom.status, classroom.joining_open) == (ClassStatus.ARCHIVED, False)
    assert classroom.archived_at is not None


def test_archiving_is_in_the_class_history_and_each_maps_audit_log(client, teacher, classroom, class_map):
    _archive(client, teacher, classroom)

    entry = ClassAuditEntry.objects.get(classroom=classroom)
    assert (entry.actor, entry.action) == (teacher, ClassAction.ARCHIVE)
    settings = AuditEntry.objects.get(map=class_map)
    assert settings.after == {"is_locked": True, "voting_open": False}
    assert settings.reason == "The class was archived at the end of the year."
    assert "Ms Rivera archived the class" in words(client.get(f"/classes/{classroom.pk}/"))


def test_nothing_is_deleted_by_archiving(client, teacher, classroom, class_map, student, measure):
    contribution_create(author=student, target=measure, kind="claim", relation="supports", text="Grain rose.")
    vote_cast(voter=student, measure=measure, score=4)
    counts = (Node.objects.count(), Edge.objects.count(), Vote.objects.count(), Map.objects.count())

    _archive(client, teacher, classroom)

    assert (Node.objects.count(), Edge.objects.count(), Vote.objects.count(), Map.objects.count()) == counts


def test_a_pupil_no_longer_sees_the_archived_class_in_their_lists(client, teacher, classroom, class_map, student):
    classroom_archive(classroom=classroom, by=teacher)
    client.force_login(student)

    classes = words(client.get("/classes/"))
    assert "10B History" not in classes
    assert "You are not in a class yet." in classes
    assert class_map.title not in words(client.get("/"))
    assert [c["name"] for c in client.get("/api/classes/").json()["results"]] == []
    assert class_map.slug not in [m["slug"] for m in client.get("/api/maps/").json()["results"]]


def test_a_pupil_can_still_read_the_archived_debate_but_not_add_to_it(
    client, teacher, classroom, class_map, student, measure
):
    classroom_archive(classroom=classroom, by=teacher)
    client.force_login(student)

    assert client.get(class_map.get_absolute_url()).status_code == 200
    response = client.post(
        f"/maps/{class_map.slug}/nodes/{measure.pk}/add/",
        {"kind": "claim", "relation": "supports", "text": "One more point."},
    )
    assert response.status_code == 403
    assert "This map is locked" in words(response)
    assert not Node.objects.filter(text="One more point.").exists()


def test_the_teacher_finds_archived_classes_listed_separately(client, teacher, classroom, other_classroom):
    active = Classroom.objects.create(name="12A History", teacher=teacher, join_code="QWERTY")
    classroom_archive(classroom=classroom, by=teacher)
    client.force_login(teacher)

    page = words(client.get("/classes/"))

    assert page.index("12A History") < page.index("Archived classes") < page.index("10B History")
    assert "Archived classes Read-only, and hidden from their students. Open one to restore it. 10B History" in page
    assert "11A History" not in page  # another teacher's
    assert {c["name"] for c in client.get("/api/classes/").json()["results"]} == {active.name, classroom.name}


def test_the_archived_class_page_offers_restore_and_nothing_that_writes(client, teacher, classroom, class_map):
    classroom_archive(classroom=classroom, by=teacher)
    client.force_login(teacher)
    markup = client.get(f"/classes/{classroom.pk}/").content.decode()
    assert f'action="/classes/{classroom.pk}/restore/"' in markup
    for write in ("archive", "students/new", "debates", "joining", "code"):
        assert f"/classes/{classroom.pk}/{write}/" not in markup


def test_an_archived_class_takes_no_new_students_or_debates(teacher, classroom, essay_map):
    classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_READ_ONLY)):
        debate_start(classroom=classroom, by=teacher, source=essay_map)
    with pytest.raises(ValidationError, match="not taking new students"):
        student_join(join_code=classroom.join_code, display_name="Kim T", password="river-stone-42")


def test_a_student_or_another_teacher_cannot_archive_the_class(client, classroom, class_map, student, other_teacher):
    for person in (student, other_teacher):
        client.force_login(person)
        assert client.post(f"/classes/{classroom.pk}/archive/").status_code == 404
        assert client.post(f"/api/classes/{classroom.pk}/archive/").status_code == 404
    classroom.refresh_from_db()
    assert classroom.status == ClassStatus.ACTIVE
    assert not _map(class_map).is_locked


def test_archiving_takes_a_post(client, teacher, classroom):
    client.force_login(teacher)
    assert client.get(f"/classes/{classroom.pk}/archive/").status_code == 405
    assert client.get(f"/classes/{classroom.pk}/restore/").status_code == 405


def test_an_admin_archives_and_restores_any_class(client, admin, classroom, class_map):
    client.force_login(admin)
    assert client.post(f"/api/classes/{classroom.pk}/archive/").json()["status"] == "archived"
    assert client.post(f"/api/classes/{classroom.pk}/restore/").json()["status"] == "active"


# Restoring


def test_restoring_puts_each_debate_and_joining_back_as_they_were(client, teacher, classroom, class_map, essay_map):
    locked_before = debate_start(classroom=classroom, by=teacher, source=essay_map, title="Already locked")
    map_settings_update(map=locked_before, by=teacher, is_locked=True)
    voting_closed_before = debate_start(classroom=classroom, by=teacher, source=essay_map, title="Voting closed")
    map_settings_update(map=voting_closed_before, by=teacher, voting_open=False)
    classroom_archive(classroom=classroom, by=teacher)
    client.force_login(teacher)

    response = client.post(f"/classes/{classroom.pk}/restore/", follow=True)

    assert "“10B History” is back: its debates are as they were before you archived it." in words(response)
    settings = {map.title: (map.is_locked, map.voting_open) for map in Map.objects.filter(classroom=classroom)}
    assert settings == {
        class_map.title: (False, True),
        "Already locked": (True, True),
        "Voting closed": (False, False),
    }
    classroom.refresh_from_db()
    assert (classroom.status, classroom.joining_open, classroom.archived_at) == (ClassStatus.ACTIVE, True, None)
    assert list(ClassAuditEntry.objects.filter(classroom=classroom).values_list("action", flat=True)) == [
        ClassAction.RESTORE,
        ClassAction.ARCHIVE,
    ]


def test_a_class_closed_to_joining_stays_closed_when_restored(teacher, classroom):
    joining_set(classroom=classroom, by=teacher, open=False)
    classroom_archive(classroom=classroom, by=teacher)
    assert classroom_restore(classroom=classroom, by=teacher).joining_open is False


def test_the_restored_class_is_back_in_its_pupils_lists(client, teacher, classroom, class_map, student):
    classroom_archive(classroom=classroom, by=teacher)
    classroom_restore(classroom=classroom, by=teacher)
    client.force_login(student)
    assert "10B History" in words(client.get("/classes/"))
    assert class_map.title in words(client.get("/"))


def test_it_refuses_to_archive_twice_or_restore_an_active_class(client, teacher, classroom):
    client.force_login(teacher)
    assert "This class is not archived." in words(client.post(f"/classes/{classroom.pk}/restore/", follow=True))
    client.post(f"/classes/{classroom.pk}/archive/")
    response = client.post(f"/api/classes/{classroom.pk}/archive/")
    assert response.status_code == 400
    assert response.json() == {"classroom": ["This class is already archived."]}
