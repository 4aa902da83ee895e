"""The edges of a lesson (issue 10): no stale one-time messages, settings that say what students can do, the
right words after a vote and a merge, and refusal pages that lead back to where the person was.
"""

from __future__ import annotations

import pytest

from argmap.classrooms import permissions
from argmap.maps.models import Map
from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update, node_merge
from tests.helpers import words

JSON = "application/json"


def settings_form(map: Map, **changes: object) -> dict[str, object]:
    current = {
        "moderation_mode": map.moderation_mode,
        "vote_round": map.vote_round,
        "is_locked": map.is_locked,
        "voting_open": map.voting_open,
        "is_anonymous": map.is_anonymous,
    }
    current.update(changes)
    return {name: value for name, value in current.items() if value is not False}


# No stale pages


def test_a_page_that_carries_a_message_is_neither_kept_nor_answered_304(client, class_map, teacher):
    client.force_login(teacher)
    url = class_map.get_absolute_url()
    first = client.get(url)
    assert first.has_header("ETag")
    assert "no-cache" in first["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304

    # Saving unchanged settings leaves the revision as it was: the page must still be built, to show "Saved."
    response = client.post(f"/maps/{class_map.slug}/settings/", settings_form(class_map))
    assert response.status_code == 302
    page = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert page.status_code == 200
    assert "Saved." in words(page)
    assert not page.has_header("ETag")
    assert "no-store" in page["Cache-Control"]

    # The message was shown once: the next visit is a plain revalidation again, and no other page repeats it.
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert "Saved." not in words(client.get(f"/maps/{class_map.slug}/participation/"))


def test_the_results_page_shows_a_waiting_message_instead_of_a_304(client, class_map, measure, student):
    client.force_login(student)
    url = f"/maps/{class_map.slug}/results/"
    etag = client.get(url)["ETag"]
    client.post(f"/maps/{class_map.slug}/nodes/{measure.pk}/vote/", {"score": "4"})
    # The vote changed the revision anyway; the point is the message is shown by the page that is built.
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Your vote is saved" in words(response)
    assert "no-store" in response["Cache-Control"]


def test_the_poller_still_answers_304_while_a_message_waits_for_the_page(client, class_map, teacher):
    client.force_login(teacher)
    etag = client.get(class_map.get_absolute_url())["ETag"]
    client.post(f"/maps/{class_map.slug}/settings/", settings_form(class_map))
    live = client.get(f"/maps/{class_map.slug}/live/", headers={"If-None-Match": etag})
    assert live.status_code == 304
    assert "Saved." in words(client.get(class_map.get_absolute_url()))


def test_saved_shows_right_after_a_vote_and_not_on_every_later_load(client, class_map, measure, student):
    client.force_login(student)
    vote_url = f"/maps/{class_map.slug}/nodes/{measure.pk}/vote/"
    answer = client.post(vote_url, {"score": "4"}, headers={"HX-Request": "true"})
    assert "Saved." in words(answer)
    page = client.get(f"{class_map.get_absolute_url()}?open={measure.pk}")
    assert "Your vote: 4" in words(page)
    assert "Saved." not in words(page)


def test_a_student_whose_point_was_merged_reads_that_they_said_it_too(
    client, class_map, measure, teacher, student, second_student
):
    map_settings_update(map=class_map, by=teacher, is_anonymous=True)
    kept = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Storms of dust wrecked farms."
    )
    mine = contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the new farms."
    )
    node_merge(survivor=kept, duplicates=[mine], by=teacher)
    url = f"/maps/{class_map.slug}/nodes/{kept.pk}/"
    client.force_login(student)
    page = words(client.get(url))
    assert "You said this too: your point was merged into this one." in page
    assert "classmate" not in page.split("You said this too")[0][-40:]
    assert "Also said by" not in page
    client.force_login(second_student)
    assert "Also said by 1 classmate (merged)." in words(client.get(url))


# Settings that explain themselves


def test_locked_with_voting_open_still_lets_students_vote(client, class_map, measure, teacher, student):
    client.force_login(teacher)
    response = client.post(
        f"/maps/{class_map.slug}/settings/",
        settings_form(class_map, is_locked=True, vote_round="after", voting_open=True),
        follow=True,
    )
    assert "Saved. Right now students can vote on each measure (round: after the debate)" in words(response)
    assert "Careful" not in words(response)
    client.force_login(student)
    answer = client.post(f"/maps/{class_map.slug}/nodes/{measure.pk}/vote/", {"score": "5"}, follow=True)
    assert "Your vote is saved" in words(answer)


