"""People's own accounts: a teacher signing up, signing in and out, a student joining a class with its code."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from argmap.classrooms.models import Membership, Role
from tests.helpers import words

GOOD_PASSWORD = "river-stone-42"


def _signed_in_user(client):
    """Who the client's session belongs to now, as the next request would see it."""
    return client.get("/join/").wsgi_request.user


def _signup_form(**overrides: str) -> dict[str, str]:
    return {
        "display_name": "Ms Lopez",
        "username": "ms-lopez",
        "email": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }


def _join_form(join_code: str, **overrides: str) -> dict[str, str]:
    return {
        "join_code": join_code,
        "display_name": "Lee M",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }


# Teacher sign-up


def test_the_sign_up_page_asks_for_a_name_a_username_and_a_password_twice(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    text = words(response)
    assert "Create a teacher account" in text
    for label in ("Your name, as students see it", "Username", "E-mail (optional)", "Password", "Password again"):
        assert label in text


def test_a_teacher_signs_up_is_signed_in_and_is_sent_to_create_a_class(client, db):
    response = client.post("/accounts/signup/", _signup_form(email=" lopez@example.org "), follow=True)
    assert response.redirect_chain == [("/classes/new/", 302)]
    assert "Welcome, Ms Lopez. Create your first class to get its join code." in words(response)
    teacher = get_user_model().objects.get(username="ms-lopez")
    assert teacher.is_teacher
    assert not teacher.is_staff
    assert teacher.display_name == "Ms Lopez"
    assert teacher.email == "lopez@example.org"
    assert teacher.check_password(GOOD_PASSWORD)
    assert _signed_in_user(client) == teacher


def test_it_refuses_a_username_already_taken_whatever_its_case(client, teacher):
    users_before = get_user_model().objects.count()
    response = client.post("/accounts/signup/", _signup_form(username="MS-Rivera"))
    assert response.status_code == 422
    assert "That username is taken. Try another." in words(response)
    assert get_user_model().objects.count() == users_before
    assert isinstance(_signed_in_user(client), AnonymousUser)


def test_it_refuses_two_different_passwords(client, db):
    response = client.post("/accounts/signup/", _signup_form(password2="river-stone-43"))
    assert response.status_code == 422
    assert "The two passwords are different. Type the same one twice." in words(response)
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("12345678", ["This password is too common.", "This password is entirely numeric."]),
        ("k7q2", ["This password is too short. It must contain at least 8 characters."]),
        ("ms-lopez1", ["The password is too similar to the username."]),
    ],
)
def test_it_refuses_a_weak_password_and_says_why(client, db, password, messages):
    response = client.post("/accounts/signup/", _signup_form(password1=password, password2=password))
    assert response.status_code == 422
    text = words(response)
    for message in messages:
        assert message in text
    assert not get_user_model().objects.exists()


def test_it_says_what_is_missing_when_the_form_is_sent_empty(client, db):
    # A browser sends every field, empty or not.
    empty = dict.fromkeys(_signup_form(), "")
    response = client.post("/accounts/signup/", empty)
    assert response.status_code == 422
    text = words(response)
    for message in (
        "Write the name your students know you by.",
        "Choose a username to sign in with.",
        "Choose a password.",
        "Type the password again, to be sure.",
    ):
        assert message in text
    assert not get_user_model().objects.exists()


def test_it_refuses_to_sign_up_with_the_wrong_method(client, db):
    response = client.put("/accounts/signup/")
    assert response.status_code == 405
    assert not get_user_model().objects.exists()


# Signing in and out


def test_a_person_signs_in_with_the_right_password_and_lands_on_their_classes(client, teacher):
    response = client.post("/accounts/login/", {"username": "ms-rivera", "password": "teach-pass-1"})
    assert response.status_code == 302
    assert response["Location"] == "/classes/"
    assert _signed_in_user(client) == teacher


def test_a_wrong_password_shows_the_friendly_message_and_signs_no_one_in(client, teacher):
    response = client.post("/accounts/login/", {"username": "ms-rivera", "password": "not-my-password"})
    assert response.status_code == 200
    assert "That username and password don't match. Check them, or ask your teacher to reset your password." in words(
        response
    )
    assert isinstance(_signed_in_user(client), AnonymousUser)


def test_signing_out_is_a_post_that_ends_the_session(client, student):
    client.force_login(student)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert isinstance(_signed_in_user(client), AnonymousUser)


def test_it_refuses_to_sign_out_on_a_get_and_the_person_stays_signed_in(client, student):
    client.force_login(student)
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert _signed_in_user(client) == student


def test_every_page_offers_a_sign_out_button_that_posts(client, student):
    client.force_login(student)
    body = client.get("/classes/").content.decode()
    assert '<form class="nav-form" method="post" action="/accounts/logout/">' in body


