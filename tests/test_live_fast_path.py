"""An unchanged live poll is answered from the cache (Redis in production) without touching the database.

Every poll that passes the full checks is remembered under its address and the browser's session; the next one
with the same ETag is a 304 for as long as the map's live token has not been renewed by a change.
"""

from __future__ import annotations

import pytest

from argmap.maps import live_tokens
from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast


@pytest.fixture(autouse=True)
def _tokens_in_cache(settings):
    """As with REDIS_URL set; the tests' cache is this process's own, which is all one test server needs."""
    settings.LIVE_TOKENS_IN_CACHE = True


def live_url(map) -> str:
    return f"/maps/{map.slug}/live/"


def test_an_unchanged_poll_is_answered_without_a_single_query(client, class_map, student, django_assert_num_queries):
    client.force_login(student)
    first = client.get(live_url(class_map))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(live_url(class_map), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "no-store" in again["Cache-Control"]


def test_a_change_renews_the_token_so_the_next_poll_brings_it(client, class_map, measure, student, second_student):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="The soil blew away."
    )
    changed = client.get(live_url(class_map), {"open": measure.pk}, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "The soil blew away." in changed.content.decode()
    vote_cast(voter=second_student, measure=measure, score=4)
    assert client.get(live_url(class_map), headers={"If-None-Match": changed["ETag"]}).status_code == 200


def test_the_token_is_renewed_again_when_the_change_commits(
    class_map, measure, second_student, django_capture_on_commit_callbacks
):
    before = live_tokens.token(class_map)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vote_cast(voter=second_student, measure=measure, score=2)
    during = live_tokens.token(type(class_map).objects.get(pk=class_map.pk))
    assert during != before
    for callback in callbacks:
        callback()
    after = live_tokens.token(type(class_map).objects.get(pk=class_map.pk))
    assert after not in (before, during)


def test_another_persons_session_with_the_same_etag_goes_through_the_checks(
    client, class_map, student, outsider, django_assert_max_num_queries
):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    client.force_login(outsider)
    answer = client.get(live_url(class_map), headers={"If-None-Match": etag})
    assert answer.status_code == 404  # not a 304: that would confirm the class's map exists


def test_signed_out_the_remembered_poll_no_longer_answers(client, class_map, student):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    client.logout()
    assert client.get(live_url(class_map), headers={"If-None-Match": etag}).status_code == 404


def test_the_teachers_counts_poll_is_answered_from_the_cache_too(client, class_map, teacher, django_assert_num_queries):
    client.force_login(teacher)
    url = f"/maps/{class_map.slug}/moderation/live/"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
