"""The audit log reads as sentences, on the page, in the API and in the class's history; participation counts
accepted points, with waiting and rejected ones in their own columns."""

from __future__ import annotations

import csv
import io

import pytest

from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry
from argmap.moderation.services import (
    flag_dismiss,
    flag_raise,
    map_settings_update,
    node_approve,
    node_hide,
    node_merge,
    node_move,
    node_reject,
    node_restore,
)
from tests.helpers import words


def claim(author, target, text: str, relation: str = "opposes"):
    return contribution_create(author=author, target=target, kind="claim", relation=relation, text=text)


def audit_page(client, map) -> str:
    """The page's words, a link's closing quote joined to the colon after it as a reader sees them."""
    return words(client.get(f"/maps/{map.slug}/audit/")).replace("” :", "”:")


def test_settings_read_as_what_the_teacher_did(client, class_map, teacher):
    map_settings_update(map=class_map, by=teacher, is_locked=True)
    map_settings_update(map=class_map, by=teacher, is_locked=False, voting_open=False, vote_round="after")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre", reason="Exam week.")
    client.force_login(teacher)
    page = audit_page(client, class_map)
    assert "Ms Rivera locked the map" in page
    assert "Ms Rivera unlocked the map, closed voting and started the after-the-debate vote" in page
    assert "Ms Rivera turned on approval before new points show (reason: Exam week.)" in page
    for field_words in ("is_locked", "True", "→"):
        assert field_words not in page


def test_approve_reject_hide_and_restore_name_the_statement_and_the_reason(
    client, class_map, measure, teacher, student
):
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    kept = claim(student, measure, "Dust storms ruined the farms.")
    turned_down = claim(student, measure, "lol")
    node_approve(node=kept, by=teacher)
    node_reject(node=turned_down, by=teacher, reason="Say what you mean.")
    node_hide(node=kept, by=teacher, reason="Off topic.")
    node_restore(node=kept, by=teacher)
    client.force_login(teacher)
    response = client.get(f"/maps/{class_map.slug}/audit/")
    page = words(response)
    assert "Ms Rivera approved “Dust storms ruined the farms.”" in page
    assert "Ms Rivera rejected “lol”: Say what you mean." in page
    assert "Ms Rivera hid “Dust storms ruined the farms.” (reason: Off topic.)" in page
    assert "Ms Rivera restored “Dust storms ruined the farms.”" in page
    html = response.content.decode()
    # A statement that can still be opened is linked; the rejected one (hidden) is not.
    assert f'<a href="/maps/{class_map.slug}/nodes/{kept.pk}/">“Dust storms ruined the farms.”</a>' in html
    assert f"/nodes/{turned_down.pk}/" not in html


def test_duplicates_merged_at_once_read_as_one_sentence(client, class_map, measure, teacher, student, second_student):
    survivor = claim(student, measure, "Dust storms ruined the new farms.")
    copies = [
        contribution_create(
            author=second_student,
            target=measure,
            kind="claim",
            relation="opposes",
            text=text,
            post_anyway=True,
        )
        for text in ("Storms of dust wrecked the farms.", "The soil blew away.")
    ]
    node_merge(survivor=survivor, duplicates=copies, by=teacher, reason="Same point.")
    client.force_login(teacher)
    page = audit_page(client, class_map)
    assert (
        "Ms Rivera merged 2 statements into “Dust storms ruined the new farms.”: "
        "“Storms of dust wrecked the farms.”, “The soil blew away.” (reason: Same point.)"
    ) in page
    assert "merged_into" not in page
    assert "links_moved" not in page


def test_a_move_and_a_kept_flag_read_as_sentences(client, class_map, measure, teacher, student, second_student):
    maize = class_map.nodes.get(kind="measure", text__contains="maize")
    point = claim(student, measure, "Dust storms ruined the farms.")
    node_move(node=point, old_target=measure, new_target=maize, by=teacher, relation="supports")
    flag_dismiss(flag=flag_raise(node=point, by=second_student, reason="unkind"), by=teacher)
    client.force_login(teacher)
    page = audit_page(client, class_map)
    assert f"Ms Rivera moved “Dust storms ruined the farms.” to stand supporting “{maize.text[:59]}" in page
    assert "Ms Rivera kept a statement flagged as unkind: “Dust storms ruined the farms.”" in page


def test_the_api_gives_each_entry_its_sentence_beside_the_raw_fields(client, class_map, teacher):
    map_settings_update(map=class_map, by=teacher, voting_open=False)
    client.force_login(teacher)
    [entry] = client.get(f"/api/maps/{class_map.slug}/audit/").json()["results"]
    assert entry["sentence"] == "Ms Rivera closed voting"
    assert (entry["before"], entry["after"]) == ({"voting_open": True}, {"voting_open": False})


def test_an_entry_whose_teacher_account_is_gone_still_reads(client, class_map, teacher, admin):
    map_settings_update(map=class_map, by=teacher, is_locked=True)
    AuditEntry.objects.update(actor=None)
    client.force_login(admin)
    assert "Someone whose account was removed locked the map" in audit_page(client, class_map)


@pytest.mark.parametrize("size", [2, 8])
def test_the_audit_log_takes_the_same_queries_whatever_its_length(
    client, class_map, measure, teacher, student, size, django_assert_max_num_queries
):
    for number in range(size):
        point = claim(student, measure, f"Reason {'abcdefghij'[number]} why it failed on farm {number * 7919}.")
        node_hide(node=point, by=teacher)
        map_settings_update(map=class_map, by=teacher, is_anonymous=number % 2 == 0)
    client.force_login(teacher)
    with django_assert_max_num_queries(8):
        response = client.get(f"/maps/{class_map.slug}/audit/")
    assert response.status_code == 200


# Participation: accepted points, and the waiting and rejected ones apart


def test_participation_counts_accepted_points_and_puts_waiting_and_rejected_ones_apart(
    client, class_map, measure, teacher, student
):
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    accepted = claim(student, measure, "Dust storms ruined the farms.")
    node_approve(node=accepted, by=teacher)
    node_reject(node=claim(student, measure, "lol"), by=teacher, reason="Say more.")
    claim(student, measure, "The 1956 harvest was a record.", relation="supports")
    restored = claim(student, measure, "Soil blew away in 1963.")
    node_reject(node=restored, by=teacher, reason="Source?")
    node_restore(node=restored, by=teacher)
    client.force_login(teacher)
    page = client.get(f"/maps/{class_map.slug}/participation/").content.decode()
    sam = words(page.split("Sam K", 1)[1].split("</tr>", 1)[0])
    # Claims 2 (one approved, one restored after a rejection), evidence 0, counterclaims 2, waiting 1, rejected 1
    assert sam.split()[1:6] == ["2", "0", "2", "1", "1"]
    text = client.get(f"/maps/{class_map.slug}/participation.csv").content.decode().removeprefix("\ufeff")
    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert [cells[name] for name in ("Claims", "Contributions", "Waiting", "Rejected")] == ["2", "2", "1", "1"]
    api = client.get(f"/api/maps/{class_map.slug}/participation/").json()["results"]
    assert (api[0]["claims"], api[0]["waiting"], api[0]["rejected"]) == (2, 1, 1)


# The class's history


def test_the_class_history_reads_as_sentences(client, classroom, teacher, student):
    client.force_login(teacher)
    client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/")
    page = words(client.get(f"/classes/{classroom.pk}/"))
    assert "Ms Rivera gave Sam K a new password" in page
