"""API tokens: a teacher makes, names and revokes them on /accounts/tokens/; the secret is shown once and never
kept; a revoked token stays listed and stops working; pupils have none."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from argmap.accounts.models import ApiToken
from argmap.accounts.tokens import MAX_TOKENS_IN_USE
from tests.helpers import words


def make(client: Client, name: str):
    return client.post("/accounts/tokens/", {"name": name})


def secret_in(response) -> str:
    found = re.search(r'<code class="token-secret">(argmap_[0-9a-f]{64})</code>', response.content.decode())
    assert found, "the new token is not on the page"
    return found.group(1)


def token_client(secret: str) -> Client:
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {secret}")


def test_a_teacher_makes_a_named_token_and_sees_it_once(client, teacher):
    client.force_login(teacher)
    response = make(client, "Marking script")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = secret_in(response)
    text = words(response)
    assert "Your new token “Marking script”" in text
    assert "Copy it now: it is not shown again." in text
    assert f"Marking script starts {secret[:15]}…" in text
    assert "In use · Revoke" in text

    again = client.get("/accounts/tokens/")
    assert "no-store" in again["Cache-Control"]
    assert secret not in again.content.decode()
    assert f"Marking script starts {secret[:15]}…" in words(again)


def test_the_token_is_kept_only_as_a_digest(client, teacher):
    client.force_login(teacher)
    secret = secret_in(make(client, "Marking script"))
    token = ApiToken.objects.get()
    assert token.user == teacher
    assert token.name == "Marking script"
    assert secret not in (token.digest, token.token_key)
    assert secret.startswith(token.token_key)


def test_a_script_uses_the_token_instead_of_a_password(client, teacher, classroom, class_map):
    client.force_login(teacher)
    script = token_client(secret_in(make(client, "Marking script")))
    listed = script.get("/api/classes/")
    assert listed.status_code == 200
    assert [entry["name"] for entry in listed.json()["results"]] == ["10B History"]
    # A token is no cookie: the script writes without a CSRF token.
    created = script.post("/api/classes/", {"name": "11C History"}, content_type="application/json")
    assert created.status_code == 201


def test_a_revoked_token_stays_listed_and_stops_working(client, teacher, classroom):
    client.force_login(teacher)
    secret = secret_in(make(client, "Old script"))
    token = ApiToken.objects.get()
    response = client.post(f"/accounts/tokens/{token.token_key}/revoke/", follow=True)
    assert "Revoked “Old script”: scripts using it can no longer sign in." in words(response)
    assert re.search(r"Old script starts \S+ .* Revoked \d", words(response))
    assert "In use" not in words(response)

    refused = token_client(secret).get("/api/classes/")
    assert refused.status_code in (401, 403)
    assert refused.json() == {"detail": "This token has been revoked. Make a new one on your tokens page."}
    assert ApiToken.objects.get().revoked_at is not None


def test_a_wrong_token_is_refused(db):
    response = token_client("argmap_" + "0" * 64).get("/api/classes/")
    assert response.status_code in (401, 403)


def test_nobody_revokes_another_persons_token(client, teacher, other_teacher):
    client.force_login(teacher)
    make(client, "Marking script")
    token = ApiToken.objects.get()
    client.force_login(other_teacher)
    assert client.post(f"/accounts/tokens/{token.token_key}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{token.token_key}/revoke/").status_code == 405
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_has_tokens_too(client, admin):
    client.force_login(admin)
    assert client.get("/accounts/tokens/").status_code == 200
    secret_in(make(client, "Curation export"))


def test_a_pupil_has_no_tokens(client, student):
    client.force_login(student)
    response = client.get("/accounts/tokens/")
    assert response.status_code == 403
    assert "API tokens are for teachers and admins." in words(response)
    assert make(client, "Sneaky").status_code == 403
    assert not ApiToken.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Name the token after what will use it, like “Marking script”."),
        ("x" * 61, "Ensure this value has at most 60 characters (it has 61)."),
    ],
)
def test_a_token_needs_a_name(client, teacher, name, message):
    client.force_login(teacher)
    response = make(client, name)
    assert response.status_code == 422
    assert message in words(response)
    assert not ApiToken.objects.exists()


def test_two_tokens_in_use_have_different_names(client, teacher):
    client.force_login(teacher)
    make(client, "Marking script")
    response = make(client, "marking  SCRIPT")
    assert response.status_code == 422
    assert "A token in use is already called “marking SCRIPT”. Choose another name." in words(response)
    token = ApiToken.objects.get()
    client.post(f"/accounts/tokens/{token.token_key}/revoke/")
    assert make(client, "Marking script").status_code == 200  # the old one is revoked: the name is free again


def test_at_most_ten_tokens_are_in_use_at_once(client, teacher):
    client.force_login(teacher)
    for number in range(MAX_TOKENS_IN_USE):
        assert make(client, f"Script {number}").status_code == 200
    response = make(client, "One more")
    assert response.status_code == 422
    assert f"You have {MAX_TOKENS_IN_USE} tokens in use: revoke one you no longer need first." in words(response)
