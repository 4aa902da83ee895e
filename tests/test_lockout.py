"""One lockout policy for every door (django-axes): five wrong passwords lock that account from that address, on the
sign-in page, the admin's sign-in and HTTP Basic alike; classmates behind the same address sign in as before; the
message says when to try again; the teacher unlocks a pupil; wrong join codes are limited per address."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client

from argmap.classrooms.models import Membership
from tests.helpers import words

SCHOOL = "203.0.113.9"  # one school's address: every pupil's requests come from it
HOME = "198.51.100.7"
LOCKED = "Too many wrong passwords for this account. Try again in 15 minutes, or ask your teacher to unlock it."
WRONG_CODES = "Too many wrong class codes from here. Try again in 15 minutes, or ask your teacher to check the code."
ROOT = Path(__file__).resolve().parent.parent


def sign_in(client: Client, username: str, password: str, address: str = SCHOOL, **headers: str):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def api_get(client: Client, username: str, password: str, address: str = SCHOOL):
    return client.get("/api/classes/", HTTP_AUTHORIZATION=basic(username, password), REMOTE_ADDR=address)


def lock_out(client: Client, username: str, address: str = SCHOOL) -> None:
    for _ in range(4):
        assert sign_in(client, username, "wrong-guess", address).status_code == 200
    assert sign_in(client, username, "wrong-guess", address).status_code == 429


def test_five_wrong_passwords_lock_that_account_from_that_address_with_a_message(client, student):
    for _ in range(4):
        response = sign_in(client, "sam", "wrong-guess")
        assert response.status_code == 200
        assert "That username and password don't match." in words(response)
    fifth = sign_in(client, "sam", "wrong-guess")
    assert fifth.status_code == 429
    assert LOCKED in words(fifth)
    assert int(fifth["Retry-After"]) > 14 * 60

    right = sign_in(client, "sam", "learn-pass-1")
    assert right.status_code == 429
    assert LOCKED in words(right)
    assert "don't match" not in words(right)  # the password was right: the page says only why it waits
    assert 'value="sam"' in right.content.decode()  # the form is there again, with the name filled in
    assert "_auth_user_id" not in client.session


def test_a_classmate_at_the_same_school_address_still_signs_in(client, student, second_student):
    lock_out(client, "sam")
    classmate = Client()
    response = sign_in(classmate, "alex", "learn-pass-1")
    assert response.status_code == 302
    assert int(classmate.session["_auth_user_id"]) == second_student.pk


def test_the_locked_account_still_signs_in_from_another_address(client, student):
    lock_out(client, "sam")
    assert sign_in(Client(), "sam", "learn-pass-1", address=HOME).status_code == 302


def test_a_right_password_before_the_limit_forgets_the_wrong_ones(client, student):
    for _ in range(4):
        sign_in(client, "sam", "wrong-guess")
    assert sign_in(client, "sam", "learn-pass-1").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "sam", "wrong-guess").status_code == 200


def test_an_account_that_does_not_exist_locks_with_the_same_words(client, db):
    lock_out(client, "nobody-here")
    assert LOCKED in words(sign_in(client, "nobody-here", "anything"))


def test_a_made_up_forwarded_address_does_not_get_round_the_lock(client, student):
    lock_out(client, "sam")
    response = sign_in(client, "sam", "learn-pass-1", HTTP_X_FORWARDED_FOR=HOME)
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_pupil_is_counted_at_their_own_address(client, settings, student):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        sign_in(client, "sam", "wrong-guess", proxy, HTTP_X_FORWARDED_FOR=f"{HOME}, {SCHOOL}")
    # The proxy appended the address it saw (SCHOOL); what the client wrote before it (HOME) proves nothing.
    assert AccessAttempt.objects.get().ip_address == SCHOOL
    assert sign_in(Client(), "sam", "learn-pass-1", proxy, HTTP_X_FORWARDED_FOR=SCHOOL).status_code == 429
    elsewhere = sign_in(Client(), "sam", "learn-pass-1", proxy, HTTP_X_FORWARDED_FOR=HOME)
    assert elsewhere.status_code == 302


def test_the_admin_sign_in_is_counted_and_locked_too(client, admin):
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR=SCHOOL)
        assert response.status_code == 200
    fifth = client.post("/admin/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR=SCHOOL)
    assert fifth.status_code == 429
    assert LOCKED in words(fifth)
    response = client.post("/admin/login/", {"username": "ada", "password": "curate-pass-1"}, REMOTE_ADDR=SCHOOL)
    assert response.status_code == 429
    assert LOCKED in words(response)
    assert "_auth_user_id" not in client.session


def test_http_basic_is_counted_and_locked_with_a_json_message(client, student, second_student):
    for _ in range(4):
        response = api_get(client, "sam", "wrong-guess")
        assert response.status_code in (401, 403)
    fifth = api_get(client, "sam", "wrong-guess")
    assert fifth.status_code == 429
    assert fifth.json() == {"detail": LOCKED}
    assert int(fifth["Retry-After"]) > 14 * 60
    assert api_get(client, "sam", "learn-pass-1").json() == {"detail": LOCKED}
    assert api_get(client, "alex", "learn-pass-1").status_code == 200


def test_the_page_and_http_basic_share_one_count(client, student):
    for _ in range(3):
        sign_in(client, "sam", "wrong-guess")
    api_get(client, "sam", "wrong-guess")
    assert api_get(client, "sam", "wrong-guess").status_code == 429
    assert sign_in(client, "sam", "learn-pass-1").status_code == 429


def test_a_body_django_cannot_read_does_not_get_round_the_count(client, student):
    for _ in range(5):
        client.post(
            "/api/classes/",
            b"--x\r\nnot a multipart body",
            content_type="multipart/form-data; boundary=x",
            HTTP_AUTHORIZATION=basic("sam", "wrong-guess"),
            REMOTE_ADDR=SCHOOL,
        )
    assert api_get(client, "sam", "learn-pass-1").status_code == 429


def test_the_teacher_sees_who_is_locked_out_and_unlocks_them(client, teacher, classroom, student, second_student):
    lock_out(Client(), "sam")
    client.force_login(teacher)
    page = words(client.get(f"/classes/{classroom.pk}/"))
    assert "Sam K sam" in page
    assert "Locked out by wrong passwords · Unlock Sam K" in page
    assert "Unlock Alex P" not in page

    response = client.post(f"/classes/{classroom.pk}/students/{student.pk}/unlock/", follow=True)
    assert "Sam K can sign in again now, with the same password." in words(response)
    assert "Locked out" not in words(response)
    assert sign_in(Client(), "sam", "learn-pass-1").status_code == 302


def test_the_teacher_unlocks_through_the_api(client, teacher, classroom, student):
    lock_out(Client(), "sam")
    client.force_login(teacher)
    response = client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/unlock/")
    assert response.status_code == 200
    assert response.json() == {"name": "Sam K", "username": "sam", "locked_out": False}
    assert not AccessAttempt.objects.filter(username="sam").exists()
    assert sign_in(Client(), "sam", "learn-pass-1").status_code == 302


def test_nobody_else_unlocks_a_pupil(client, other_teacher, classroom, student, second_student, outsider):
    lock_out(Client(), "sam")
    for person in (other_teacher, second_student):
        client.force_login(person)
        assert client.post(f"/classes/{classroom.pk}/students/{student.pk}/unlock/").status_code == 404
        assert client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/unlock/").status_code == 404
    client.force_login(classroom.teacher)
    assert client.post(f"/api/classes/{classroom.pk}/students/{outsider.pk}/unlock/").status_code == 404
    assert client.get(f"/classes/{classroom.pk}/students/{student.pk}/unlock/").status_code == 405
    assert AccessAttempt.objects.filter(username="sam").exists()


def join_form(code: str, name: str = "Kim T") -> dict[str, str]:
    return {"join_code": code, "display_name": name, "password1": "Volgograd-61", "password2": "Volgograd-61"}


def test_wrong_join_codes_from_one_address_are_limited_with_a_message(client, settings, classroom):
    settings.LOCKOUT_JOIN_FAILURES = 3
    for code in ("ZZZZZZ", "ZZZZZY"):
        assert client.post("/join/", join_form(code), REMOTE_ADDR=SCHOOL).status_code == 422
    third = client.post("/join/", join_form("ZZZZZX"), REMOTE_ADDR=SCHOOL)
    assert third.status_code == 429
    assert WRONG_CODES in words(third)
    assert 'value="Kim T"' in third.content.decode()

    right = client.post("/join/", join_form(classroom.join_code), REMOTE_ADDR=SCHOOL)
    assert right.status_code == 429
    api = client.post(
        "/api/join/",
        {"join_code": classroom.join_code, "display_name": "Kim T", "password": "Volgograd-61"},
        content_type="application/json",
        REMOTE_ADDR=SCHOOL,
    )
    assert api.status_code == 429
    assert api.json() == {"detail": WRONG_CODES}
    assert not Membership.objects.filter(user__display_name="Kim T").exists()

    assert client.post("/join/", join_form(classroom.join_code), REMOTE_ADDR=HOME).status_code == 302


def test_wrong_join_codes_through_the_api_count_too_and_sign_ins_are_not_touched(client, settings, student):
    settings.LOCKOUT_JOIN_FAILURES = 2
    data = {"join_code": "ZZZZZZ", "display_name": "Guess", "password": "Volgograd-61"}
    assert client.post("/api/join/", data, content_type="application/json", REMOTE_ADDR=SCHOOL).status_code == 400
    refused = client.post("/api/join/", data, content_type="application/json", REMOTE_ADDR=SCHOOL)
    assert refused.status_code == 429
    assert refused.json() == {"detail": WRONG_CODES}
    assert sign_in(Client(), "sam", "learn-pass-1").status_code == 302


def test_a_weak_password_or_a_taken_name_when_joining_does_not_count(client, settings, classroom, student):
    settings.LOCKOUT_JOIN_FAILURES = 2
    for _ in range(3):
        weak = {**join_form(classroom.join_code), "password1": "password", "password2": "password"}
        assert client.post("/join/", weak, REMOTE_ADDR=SCHOOL).status_code == 422
        assert client.post("/join/", join_form(classroom.join_code, "Sam K"), REMOTE_ADDR=SCHOOL).status_code == 422
    assert client.post("/join/", join_form(classroom.join_code), REMOTE_ADDR=SCHOOL).status_code == 302


def test_a_join_form_password_is_never_kept_with_the_failure(client, classroom):
    client.post("/join/", join_form("ZZZZZZ"), REMOTE_ADDR=SCHOOL)
    assert "Volgograd-61" not in AccessAttempt.objects.get().post_data


def test_http_basic_is_off_in_production():
    environment = {
        **{key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}},
        "ARGMAP_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "argmap.example.org",
    }
    script = "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ApiTokenAuthentication" in result.stdout
    assert "Basic" not in result.stdout


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_trusted_proxies_must_be_a_whole_number(value):
    environment = {**os.environ, "TRUSTED_PROXIES": value}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be a whole number" in result.stderr
