"""A student's notifications: each kind of news about their own points, in plain words, to them and nobody else."""

from __future__ import annotations

import pytest

from argmap.classrooms.models import Membership
from argmap.maps.models import Map, ModerationMode
from argmap.maps.services import contribution_create
from argmap.moderation.services import flag_dismiss, flag_raise, node_approve, node_hide, node_merge, node_reject
from argmap.notifications import selectors
from tests.helpers import words

OWN_POINT = "Ploughing the steppe exhausted the soil within five years."
# As the notifications quote it: the sentence around the quote takes its closing full stop.
SAID = "“Ploughing the steppe exhausted the soil within five years”"
REPLY = "Harvests in Kazakhstan fell sharply in 1963"
LIST = "/notifications/"


@pytest.fixture
def pre_moderated(class_map) -> Map:
    Map.objects.filter(pk=class_map.pk).update(moderation_mode=ModerationMode.PRE)
    class_map.refresh_from_db()
    return class_map


def point_by(student, measure, text: str = OWN_POINT, relation: str = "opposes"):
    return contribution_create(author=student, target=measure, kind="claim", relation=relation, text=text)


def news_of(client, person) -> str:
    client.force_login(person)
    response = client.get(LIST)
    assert response.status_code == 200
    return words(response)


def test_a_student_is_told_her_point_was_approved_by_the_teacher(client, pre_moderated, teacher, student):
    measure = pre_moderated.nodes.get(kind="measure", text__contains="Virgin Lands")
    node_approve(node=point_by(student, measure), by=teacher)
    page = news_of(client, student)
    assert f"{teacher.name} approved your point {SAID}" in page
    assert "1 new" in page


def test_a_rejection_tells_the_student_the_teachers_reason(client, pre_moderated, teacher, student):
    measure = pre_moderated.nodes.get(kind="measure", text__contains="Virgin Lands")
    node_reject(node=point_by(student, measure), by=teacher, reason="Say which years you mean.")
    assert f"Your point {SAID} was not accepted: Say which years you mean." in news_of(client, student)


def test_a_reply_by_a_classmate_is_news_for_the_author_only_once_the_class_sees_it(
    client, pre_moderated, teacher, student, second_student
):
    measure = pre_moderated.nodes.get(kind="measure", text__contains="Virgin Lands")
    own = point_by(student, measure)
    node_approve(node=own, by=teacher)
    reply = point_by(second_student, own, text=REPLY, relation="supports")
    assert REPLY not in news_of(client, student)  # still waiting for the teacher
    node_approve(node=reply, by=teacher)
    page = news_of(client, student)
    assert f"{second_student.name} replied to your point {SAID}" in page
    assert f"For it: “{REPLY}”" in page
    assert "2 new" in page


def test_a_reply_hidden_later_drops_out_of_the_news(client, class_map, measure, teacher, student, second_student):
    own = point_by(student, measure)
    reply = point_by(second_student, own, text=REPLY)
    assert REPLY in news_of(client, student)
    node_hide(node=reply, by=teacher, reason="Unkind.")
    assert REPLY not in news_of(client, student)


def test_a_student_is_told_her_point_was_merged_and_led_to_the_one_kept(
    client, class_map, measure, teacher, student, second_student
):
    kept = point_by(second_student, measure, text="The Virgin Lands soil eroded in the dust storms.")
    own = point_by(student, measure)
    node_merge(survivor=kept, duplicates=[own], by=teacher)
    page = news_of(client, student)
    assert f"merged your point {SAID} into “The Virgin Lands soil eroded in the dust storms”, which" in page
    news = selectors.notifications_for(person=student).notifications
    merged = next(item for item in news if item.kind == "merged")
    assert merged.url == f"/maps/{class_map.slug}/nodes/{kept.pk}/"


def test_a_flag_the_teacher_dismissed_tells_the_author_her_point_was_kept(
    client, class_map, measure, teacher, student, second_student
):
    own = point_by(student, measure)
    flag = flag_raise(node=own, by=second_student, reason="off_topic")
    flag_dismiss(flag=flag, by=teacher)
    page = news_of(client, student)
    assert f"A classmate flagged your point {SAID}. {teacher.name} looked at it and kept it." in page
    assert second_student.name not in page  # who flagged is not said


def test_another_student_sees_none_of_it_and_cannot_open_it(
    client, class_map, measure, teacher, student, second_student, outsider
):
    own = point_by(student, measure)
    point_by(second_student, own, text=REPLY)
    key = selectors.notifications_for(person=student).notifications[0].key
    for other in (second_student, outsider, teacher):
        assert "Nothing yet" in news_of(client, other)
        client.force_login(other)
        assert client.post(f"/notifications/{key}/open/").status_code == 404
        response = client.post(f"/api/me/notifications/{key}/read/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such notification."}


