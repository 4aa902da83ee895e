"""A teacher opens and closes joining for a class, on the class page and through the API."""

from __future__ import annotations

import pytest

from argmap.classrooms.models import Classroom

JSON = "application/json"


def _joining_open(classroom: Classroom) -> bool:
    return Classroom.objects.get(pk=classroom.pk).joining_open


def test_the_teacher_closes_joining_and_a_new_student_is_turned_away(client, classroom, teacher):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/joining/", {"open": "0"}, follow=True)
    assert "Joining is closed" in response.content.decode()
    assert not _joining_open(classroom)
    client.logout()
    joined = client.post(
        "/join/",
        {
            "join_code": classroom.join_code,
            "display_name": "Late Lou",
            "password1": "a-long-pass-9",
            "password2": "a-long-pass-9",
        },
    )
    assert "This class is not taking new students" in joined.content.decode()


def test_the_teacher_opens_joining_again(client, classroom, teacher):
    Classroom.objects.filter(pk=classroom.pk).update(joining_open=False)
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/joining/", {"open": "1"}, follow=True)
    assert f"Students can join again with the code {classroom.join_code}" in response.content.decode()
    assert _joining_open(classroom)


def test_the_api_closes_and_reports_joining(client, classroom, teacher):
    client.force_login(teacher)
    response = client.post(f"/api/classes/{classroom.pk}/joining/", {"open": False}, content_type=JSON)
    assert response.json() == {"open": False}
    assert client.get(f"/api/classes/{classroom.pk}/").json()["joining_open"] is False


@pytest.mark.parametrize("who", ["student", "other_teacher"])
def test_nobody_else_may_change_joining(client, classroom, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/classes/{classroom.pk}/joining/", {"open": "0"}).status_code in (403, 404)
    assert client.post(f"/api/classes/{classroom.pk}/joining/", {"open": False}, content_type=JSON).status_code in (
        403,
        404,
    )
    assert _joining_open(classroom)
