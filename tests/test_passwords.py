"""Passwords: a teacher's reset is in the class's history and never cached, a person changes their own password,
and a pupil whose teacher reset it must choose their own before anything else."""

from __future__ import annotations

import pytest

from argmap.classrooms.models import ClassAction, ClassAuditEntry
from argmap.classrooms.services import student_password_reset
from tests.helpers import words

FIXTURE_PASSWORD = "learn-pass-1"
NEW_PASSWORD = "otter-lantern-91"


def _reset(client, teacher, classroom, student) -> str:
    """The teacher resets the student's password on the class page; the new password as the page shows it."""
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/")
    assert response.status_code == 200
    student.refresh_from_db()  # the new password's hash, so that signing in as them below holds
    return response.context["credentials"][0].password


def _signs_in_with(user, password: str) -> bool:
    user.refresh_from_db()
    return user.is_active and user.check_password(password)


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# Every reset is recorded, and shown to the teacher as the class's history


def test_a_reset_on_the_class_page_is_in_the_class_history(client, teacher, classroom, student):
    _reset(client, teacher, classroom, student)

    entry = ClassAuditEntry.objects.get(classroom=classroom)
    assert (entry.actor, entry.action, entry.subject) == (teacher, ClassAction.PASSWORD_RESET, student)
    page = words(client.get(f"/classes/{classroom.pk}/"))
    assert "History" in page
    assert "Ms Rivera gave Sam K a new password" in page


def test_a_reset_through_the_api_is_in_the_class_history_too(client, teacher, classroom, student):
    client.force_login(teacher)
    response = client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/password/")
    assert response.status_code == 200
    assert ClassAuditEntry.objects.filter(
        classroom=classroom, action=ClassAction.PASSWORD_RESET, subject=student, actor=teacher
    ).exists()


def test_a_refused_reset_leaves_no_history(client, other_teacher, classroom, student):
    client.force_login(other_teacher)
    assert client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/").status_code == 404
    assert not ClassAuditEntry.objects.exists()
    assert _signs_in_with(student, FIXTURE_PASSWORD)


def test_the_history_is_shown_only_to_those_who_run_the_class(client, teacher, classroom, student):
    credentials = student_password_reset(classroom=classroom, by=teacher, student=student)
    client.force_login(student)
    assert client.post("/accounts/password/", _change_form(credentials.password)).status_code == 302
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 200
    page = words(response)
    assert "10B History" in page
    assert "History When" not in page
    assert "Gave a new password" not in page


# Pages that show a password are never kept by a browser or a proxy


def test_the_new_password_page_is_not_stored_by_browsers_or_proxies(client, teacher, classroom, student):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/")
    assert response.status_code == 200
    assert _no_store(response)


def test_the_printable_sheet_of_first_passwords_is_not_stored_either(client, teacher, classroom):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Kim T\nLee W"})
    assert response.status_code == 200
    assert "Sign-in details" in words(response)
    assert _no_store(response)


def test_the_api_answers_holding_passwords_are_not_stored(client, teacher, classroom, student):
    client.force_login(teacher)
    reset = client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/password/")
    created = client.post(
        f"/api/classes/{classroom.pk}/students/", {"names": ["Kim T"]}, content_type="application/json"
    )
    assert (reset.status_code, created.status_code) == (200, 201)
    assert _no_store(reset)
    assert _no_store(created)


# A person changes their own password


def _change_form(old: str, new: str = NEW_PASSWORD, again: str | None = None) -> dict[str, str]:
    return {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}


def test_the_account_page_is_linked_from_the_header_and_links_the_password_page(client, student):
    client.force_login(student)
    header = client.get("/").content.decode()
    assert 'href="/accounts/"' in header
    page = client.get("/accounts/")
    assert page.status_code == 200
    assert "Your account" in words(page)
    assert 'href="/accounts/password/"' in page.content.decode()


def test_a_person_changes_their_own_password_and_stays_signed_in(client, student):
    client.force_login(student)
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert "Change your password" in words(page)

    response = client.post("/accounts/password/", _change_form(FIXTURE_PASSWORD), follow=True)

    assert response.redirect_chain[0] == ("/accounts/", 302)
    assert "Your new password is set." in words(response)
    assert _signs_in_with(student, NEW_PASSWORD)
    assert not _signs_in_with(student, FIXTURE_PASSWORD)
    assert client.get("/classes/").status_code == 200  # this session is still signed in