def test_a_student_removed_from_the_class_hears_no_more_of_it(client, class_map, measure, student, second_student):
    own = point_by(student, measure)
    point_by(second_student, own, text=REPLY)
    Membership.objects.filter(user=student, classroom=class_map.classroom).delete()
    assert REPLY not in news_of(client, student)
    assert selectors.unread_count(person=student) == 0


def test_on_an_anonymous_map_a_classmate_replies_under_her_pseudonym(
    client, class_map, measure, student, second_student
):
    Map.objects.filter(pk=class_map.pk).update(is_anonymous=True)
    own = point_by(student, measure)
    point_by(second_student, own, text=REPLY)
    pseudonym = Membership.objects.get(user=second_student, classroom=class_map.classroom).pseudonym
    page = news_of(client, student)
    assert f"{pseudonym} replied to your point" in page
    assert second_student.name not in page


def test_opening_one_marks_it_read_and_leads_to_the_statement(client, class_map, measure, student, second_student):
    own = point_by(student, measure)
    point_by(second_student, own, text=REPLY)
    point_by(second_student, own, text="Wind storms in 1960 blew away the topsoil.", relation="supports")
    assert "2 new" in news_of(client, student)
    key = selectors.notifications_for(person=student).notifications[0].key
    response = client.post(f"/notifications/{key}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/maps/{class_map.slug}/nodes/{own.pk}/"
    assert "1 new" in news_of(client, student)
    assert client.get(response["Location"]).status_code == 200


def test_mark_all_read_leaves_nothing_new_until_something_happens(client, class_map, measure, student, second_student):
    own = point_by(student, measure)
    point_by(second_student, own, text=REPLY)
    client.force_login(student)
    assert client.post("/notifications/read/").status_code == 302
    assert "Nothing new" in news_of(client, student)
    assert REPLY in news_of(client, student)  # read, still listed
    point_by(second_student, own, text="Wind storms in 1960 blew away the topsoil.", relation="supports")
    assert "1 new" in news_of(client, student)


def test_the_header_count_answers_304_while_nothing_changed_and_counts_what_is_new(
    client, class_map, measure, student, second_student, django_assert_max_num_queries
):
    client.force_login(student)
    first = client.get("/notifications/count/")
    assert first.status_code == 200
    assert "news-count" not in first.content.decode().replace('id="news-count" class="news-count-slot"', "")
    etag = first["ETag"]
    # Session, user, the maps' revisions, the read marker.
    with django_assert_max_num_queries(4):
        assert client.get("/notifications/count/", headers={"If-None-Match": etag}).status_code == 304
    point_by(second_student, point_by(student, measure), text=REPLY)
    changed = client.get("/notifications/count/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "1 new notification" in words(changed)
    assert "news-changed" in changed["HX-Trigger"]


def test_a_signed_out_poller_gets_nothing_to_swap_and_the_page_asks_to_sign_in(client):
    assert client.get("/notifications/count/").status_code == 204
    assert client.get(LIST).status_code == 302


def test_the_header_shows_notifications_to_students_only(client, class_map, student, teacher):
    client.force_login(student)
    assert 'id="news-menu"' in client.get("/").content.decode()
    client.force_login(teacher)
    assert 'id="news-menu"' not in client.get("/").content.decode()


def test_the_api_lists_own_notifications_with_the_unread_count_and_marks_them_read(
    client, pre_moderated, teacher, student
):
    measure = pre_moderated.nodes.get(kind="measure", text__contains="Virgin Lands")
    node_reject(node=point_by(student, measure), by=teacher, reason="Say which years you mean.")
    client.force_login(student)
    listed = client.get("/api/me/notifications/").json()
    assert listed["unread_count"] == 1
    (item,) = listed["results"]
    assert item["kind"] == "rejected"
    assert item["sentence"].endswith("was not accepted: Say which years you mean.")
    assert item["unread"] is True
    marked = client.post("/api/me/notifications/read/", {}, content_type="application/json")
    assert marked.json() == {"unread_count": 0}
    assert client.get("/api/me/notifications/").json()["results"][0]["unread"] is False


def test_the_api_answers_404_for_a_key_that_names_nothing(client, student):
    client.force_login(student)
    for key in ("a999999", "x1", "a", "r12345678901234"):
        response = client.post(f"/api/me/notifications/{key}/read/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such notification."}
