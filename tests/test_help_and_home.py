"""The home page's two starts for visitors, and the help page that explains argument strength in plain words."""

from __future__ import annotations

import pytest

from argmap.maps.graph import BASE_SCORES
from tests.helpers import words

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_two_starts_on_the_home_page(client, essay_map):
    page = client.get("/").content.decode()
    text = words(page)
    assert "I'm a student" in text
    assert "I'm a teacher" in text
    assert 'action="/join/"' in page
    assert 'method="get"' in page
    assert 'name="code"' in page
    assert 'href="/accounts/signup/"' in page
    assert "Create a teacher account" in text
    assert "Khrushchev and destalinisation" in text


def test_the_join_code_typed_on_the_home_page_is_filled_in_on_the_join_page(client, classroom):
    page = client.get("/join/", {"code": classroom.join_code}).content.decode()
    assert f'value="{classroom.join_code}"' in page


def test_a_signed_in_person_sees_the_maps_without_the_starts(client, student, essay_map):
    client.force_login(student)
    text = words(client.get("/"))
    assert "I'm a teacher" not in text
    assert "Create a teacher account" not in text
    assert "Khrushchev and destalinisation" in text


def test_the_help_page_explains_argument_strength_in_plain_words(client):
    response = client.get("/help/")
    assert response.status_code == 200
    text = words(response)
    assert "Argument strength is how well the arguments under a statement hold up." in text
    # The starting scores come from the one place they live.
    for status in ("unverified", "verified", "disputed"):
        assert f"{round(BASE_SCORES[status] * 100)}%" in text
    assert "A measure starts at 50%. It has one supporter at 50% and no counterclaims" in text
    assert "it ends at 75%" in text


def test_the_map_and_the_results_explain_strength_and_link_to_the_details(client, student, class_map):
    client.force_login(student)
    for url in (f"/maps/{class_map.slug}/", f"/maps/{class_map.slug}/results/"):
        page = client.get(url).content.decode()
        assert "how well the arguments under it" in words(page)
        assert 'href="/help/#argument-strength"' in page
        assert "DF-QuAD" not in page
