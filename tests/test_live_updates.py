"""Live updates: pages carry an ETag built from the map's revision; an unchanged map answers 304."""

from __future__ import annotations

import html
import json
import re

from argmap.classrooms.models import Membership, Role
from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast
from tests.helpers import add_student


def live_url(map) -> str:
    return f"/maps/{map.slug}/live/"


def test_a_polled_unchanged_map_answers_304_after_reading_only_the_revision_and_the_role(
    client, class_map, student, django_assert_max_num_queries
):
    client.force_login(student)
    first = client.get(live_url(class_map))
    assert first.status_code == 200
    etag = first["ETag"]
    assert "no-store" in first["Cache-Control"]
    # Session, user, the map's revision, the person's membership: nothing about nodes or votes.
    with django_assert_max_num_queries(4):
        again = client.get(live_url(class_map), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_map_page_itself_answers_304_when_nothing_changed(client, class_map, student):
    client.force_login(student)
    page = client.get(f"/maps/{class_map.slug}/")
    assert "private" in page["Cache-Control"]
    assert "no-cache" in page["Cache-Control"]
    assert client.get(f"/maps/{class_map.slug}/", headers={"If-None-Match": page["ETag"]}).status_code == 304


def test_a_new_contribution_changes_the_etag_and_the_update_carries_it(
    client, class_map, measure, student, second_student
):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="The soil blew away."
    )
    # The page has this measure's arguments open (its poller names the open measures).
    response = client.get(f"{live_url(class_map)}?open={measure.pk}", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    body = response.content.decode()
    assert "The soil blew away." in body
    for part in (f"arguments-{measure.pk}", f"counts-{measure.pk}"):
        assert re.search(rf'<\w+ hx-swap-oob="true"[^>]* id="{part}"', body), f"{part} is not swapped in"
    # The poller comes back carrying the new ETag, so its next request can be answered 304.
    headers = re.search(r"id=\"live-poller\".*?hx-headers='([^']*)'", body, re.S).group(1)
    assert json.loads(html.unescape(headers)) == {"If-None-Match": response["ETag"]}


def test_a_vote_changes_the_count_that_classmates_see(client, class_map, measure, student, second_student):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    vote_cast(voter=second_student, measure=measure, score=4)
    body = client.get(live_url(class_map), headers={"If-None-Match": etag}).content.decode()
    summary = body.split(f'id="vote-summary-{measure.pk}"')[1].split("</div>")[0]
    assert "<strong>1</strong> vote before the debate" in summary


def test_each_person_gets_their_own_etag(client, class_map, student, second_student):
    client.force_login(student)
    mine = client.get(live_url(class_map))["ETag"]
    client.force_login(second_student)
    assert client.get(live_url(class_map), headers={"If-None-Match": mine}).status_code == 200


def test_an_etag_never_confirms_a_class_map_to_outsiders(client, class_map, student, outsider):
    client.force_login(student)
    etag = client.get(live_url(class_map))["ETag"]
    client.force_login(outsider)
    assert client.get(live_url(class_map), headers={"If-None-Match": etag}).status_code == 404
    client.logout()
    assert client.get(live_url(class_map), headers={"If-None-Match": etag}).status_code == 404


def _grow_class(class_map, measure, count: int, start: int) -> None:
    for index in range(start, start + count):
        person = add_student(class_map.classroom, f"Student {index}", f"student-{index}")
        contribution_create(
            author=person, target=measure, kind="claim", relation="opposes", text=f"Point {index}", post_anyway=True
        )
        vote_cast(voter=person, measure=measure, score=1 + index % 5)


def test_the_map_and_results_pages_keep_a_fixed_number_of_queries_as_the_class_grows(
    client, class_map, measure, teacher, django_assert_max_num_queries
):
    client.force_login(teacher)
    _grow_class(class_map, measure, 2, 0)
    for url in (f"/maps/{class_map.slug}/?open=all", f"/maps/{class_map.slug}/results/"):
        with django_assert_max_num_queries(12) as small:
            assert client.get(url).status_code == 200
        small_count = len(small)
        _grow_class(class_map, measure, 10, 100 if "results" not in url else 200)
        with django_assert_max_num_queries(small_count):
            assert client.get(url).status_code == 200
    assert Membership.objects.filter(classroom=class_map.classroom, role=Role.STUDENT).count() == 22
