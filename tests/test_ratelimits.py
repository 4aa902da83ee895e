"""Floods of writes: replies, links, edits, flags and votes are limited per person and per class, on the pages and
through the API with one count, and the limit is said in words (429). Tests set low limits and a still clock."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from argmap.classrooms import ratelimits
from argmap.classrooms.models import Role
from argmap.classrooms.services import debate_start, membership_add
from argmap.maps.models import Node, NodeKind
from tests.helpers import words

TOO_FAST = "You're adding very fast: wait a minute and try again."
JSON = "application/json"


def add_student(classroom, name: str, username: str):
    user = get_user_model().objects.create_user(username=username, password="learn-pass-1", display_name=name)
    membership_add(classroom=classroom, user=user, role=Role.STUDENT)
    return user


@pytest.fixture(autouse=True)
def low_limits(settings, monkeypatch):
    settings.WRITE_RATE_PER_PERSON = "3/minute"
    settings.WRITE_RATE_PER_CLASS = "5/minute"
    clock = {"now": 1_800_000_000.0}  # the start of a minute: the window does not end during a test
    monkeypatch.setattr(ratelimits, "_now", lambda: clock["now"])
    return clock


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def reply_on_page(client: Client, measure: Node, text: str, **headers: str):
    # "Point number 1.", "Point number 2.": near copies of each other, posted anyway.
    data = {"kind": "claim", "relation": "opposes", "text": text, "post_anyway": "on"}
    return client.post(f"/maps/{measure.map.slug}/nodes/{measure.pk}/add/", data, headers=headers)


def reply_by_api(client: Client, measure: Node, text: str):
    data = {"target": measure.pk, "kind": "claim", "relation": "opposes", "text": text, "post_anyway": True}
    return client.post(f"/api/maps/{measure.map.slug}/nodes/", data, content_type=JSON)


def test_a_pupil_adding_too_fast_is_told_to_wait_and_nothing_more_is_stored(student, measure):
    client = signed_in(student)
    for number in range(3):
        assert reply_on_page(client, measure, f"Point number {number}.").status_code == 302
    stored = Node.objects.filter(author=student).count()
    response = reply_on_page(client, measure, "One point too many.")
    assert response.status_code == 429
    assert TOO_FAST in words(response)
    assert 0 < int(response["Retry-After"]) <= 60
    assert f'href="/maps/{measure.map.slug}/"' in response.content.decode()
    assert Node.objects.filter(author=student).count() == stored == 3


def test_with_htmx_only_the_notice_is_swapped_in_and_the_form_keeps_its_words(student, measure):
    client = signed_in(student)
    for number in range(3):
        reply_on_page(client, measure, f"Point number {number}.", **{"HX-Request": "true"})
    response = reply_on_page(client, measure, "One point too many.", **{"HX-Request": "true"})
    assert response.status_code == 429
    assert response["HX-Reswap"] == "none"
    markup = response.content.decode()
    assert 'id="notices"' in markup
    assert 'hx-swap-oob="true"' in markup
    assert TOO_FAST in words(markup)
    assert "<html" not in markup


def test_the_api_answers_429_with_the_same_words(student, measure):
    client = signed_in(student)
    for number in range(3):
        assert reply_by_api(client, measure, f"Point number {number}.").status_code == 201
    response = reply_by_api(client, measure, "One point too many.")
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_FAST}
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_pages_and_the_api_share_one_count(student, measure):
    client = signed_in(student)
    assert reply_on_page(client, measure, "First point here.").status_code == 302
    assert reply_by_api(client, measure, "Second point here.").status_code == 201
    assert reply_on_page(client, measure, "Third point here.").status_code == 302
    assert reply_by_api(client, measure, "Fourth point here.").status_code == 429
    assert reply_on_page(client, measure, "Fifth point here.").status_code == 429


def page_writes(measure: Node, other: Node, mine: Node) -> dict[str, tuple[str, dict]]:
    base = f"/maps/{measure.map.slug}/nodes"
    return {
        "link": (f"{base}/{mine.pk}/link/", {"to_node": other.pk, "relation": "supports"}),
        "edit": (f"{base}/{mine.pk}/edit/", {"text": "Dust storms ruined the farms."}),
        "flag": (f"{base}/{other.pk}/flag/", {"reason": "off_topic"}),
        "vote": (f"{base}/{measure.pk}/vote/", {"score": "4"}),
    }


def api_writes(measure: Node, other: Node, mine: Node) -> dict[str, tuple[str, str, dict]]:
    base = f"/api/maps/{measure.map.slug}"
    return {
        "link": ("post", f"{base}/links/", {"source": mine.pk, "target": other.pk, "relation": "supports"}),
        "edit": ("patch", f"{base}/nodes/{mine.pk}/", {"text": "Dust storms ruined the farms."}),
        "flag": ("post", f"{base}/nodes/{other.pk}/flags/", {"reason": "off_topic"}),
        "vote": ("put", f"{base}/nodes/{measure.pk}/vote/", {"score": 4}),
    }


@pytest.fixture
def statements(student, second_student, measure):
    """The student's own point and a classmate's, written before the limits count (the clock moves on after)."""
    from argmap.maps.services import contribution_create

    mine = contribution_create(author=student, target=measure, kind="claim", relation="opposes", text="Dust storms.")
    other = contribution_create(
        author=second_student, target=measure, kind="claim", relation="supports", text="New towns grew."
    )
    return measure, other, mine


@pytest.mark.parametrize("kind", ["link", "edit", "flag", "vote"])
def test_links_edits_flags_and_votes_count_on_the_pages(student, statements, kind):
    client = signed_in(student)
    url, data = page_writes(*statements)[kind]
    for _ in range(3):
        assert client.post(url, data).status_code != 429
    response = client.post(url, data)
    assert response.status_code == 429
    assert TOO_FAST in words(response)


@pytest.mark.parametrize("kind", ["link", "edit", "flag", "vote"])
def test_links_edits_flags_and_votes_count_through_the_api(student, statements, kind):
    client = signed_in(student)
    method, url, data = api_writes(*statements)[kind]
    send = getattr(client, method)
    for _ in range(3):
        assert send(url, data, content_type=JSON).status_code != 429
    response = send(url, data, content_type=JSON)
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_FAST}


def test_reading_never_counts(student, measure):
    client = signed_in(student)
    for _ in range(10):
        assert client.get(f"/api/maps/{measure.map.slug}/").status_code == 200
        assert client.get(f"/maps/{measure.map.slug}/").status_code == 200
    assert reply_by_api(client, measure, "Still free to write.").status_code == 201


def test_one_pupils_flood_holds_back_neither_a_classmate_nor_the_class(student, second_student, measure):
    flooder = signed_in(student)
    for number in range(10):
        reply_by_api(flooder, measure, f"Flood number {number}.")
    classmate = signed_in(second_student)
    # The class counted only the flooder's three accepted writes, so two more fit under its limit of five.
    assert reply_by_api(classmate, measure, "A point of my own.").status_code == 201
    assert reply_on_page(classmate, measure, "Another point of mine.").status_code == 302


def test_a_class_writing_too_fast_together_waits_and_another_class_does_not(
    settings, classroom, student, second_student, measure, other_classroom, other_teacher, essay_map, outsider
):
    settings.WRITE_RATE_PER_PERSON = "100/minute"
    third = add_student(classroom, "Kit L", "kit")
    for person, number in [(student, 1), (second_student, 2), (student, 3), (second_student, 4), (third, 5)]:
        assert reply_by_api(signed_in(person), measure, f"Class point {number}.").status_code == 201
    response = reply_by_api(signed_in(third), measure, "Class point six.")
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_FAST}

    other_map = debate_start(classroom=other_classroom, by=other_teacher, source=essay_map)
    other_measure = other_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    assert reply_by_api(signed_in(outsider), other_measure, "A point in another class.").status_code == 201


def test_the_next_minute_opens_again(low_limits, student, measure):
    client = signed_in(student)
    for number in range(4):
        reply_by_api(client, measure, f"Point number {number}.")
    assert reply_by_api(client, measure, "Too soon.").status_code == 429
    low_limits["now"] += 60
    assert reply_by_api(client, measure, "A new minute.").status_code == 201


def test_the_default_limits_leave_room_for_a_whole_class_voting_at_once():
    from argmap import settings as defaults  # the module's values, not the low ones this file's tests set

    assert ratelimits.Rate.parse(defaults.WRITE_RATE_PER_PERSON) == ratelimits.Rate(count=30, seconds=60)
    # A class of 40 voting on all 19 measures of the essay map in one minute: 760 votes.
    assert ratelimits.Rate.parse(defaults.WRITE_RATE_PER_CLASS) == ratelimits.Rate(count=900, seconds=60)
    assert 40 * 19 < 900
