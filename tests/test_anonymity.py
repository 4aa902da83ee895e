"""Anonymous debates: classmates see each other's stable pseudonyms, the author sees "you", the teacher sees names."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from argmap.classrooms.models import Membership, Role
from argmap.classrooms.services import membership_add
from argmap.maps.models import Map, Node
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry
from argmap.moderation.services import map_settings_update, node_merge
from tests.helpers import add_student, words


def pseudonym_of(map: Map, person) -> str:
    return Membership.objects.get(classroom_id=map.classroom_id, user=person).pseudonym


def api_author(client, node: Node) -> str:
    nodes = client.get(f"/api/maps/{node.map.slug}/").json()["nodes"]
    return next(item["author"] for item in nodes if item["id"] == node.pk)


@pytest.fixture
def anonymous_map(class_map, teacher) -> Map:
    return map_settings_update(map=class_map, by=teacher, is_anonymous=True)


@pytest.fixture
def storms(anonymous_map, measure, student) -> Node:
    """Sam's counterclaim on the anonymous map."""
    return contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the new farms."
    )


@pytest.fixture
def pages(storms, measure):
    """Every page and API answer that names the author of Sam's counterclaim."""
    slug = storms.map.slug
    return [
        f"/maps/{slug}/?open=all",
        f"/maps/{slug}/live/?open=all",
        f"/maps/{slug}/nodes/{storms.pk}/",
        f"/maps/{slug}/nodes/{measure.pk}/",
        f"/api/maps/{slug}/",
        f"/api/maps/{slug}/nodes/{storms.pk}/",
    ]


def test_anonymity_is_switched_on_through_the_settings_and_audited(anonymous_map, teacher):
    assert Map.objects.get(pk=anonymous_map.pk).is_anonymous
    entry = AuditEntry.objects.get(map=anonymous_map, action="settings")
    assert (entry.actor, entry.before, entry.after) == (teacher, {"is_anonymous": False}, {"is_anonymous": True})


def test_a_classmate_sees_the_authors_pseudonym_and_never_the_real_name(client, storms, pages, student, second_student):
    pseudonym = pseudonym_of(storms.map, student)
    assert pseudonym
    client.force_login(second_student)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert pseudonym in response.content.decode(), url
        assert "Sam K" not in response.content.decode(), url
    assert f"by {pseudonym}" in words(client.get(pages[0]))
    assert f"Added by {pseudonym}" in words(client.get(pages[2]))
    assert api_author(client, storms) == pseudonym
    assert client.get(pages[-1]).json()["author"] == pseudonym


def test_the_author_sees_you(client, storms, pages, student):
    client.force_login(student)
    assert "Dust storms ruined the new farms. by you" in words(client.get(pages[0]))
    assert "Added by you" in words(client.get(pages[2]))
    assert api_author(client, storms) == "you"
    for url in pages:
        assert pseudonym_of(storms.map, student) not in client.get(url).content.decode(), url


def test_the_teacher_sees_real_names(client, storms, pages, teacher, student):
    client.force_login(teacher)
    assert "Dust storms ruined the new farms. by Sam K" in words(client.get(pages[0]))
    assert "Added by Sam K" in words(client.get(pages[2]))
    assert api_author(client, storms) == "Sam K"
    for url in pages:
        assert pseudonym_of(storms.map, student) not in client.get(url).content.decode(), url


def test_an_admin_sees_real_names_too(client, storms, admin):
    client.force_login(admin)
    assert api_author(client, storms) == "Sam K"


def test_a_pseudonym_stays_the_same_across_requests_and_classmates(client, storms, classroom, student, second_student):
    third = add_student(classroom, "Jamie R", "jamie")
    seen = set()
    for person in (second_student, third, second_student):
        client.force_login(person)
        seen.add(api_author(client, storms))
        seen.add(api_author(client, storms))
    assert seen == {pseudonym_of(storms.map, student)}


def test_someone_joining_the_class_does_not_change_anyones_pseudonym(classroom, student, second_student):
    before = dict(Membership.objects.filter(classroom=classroom).values_list("user_id", "pseudonym"))
    for number in range(5):
        add_student(classroom, f"Newcomer {number}", f"newcomer-{number}")
    after = dict(Membership.objects.filter(classroom=classroom).values_list("user_id", "pseudonym"))
    assert {user: after[user] for user in before} == before


def test_pseudonyms_are_unique_within_a_class(classroom):
    people = [
        get_user_model().objects.create_user(username=f"pupil-{n}", password="learn-pass-1", display_name=f"Pupil {n}")
        for n in range(40)
    ]
    for person in people:
        membership_add(classroom=classroom, user=person, role=Role.STUDENT)
    names = list(Membership.objects.filter(classroom=classroom, user__in=people).values_list("pseudonym", flat=True))
    assert len(names) == 40
    assert len(set(names)) == 40
    assert all(names)
    everyone = list(Membership.objects.filter(classroom=classroom).values_list("pseudonym", flat=True))
    assert len(set(everyone)) == len(everyone)


def test_the_database_refuses_two_members_of_a_class_with_the_same_pseudonym(classroom, student):
    twin = get_user_model().objects.create_user(username="twin", password="learn-pass-1", display_name="Twin")
    taken = Membership.objects.get(classroom=classroom, user=student).pseudonym
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(classroom=classroom, user=twin, role=Role.STUDENT, pseudonym=taken)


def test_a_classmate_reading_a_merge_is_told_how_many_said_it_not_who(
    client, storms, measure, teacher, student, second_student
):
    copy = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Storms of dust wrecked farms."
    )
    node_merge(survivor=storms, duplicates=[copy], by=teacher)
    url = f"/maps/{storms.map.slug}/nodes/{storms.pk}/"
    client.force_login(student)
    page = client.get(url)
    assert "Also said by 1 classmate (merged)." in words(page)
    assert "Alex P" not in page.content.decode()
    client.force_login(teacher)
    assert "Also said by Alex P (merged)." in words(client.get(url))


def test_turning_anonymity_off_shows_names_again(client, storms, pages, teacher, student, second_student):
    pseudonym = pseudonym_of(storms.map, student)
    map_settings_update(map=storms.map, by=teacher, is_anonymous=False)
    client.force_login(second_student)
    assert "Dust storms ruined the new farms. by Sam K" in words(client.get(pages[0]))
    assert "Added by Sam K" in words(client.get(pages[2]))
    assert api_author(client, storms) == "Sam K"
    for url in pages:
        assert pseudonym not in client.get(url).content.decode(), url


def test_the_teacher_turns_anonymity_off_from_the_settings_page(client, storms, pages, teacher, second_student):
    client.force_login(teacher)
    form = {"vote_round": "before", "moderation_mode": "open", "voting_open": "on"}
    response = client.post(f"/maps/{storms.map.slug}/settings/", form)
    assert response.status_code == 302
    assert not Map.objects.get(pk=storms.map_id).is_anonymous
    client.force_login(second_student)
    assert api_author(client, storms) == "Sam K"
