"""The teacher's live view: the tools bar's counts and the queue's lists, polled with an ETag (304 when unchanged)."""

from __future__ import annotations

import html
import json
import re

import pytest

from argmap.maps.models import ModerationMode, Status
from argmap.maps.services import contribution_create
from argmap.moderation import selectors
from argmap.moderation.services import flag_raise, node_approve


def live_url(map, *, queue: bool = False) -> str:
    return f"/maps/{map.slug}/moderation/live/" + ("?queue=1" if queue else "")


@pytest.fixture
def pre_moderated(class_map):
    class_map.moderation_mode = ModerationMode.PRE
    class_map.save(update_fields=["moderation_mode"])
    return class_map


def _point(student, measure, text="The soil blew away within a few years."):
    return contribution_create(author=student, target=measure, kind="claim", relation="opposes", text=text)


def _headers_of(body: str, element_id: str) -> dict:
    found = re.search(rf"id=\"{element_id}\".*?hx-headers='([^']*)'", body, re.S)
    return json.loads(html.unescape(found.group(1)))


def test_an_unchanged_poll_answers_304_without_reading_the_queue(
    client, pre_moderated, teacher, django_assert_max_num_queries
):
    client.force_login(teacher)
    for queue in (False, True):
        first = client.get(live_url(pre_moderated, queue=queue))
        assert first.status_code == 200
        assert "no-store" in first["Cache-Control"]
        # Session, user, the map's revision, the teacher's membership: nothing about statements or flags.
        with django_assert_max_num_queries(4):
            again = client.get(live_url(pre_moderated, queue=queue), headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""


def test_the_counts_rise_when_a_student_adds_a_waiting_point_and_when_a_point_is_flagged(
    client, pre_moderated, measure, teacher, student, second_student
):
    client.force_login(teacher)
    first = client.get(live_url(pre_moderated))
    assert "waiting" not in first.content.decode()

    point = _point(student, measure)
    assert point.status == Status.PENDING
    counted = client.get(live_url(pre_moderated), headers={"If-None-Match": first["ETag"]})
    assert counted.status_code == 200
    assert counted["ETag"] != first["ETag"]
    assert "1 waiting" in counted.content.decode()
    # The bar comes back carrying the new ETag, so its next poll can be answered 304.
    assert _headers_of(counted.content.decode(), "teacher-counts") == {"If-None-Match": counted["ETag"]}
    assert 'data-total="1"' in counted.content.decode()

    node_approve(node=point, by=teacher)
    point.refresh_from_db()
    flag_raise(node=point, by=second_student, reason="unkind")
    flagged = client.get(live_url(pre_moderated), headers={"If-None-Match": counted["ETag"]})
    body = flagged.content.decode()
    assert flagged.status_code == 200
    assert "waiting" not in body
    assert "1 flagged" in body


def test_the_queue_poll_carries_new_items_and_leaves_out_handled_ones(client, pre_moderated, measure, teacher, student):
    client.force_login(teacher)
    first = _point(student, measure, "Thousands came home from the camps.")
    second = _point(student, measure, "The secret speech stayed secret at home.")
    body = client.get(live_url(pre_moderated, queue=True)).content.decode()
    assert f'id="queue-{first.pk}"' in body
    assert f'id="queue-{second.pk}"' in body
    assert 'id="queue-pending" data-size="2"' in body

    node_approve(node=first, by=teacher)
    body = client.get(live_url(pre_moderated, queue=True)).content.decode()
    assert f'id="queue-{first.pk}"' not in body
    assert f'id="queue-{second.pk}"' in body
    assert 'id="queue-pending" data-size="1"' in body


@pytest.mark.parametrize("person", ["student", "outsider", "other_teacher"])
def test_anyone_who_does_not_moderate_the_map_finds_no_poll(client, pre_moderated, person, request):
    client.force_login(request.getfixturevalue(person))
    for queue in (False, True):
        assert client.get(live_url(pre_moderated, queue=queue)).status_code == 404
        # Not even a 304 with a guessed ETag: it would confirm that the map exists.
        assert client.get(live_url(pre_moderated, queue=queue), headers={"If-None-Match": "*"}).status_code == 404


def test_a_visitor_finds_no_poll(client, pre_moderated):
    assert client.get(live_url(pre_moderated)).status_code == 404


def test_every_teacher_page_shows_the_counts_in_the_tools_bar(client, pre_moderated, measure, teacher, student):
    _point(student, measure)
    client.force_login(teacher)
    for path in ("/", "/moderation/", "/settings/", "/audit/", "/participation/"):
        body = client.get(f"/maps/{pre_moderated.slug}{path}").content.decode()
        assert "1 waiting" in body, path
        assert "js/teacher-live" in body, path


def test_students_pages_carry_neither_the_counts_nor_the_teachers_script(client, pre_moderated, measure, student):
    _point(student, measure)
    client.force_login(student)
    body = client.get(f"/maps/{pre_moderated.slug}/").content.decode()
    assert "teacher-counts" not in body
    assert "teacher-live" not in body


def test_the_queue_counts_in_one_query(pre_moderated, measure, student, second_student, django_assert_num_queries):
    point = _point(student, measure)
    other = _point(second_student, measure, "Another waiting point about the farms.")
    node_approve(node=other, by=pre_moderated.owner)
    flag_raise(node=other, by=student, reason="unkind")
    with django_assert_num_queries(1):
        counts = selectors.queue_counts(map=pre_moderated)
    assert (counts.pending, counts.flagged, counts.total) == (1, 1, 2)
    assert point.status == Status.PENDING


def test_the_api_queue_gives_the_same_counts(client, pre_moderated, measure, teacher, student):
    _point(student, measure)
    client.force_login(teacher)
    answer = client.get(f"/api/maps/{pre_moderated.slug}/moderation/").json()
    assert answer["counts"] == {"pending": 1, "flagged": 0}
    assert [item["queue"] for item in answer["results"]] == ["pending"]


def test_a_queue_item_shows_the_source_and_curation_of_evidence(client, pre_moderated, measure, teacher, student):
    from argmap.maps.services import Citation

    contribution_create(
        author=student,
        target=measure,
        kind="evidence",
        relation="opposes",
        text="Harvests fell sharply in 1963.",
        citation=Citation(title="The Soviet Union since 1917", author="M. McCauley", year=1981),
    )
    client.force_login(teacher)
    body = client.get(f"/maps/{pre_moderated.slug}/moderation/").content.decode()
    assert "Source: M. McCauley, The Soviet Union since 1917, 1981" in body
    assert "Unreviewed" in body


def test_approve_all_waiting_posts_every_waiting_point_and_works_without_javascript(
    client, pre_moderated, measure, teacher, student
):
    texts = ("Thousands came home from the camps.", "Grain harvests fell in 1963.", "Poets read to stadium crowds.")
    points = [_point(student, measure, text) for text in texts]
    client.force_login(teacher)
    page = client.get(f"/maps/{pre_moderated.slug}/moderation/").content.decode()
    ids = re.findall(r'<input type="hidden" name="nodes" value="(\d+)" form="approve-all">', page)
    assert sorted(map(int, ids)) == sorted(point.pk for point in points)
    response = client.post(f"/maps/{pre_moderated.slug}/moderation/approve/", {"nodes": ids}, follow=True)
    assert "Approved 3 contributions." in response.content.decode()
    assert all(point.status == Status.VISIBLE for point in type(points[0]).objects.filter(pk__in=ids))


def test_an_in_place_approval_answers_with_a_list_item_whose_message_is_inside_it(
    client, pre_moderated, measure, teacher, student
):
    point = _point(student, measure)
    client.force_login(teacher)
    url = f"/maps/{pre_moderated.slug}/moderation/nodes/{point.pk}/approve/"
    body = client.post(url, headers={"HX-Request": "true", "HX-Target": f"queue-{point.pk}"}).content.decode()
    assert re.search(r'^<li class="queue-item card done"[^>]*><p role="status">', body.strip())
    # Approved meanwhile in another window: the refusal is still a list item of its own.
    again = client.post(url, headers={"HX-Request": "true", "HX-Target": f"queue-{point.pk}"})
    assert again.status_code == 422
    assert re.search(
        r'^<li class="queue-item card done"[^>]*><p class="form-error" role="alert">', again.content.decode().strip()
    )