def test_a_teacher_changes_their_own_password_too(client, teacher):
    client.force_login(teacher)
    response = client.post("/accounts/password/", _change_form("teach-pass-1"))
    assert response.status_code == 302
    assert _signs_in_with(teacher, NEW_PASSWORD)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_change_form("not-my-password"), "That isn't your current password. Type the one you signed in with."),
        (_change_form(FIXTURE_PASSWORD, again="otter-lantern-92"), "The two passwords are different."),
        (_change_form(FIXTURE_PASSWORD, new="12345678"), "This password is entirely numeric."),
        (_change_form(FIXTURE_PASSWORD, new="short"), "This password is too short."),
    ],
)
def test_it_refuses_a_wrong_current_password_or_a_weak_new_one(client, student, form, message):
    client.force_login(student)
    response = client.post("/accounts/password/", form)
    assert response.status_code == 422
    assert message in words(response)
    assert _signs_in_with(student, FIXTURE_PASSWORD)


def test_changing_a_password_ends_the_other_sessions(client, student):
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(student)
    client.force_login(student)
    assert client.post("/accounts/password/", _change_form(FIXTURE_PASSWORD)).status_code == 302
    assert elsewhere.get("/classes/").status_code == 302  # sent to sign in again
    assert client.get("/classes/").status_code == 200


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# After a teacher's reset, the pupil chooses their own password before anything else


def test_after_a_reset_the_pupil_must_choose_a_new_password_before_anything_else(client, teacher, classroom, student):
    password = _reset(client, teacher, classroom, student)
    client.logout()

    response = client.post("/accounts/login/", {"username": student.username, "password": password}, follow=True)

    assert response.redirect_chain[-1] == ("/accounts/password/?next=%2Fclasses%2F", 302)
    assert "Choose your own password" in words(response)
    assert "Your teacher gave you a new password." in words(response)
    for page in ("/", f"/classes/{classroom.pk}/", "/accounts/my-data/"):
        assert client.get(page)["Location"].startswith("/accounts/password/")
    api = client.get("/api/classes/")
    assert api.status_code == 403
    assert "choose your own" in api.json()["detail"]


def test_the_pupil_cannot_keep_the_password_the_teacher_chose(client, teacher, classroom, student):
    password = _reset(client, teacher, classroom, student)
    client.force_login(student)
    response = client.post("/accounts/password/", _change_form(password, new=password))
    assert response.status_code == 422
    assert "Choose a password of your own, not the one your teacher gave you." in words(response)


def test_once_they_choose_one_they_go_where_they_were_going(client, teacher, classroom, student):
    password = _reset(client, teacher, classroom, student)
    client.force_login(student)

    form = _change_form(password) | {"next": f"/classes/{classroom.pk}/"}
    response = client.post("/accounts/password/", form, follow=True)

    assert response.redirect_chain == [(f"/classes/{classroom.pk}/", 302)]
    assert "10B History" in words(response)
    student.refresh_from_db()
    assert not student.must_change_password
    assert client.get("/api/classes/").status_code == 200


def test_it_never_sends_a_pupil_to_another_site_after_the_change(client, teacher, classroom, student):
    password = _reset(client, teacher, classroom, student)
    client.force_login(student)
    response = client.post("/accounts/password/", _change_form(password) | {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/"


def test_a_pupil_who_must_change_their_password_can_still_sign_out(client, teacher, classroom, student):
    _reset(client, teacher, classroom, student)
    client.force_login(student)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not response["Location"].startswith("/accounts/password/")


def test_an_htmx_request_is_sent_to_the_password_page_as_a_whole_page(client, teacher, classroom, student):
    _reset(client, teacher, classroom, student)
    client.force_login(student)
    response = client.get("/classes/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/accounts/password/")


def test_the_teacher_is_told_the_pupil_will_choose_their_own(client, teacher, classroom, student):
    client.force_login(teacher)
    page = words(client.get(f"/classes/{classroom.pk}/"))
    assert "they choose their own when they next sign in" in page