# A student joining a class with its code


def test_the_join_page_fills_in_the_code_from_the_link(client, classroom):
    response = client.get("/join/", {"code": classroom.join_code})
    assert response.status_code == 200
    assert f'value="{classroom.join_code}"' in response.content.decode()
    assert "No e-mail needed." in words(response)


def test_a_student_joins_with_the_code_and_sees_the_name_to_sign_in_with(client, classroom):
    response = client.post("/join/", _join_form(classroom.join_code), follow=True)
    assert response.redirect_chain == [("/join/welcome/", 302)]
    joined = get_user_model().objects.get(display_name="Lee M")
    assert joined.email == ""
    assert not joined.is_teacher
    assert joined.check_password(GOOD_PASSWORD)
    assert Membership.objects.filter(classroom=classroom, user=joined, role=Role.STUDENT).exists()
    text = words(response)
    assert "You're in, Lee M" in text
    assert f"Next time, sign in with this name and the password you chose: {joined.username}" in text
    assert joined.username.startswith("lee-m-")
    assert _signed_in_user(client) == joined


def test_the_welcome_page_is_shown_once(client, classroom):
    client.post("/join/", _join_form(classroom.join_code), follow=True)
    again = client.get("/join/welcome/")
    assert again.status_code == 302
    assert again["Location"] == "/classes/"


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code.lower(), id="lower-case"),
        pytest.param(lambda code: f"  {code[:3]} {code[3:]}  ", id="spaced"),
        pytest.param(lambda code: f"{code[:3]}-{code[3:]}".lower(), id="dashed-lower-case"),
    ],
)
def test_a_code_typed_in_lower_case_or_with_spaces_still_works(client, classroom, typed):
    response = client.post("/join/", _join_form(typed(classroom.join_code)))
    assert response.status_code == 302
    assert response["Location"] == "/join/welcome/"
    joined = get_user_model().objects.get(display_name="Lee M")
    assert Membership.objects.filter(classroom=classroom, user=joined, role=Role.STUDENT).exists()


def _assert_nothing_saved(client, *, users_before: int, memberships_before: int) -> None:
    assert get_user_model().objects.count() == users_before
    assert Membership.objects.count() == memberships_before
    assert isinstance(_signed_in_user(client), AnonymousUser)


def test_it_refuses_a_code_no_class_has(client, classroom):
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    # O is never in a join code, so no class can have this one.
    response = client.post("/join/", _join_form("OOOOOO"))
    assert response.status_code == 422
    assert "No class has that code. Check it with your teacher." in words(response)
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_it_refuses_to_join_a_class_that_is_not_taking_students(client, classroom):
    classroom.joining_open = False
    classroom.save(update_fields=["joining_open"])
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.post("/join/", _join_form(classroom.join_code))
    assert response.status_code == 422
    assert "This class is not taking new students. Ask your teacher." in words(response)
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_it_refuses_a_name_someone_in_the_class_already_has(client, student):
    classroom = student.memberships.get().classroom
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.post("/join/", _join_form(classroom.join_code, display_name="  sam   k "))
    assert response.status_code == 422
    assert "Someone in this class is already called “sam k”. Add an initial." in words(response)
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_the_same_name_is_fine_in_another_class(client, student, other_classroom):
    response = client.post("/join/", _join_form(other_classroom.join_code, display_name="Sam K"))
    assert response.status_code == 302
    assert Membership.objects.filter(classroom=other_classroom, user__display_name="Sam K").count() == 1


def test_it_says_what_is_missing_when_the_join_form_is_empty(client, classroom):
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.post("/join/", {"join_code": " ", "display_name": "   ", "password1": "", "password2": ""})
    assert response.status_code == 422
    text = words(response)
    for message in (
        "Type the class code your teacher gave you.",
        "Write your name, so your teacher knows who you are.",
        "Choose a password.",
        "Type the password again, to be sure.",
    ):
        assert message in text
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_it_refuses_two_different_passwords_when_joining(client, classroom):
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.post("/join/", _join_form(classroom.join_code, password2="river-stone-43"))
    assert response.status_code == 422
    assert "The two passwords are different. Type the same one twice." in words(response)
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_it_refuses_a_weak_password_when_joining(client, classroom):
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.post("/join/", _join_form(classroom.join_code, password1="password", password2="password"))
    assert response.status_code == 422
    assert "This password is too common." in words(response)
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)


def test_it_refuses_to_join_with_the_wrong_method(client, classroom):
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client.put("/join/")
    assert response.status_code == 405
    _assert_nothing_saved(client, users_before=users_before, memberships_before=memberships_before)
