"""A public map's page is rendered once per change for all signed-out visitors; each gets their own CSRF token."""

from __future__ import annotations

import re

from argmap.curation.services import node_curate
from argmap.debate.page_cache import PLACEHOLDER


def csrf_in(page) -> str:
    return re.search(r'"x-csrftoken": "([^"]+)"', page.content.decode()).group(1)


def test_a_second_visitor_gets_the_kept_page_without_the_map_being_read_again(
    client, essay_map, django_assert_max_num_queries
):
    first = client.get(f"/maps/{essay_map.slug}/")
    assert first.status_code == 200
    other = client.__class__()
    with django_assert_max_num_queries(1):  # the map's row, for its token and who may see it
        second = other.get(f"/maps/{essay_map.slug}/")
    assert second.status_code == 200
    body = second.content.decode()
    assert PLACEHOLDER not in body
    assert "Virgin Lands" in body
    assert csrf_in(second) != csrf_in(first)  # each visitor's own token, as on any page
    assert second.cookies["csrftoken"].value


def test_signed_in_people_never_get_a_visitors_page(client, essay_map, student):
    client.get(f"/maps/{essay_map.slug}/")
    client.force_login(student)
    page = client.get(f"/maps/{essay_map.slug}/").content.decode()
    assert "Sign out" in page
    assert "Sign in" not in page.split("<main", 1)[0]


def test_a_curators_verdict_shows_to_the_next_visitor_at_once(client, essay_map, admin):
    claim = essay_map.nodes.filter(kind="evidence", curation_status="unverified").first()
    client.get(f"/maps/{essay_map.slug}/?open=all")
    node_curate(node=claim, by=admin, status="disputed", note="Historians now give a lower figure for this.")
    page = client.__class__().get(f"/maps/{essay_map.slug}/?open=all").content.decode()
    assert "Historians now give a lower figure for this." in page