def test_the_settings_page_says_what_students_can_do_now(client, class_map, teacher):
    client.force_login(teacher)
    page = words(client.get(f"/maps/{class_map.slug}/settings/"))
    assert (
        "Right now students can add points, replies and links, which the class sees at once, reword their own "
        "points until someone replies, vote on each measure (round: before the debate) and flag a point for you "
        "to look at."
    ) in page
    assert "Careful" not in page


def test_the_settings_warn_when_students_are_left_nothing_to_do(client, class_map, teacher):
    client.force_login(teacher)
    response = client.post(
        f"/maps/{class_map.slug}/settings/", settings_form(class_map, is_locked=True, voting_open=False), follow=True
    )
    assert permissions.BLOCKS_EVERYTHING in words(response)
    page = words(client.get(f"/maps/{class_map.slug}/settings/"))
    assert "Right now students can flag a point for you to look at." in page
    assert f"Careful: {permissions.BLOCKS_EVERYTHING}" in page


def test_ticking_a_box_previews_the_sentence_without_saving(client, class_map, teacher):
    client.force_login(teacher)
    response = client.post(
        f"/maps/{class_map.slug}/settings/",
        {**settings_form(class_map, is_locked=True, voting_open=False), "preview": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f"Careful: {permissions.BLOCKS_EVERYTHING}" in words(response)
    class_map.refresh_from_db()
    assert (class_map.is_locked, class_map.voting_open) == (False, True)


def test_the_settings_api_returns_the_same_sentence_and_warning(client, class_map, teacher):
    client.force_login(teacher)
    url = f"/api/maps/{class_map.slug}/settings/"
    before = client.get(url).json()
    assert before["students_can"] == permissions.what_students_can_do(class_map).sentence
    assert before["warning"] == ""
    after = client.patch(url, {"is_locked": True, "voting_open": False}, content_type=JSON).json()
    assert after["students_can"] == "Right now students can flag a point for you to look at. " + (
        "The map is locked, so nobody adds or changes statements. Voting is closed."
    )
    assert after["warning"] == permissions.BLOCKS_EVERYTHING


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"moderation_mode": "pre"}, "add points and replies, which wait for your approval"),
        ({"is_locked": True}, "The map is locked, so nobody adds or changes statements."),
        ({"voting_open": False}, "Voting is closed."),
    ],
)
def test_the_sentence_follows_each_setting(class_map, changes, expected):
    for name, value in changes.items():
        setattr(class_map, name, value)
    assert expected in permissions.what_students_can_do(class_map).sentence


# No dead ends


def test_a_student_on_a_pre_moderated_map_is_not_shown_the_link_form(client, class_map, measure, teacher, student):
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    client.force_login(student)
    page = words(client.get(f"/maps/{class_map.slug}/nodes/{measure.pk}/"))
    assert "Add a claim, evidence or counterclaim" in page
    assert "Link this statement to another one" not in page
    client.force_login(teacher)
    assert "Link this statement to another one" in words(client.get(f"/maps/{class_map.slug}/nodes/{measure.pk}/"))


def test_a_refused_link_leads_back_to_the_statement(client, class_map, measure, teacher, student):
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    client.force_login(student)
    response = client.post(f"/maps/{class_map.slug}/nodes/{measure.pk}/link/", {"relation": "supports"})
    assert response.status_code == 403
    assert permissions.WHY_NOT_LINK in words(response)
    assert f'<a class="button" href="/maps/{class_map.slug}/nodes/{measure.pk}/">Back to the statement</a>' in (
        response.content.decode()
    )


def test_a_student_refused_the_moderation_page_is_led_back_to_the_map(client, class_map, student):
    client.force_login(student)
    response = client.get(f"/maps/{class_map.slug}/settings/")
    assert response.status_code == 403
    assert f'href="/maps/{class_map.slug}/">Back to the map</a>' in response.content.decode()


def test_a_missing_page_leads_back_to_the_page_the_person_came_from(client, class_map, student):
    client.force_login(student)
    came_from = f"http://testserver/maps/{class_map.slug}/?open=all"
    response = client.get(f"/maps/{class_map.slug}/nodes/999999/", headers={"Referer": came_from})
    assert response.status_code == 404
    assert f'href="/maps/{class_map.slug}/?open=all">Back to the page you came from</a>' in response.content.decode()
    elsewhere = client.get("/maps/no-such-map/", headers={"Referer": "https://elsewhere.example/page"})
    assert "elsewhere.example" not in elsewhere.content.decode()
    assert "See the maps" in words(elsewhere)
