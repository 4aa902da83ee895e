"""The teacher's audit log and participation pages, and the promise that moderation never deletes anything."""

from __future__ import annotations

import csv
import io
import itertools
import re

import pytest

from argmap.maps.models import Edge, Map, Node, NodeKind, Relation
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditEntry, Flag
from argmap.moderation.services import flag_dismiss, flag_raise, map_settings_update, node_hide, node_restore
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast
from tests.helpers import add_student, words

CSV_HEADER = [
    "Name",
    "Sign-in name",
    "Claims",
    "Evidence",
    "Counterclaims",
    "Contributions",
    "Waiting",
    "Rejected",
    "Votes before",
    "Votes after",
    "Flags raised",
    "Flags received",
]


def table_rows(response) -> list[list[str]]:
    """The cells of each row of the page's table body, as text."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [words(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def audit_url(map: Map) -> str:
    return f"/maps/{map.slug}/audit/"


def participation_url(map: Map) -> str:
    return f"/maps/{map.slug}/participation/"


@pytest.fixture
def maize(measure) -> Node:
    return measure.map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")


# The audit log


@pytest.fixture
def hidden_then_restored(measure, teacher) -> Node:
    claim = measure.map.nodes.get(text__startswith="Because it was so closely tied to Khrushchev")
    node_hide(node=claim, by=teacher, reason="Needs evidence first.")
    node_restore(node=claim, by=teacher, reason="Evidence was added.")
    return claim


def test_the_audit_log_lists_a_hide_and_a_restore_newest_first_with_their_reasons(
    client, hidden_then_restored, teacher
):
    client.force_login(teacher)
    response = client.get(audit_url(hidden_then_restored.map))
    assert response.status_code == 200
    rows = table_rows(response)
    assert len(rows) == 2
    restored, hid = rows
    quoted = "“" + hidden_then_restored.text[:59].rstrip() + "…”"
    assert restored[1] == f"Ms Rivera restored {quoted} (reason: Evidence was added.)"
    assert hid[1] == f"Ms Rivera hid {quoted} (reason: Needs evidence first.)"
    assert "status:" not in response.content.decode()


def test_an_admin_reads_the_audit_log_too(client, hidden_then_restored, admin):
    client.force_login(admin)
    response = client.get(audit_url(hidden_then_restored.map))
    assert response.status_code == 200
    assert [row[1].split(" “")[0] for row in table_rows(response)] == ["Ms Rivera restored", "Ms Rivera hid"]


def test_the_audit_log_is_a_404_for_another_teacher_and_a_403_for_students(
    client, hidden_then_restored, other_teacher, student
):
    client.force_login(other_teacher)
    assert client.get(audit_url(hidden_then_restored.map)).status_code == 404
    client.force_login(student)
    response = client.get(audit_url(hidden_then_restored.map))
    assert response.status_code == 403
    assert "Only the class's teacher can moderate this map." in words(response.content.decode())
    assert "Needs evidence first." not in response.content.decode()


def test_a_visitor_is_sent_to_sign_in_before_the_audit_log(client, hidden_then_restored):
    response = client.get(audit_url(hidden_then_restored.map))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_audit_log_says_so(client, class_map, teacher):
    client.force_login(teacher)
    assert "No moderation actions yet." in words(client.get(audit_url(class_map)).content.decode())


# Nothing is deleted


def counts() -> dict[str, int]:
    return {
        "nodes": Node.objects.count(),
        "edges": Edge.objects.count(),
        "flags": Flag.objects.count(),
        "audit": AuditEntry.objects.count(),
        "votes": Vote.objects.count(),
    }


def test_no_moderation_action_lowers_the_number_of_statements_links_flags_or_audit_entries(
    client, class_map, measure, maize, teacher, student, second_student
):
    slug = class_map.slug
    reply = contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the new farms."
    )
    copy = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Storms of dust wrecked farms."
    )
    contribution_create(author=student, target=copy, kind="evidence", relation="supports", text="Kazakhstan, 1962.")
    vote_cast(voter=student, measure=maize, score=2)
    history = [counts()]

    def as_person(person, url: str, data: dict | None = None, *, audited: int = 1) -> None:
        client.force_login(person)
        response = client.post(url, data or {})
        assert response.status_code == 302, url
        history.append(counts())
        assert history[-1]["audit"] == history[-2]["audit"] + audited, url

    as_person(second_student, f"/maps/{slug}/nodes/{reply.pk}/flag/", {"reason": "wrong"}, audited=0)
    flag = Flag.objects.get(node=reply)
    as_person(teacher, f"/maps/{slug}/moderation/flags/{flag.pk}/dismiss/", {"reason": "It is right."})
    as_person(second_student, f"/maps/{slug}/nodes/{reply.pk}/flag/", {"reason": "unkind"}, audited=0)
    as_person(teacher, f"/maps/{slug}/moderation/nodes/{reply.pk}/hide/", {"reason": "Fair flag."})
    as_person(teacher, f"/maps/{slug}/moderation/nodes/{reply.pk}/restore/")
    as_person(teacher, f"/maps/{slug}/nodes/{reply.pk}/merge/", {"duplicates": [copy.pk], "reason": "Same."})
    as_person(teacher, f"/maps/{slug}/moderation/nodes/{copy.pk}/restore/", {"reason": "Not a copy after all."})
    as_person(
        teacher,
        f"/maps/{slug}/nodes/{reply.pk}/move/",
        {"old_target": measure.pk, "new_target": maize.pk, "relation": "opposes"},
    )
    as_person(teacher, f"/maps/{slug}/nodes/{reply.pk}/edit/", {"text": "Dust storms ruined many farms."})
    as_person(teacher, f"/maps/{slug}/nodes/{maize.pk}/merge/", {}, audited=0)  # refused: nothing ticked
    settings = {"vote_round": "before", "moderation_mode": "pre", "voting_open": "on"}
    as_person(teacher, f"/maps/{slug}/settings/", settings)
    measure.map.refresh_from_db()
    pending = [
        contribution_create(author=student, target=measure, kind="claim", relation="supports", text=text)
        for text in ("New towns grew.", "Young people went east.", "Tractors were sent.")
    ]
    history.append(counts())
    as_person(teacher, f"/maps/{slug}/moderation/nodes/{pending[0].pk}/reject/", {"reason": "Which towns?"})
    as_person(teacher, f"/maps/{slug}/moderation/nodes/{pending[1].pk}/approve/")
    as_person(teacher, f"/maps/{slug}/moderation/approve/", {"nodes": [pending[2].pk]})
    as_person(teacher, f"/maps/{slug}/settings/", {**settings, "is_locked": "on"})

    for earlier, later in itertools.pairwise(history):
        for name, number in earlier.items():
            assert later[name] >= number, f"{name} went down from {number} to {later[name]}"
    assert history[-1]["nodes"] == history[0]["nodes"] + 3
    assert history[-1]["edges"] == history[0]["edges"] + 3
    assert history[-1]["flags"] == 2
    assert history[-1]["audit"] == 12


@pytest.mark.parametrize(
    "path",
    [
        "moderation/nodes/{reply}/hide/",
        "moderation/flags/{flag}/dismiss/",
        "nodes/{reply}/",
        "audit/",
        "settings/",
    ],
)
def test_nothing_can_be_deleted_through_the_pages(client, class_map, measure, teacher, second_student, student, path):
    reply = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the farms."
    )
    flag = flag_raise(node=reply, by=student, reason="wrong")
    before = counts()
    client.force_login(teacher)
    assert client.delete(f"/maps/{class_map.slug}/" + path.format(reply=reply.pk, flag=flag.pk)).status_code == 405
    assert counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "",
        "nodes/{reply}/",
        "nodes/{reply}/moderation/",
        "flags/{flag}/dismiss/",
        "audit/",
    ],
)
def test_nothing_can_be_deleted_through_the_api(client, class_map, measure, teacher, second_student, student, path):
    reply = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the farms."
    )
    flag = flag_raise(node=reply, by=student, reason="wrong")
    node_hide(node=reply, by=teacher, reason="Off topic.")
    before = counts()
    client.force_login(teacher)
    url = f"/api/maps/{class_map.slug}/" + path.format(reply=reply.pk, flag=flag.pk)
    assert client.delete(url).status_code == 405
    assert counts() == before


def test_the_moderation_pages_offer_no_way_to_delete(client, class_map, measure, teacher, second_student, student):
    reply = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the farms."
    )
    flag_raise(node=reply, by=student, reason="wrong")
    client.force_login(teacher)
    for url in (
        f"/maps/{class_map.slug}/moderation/",
        f"/maps/{class_map.slug}/audit/",
        f"/maps/{class_map.slug}/settings/",
        f"/maps/{class_map.slug}/nodes/{reply.pk}/",
        f"/maps/{class_map.slug}/?open=all",
    ):
        # What each button and each tool's label says, without the statement it names for screen readers.
        page = re.sub(r'<span class="visually-hidden">.*?</span>', "", client.get(url).content.decode(), flags=re.S)
        controls = [words(text) for _, text in re.findall(r"<(button|summary)\b[^>]*>(.*?)</\1>", page, re.S)]
        assert controls, url
        assert not [control for control in controls if re.search(r"delete|remove|erase", control, re.I)], url


# Who took part


@pytest.fixture
def debate(class_map, classroom, measure, maize, teacher, student, second_student):
    """Three students who took part in different ways, and a teacher who joined in."""
    third = add_student(classroom, "=2+5 Eve", "eve")
    strained = class_map.nodes.get(text__startswith="Because it was so closely tied to Khrushchev")
    towns = contribution_create(
        author=student, target=measure, kind="claim", relation="supports", text="New towns grew on the steppe."
    )
    storms = contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the new farms."
    )
    contribution_create(author=student, target=towns, kind="evidence", relation="supports", text="Tselinograd, 1961.")
    harvest = contribution_create(
        author=second_student, target=measure, kind="evidence", relation="opposes", text="The 1963 harvest failed."
    )
    contribution_create(
        author=second_student,
        target=strained,
        kind="claim",
        relation="opposes",
        text="The party backed him at first.",
        also_target=towns,
        also_relation="opposes",
    )
    contribution_create(author=teacher, target=measure, kind="claim", relation="opposes", text="Think about soil.")
    vote_cast(voter=student, measure=measure, score=2)
    vote_cast(voter=student, measure=maize, score=1)
    vote_cast(voter=second_student, measure=measure, score=4)
    map_settings_update(map=class_map, by=teacher, vote_round="after")
    vote_cast(voter=student, measure=measure, score=3)
    vote_cast(voter=third, measure=maize, score=5)
    flag_raise(node=harvest, by=student, reason="wrong")
    flag_dismiss(flag=flag_raise(node=storms, by=second_student, reason="unkind"), by=teacher)
    flag_raise(node=towns, by=second_student, reason="off_topic")
    flag_raise(node=storms, by=third, reason="duplicate")
    return class_map, [student, second_student, third]


def expected_row(map: Map, person) -> list[str]:
    """One student's row, counted straight from the tables."""
    everything = Node.objects.filter(map=map, author=person)
    mine = everything.exclude(status="pending").exclude(audit_entries__action="reject", status="hidden")
    claims = mine.filter(kind=NodeKind.CLAIM).count()
    evidence = mine.filter(kind=NodeKind.EVIDENCE).count()
    counterclaims = mine.filter(outgoing__relation=Relation.OPPOSES).distinct().count()
    votes = Vote.objects.filter(map=map, voter=person)
    flags = Flag.objects.filter(node__map=map)
    numbers = [
        claims,
        evidence,
        counterclaims,
        claims + evidence,
        everything.filter(status="pending").count(),
        everything.filter(audit_entries__action="reject", status="hidden").count(),
        votes.filter(round="before").count(),
        votes.filter(round="after").count(),
        flags.filter(raised_by=person).count(),
        flags.filter(node__author=person).count(),
    ]
    return [person.display_name, person.username, *map_str(numbers)]


def map_str(numbers: list[int]) -> list[str]:
    return [str(number) for number in numbers]


def test_the_participation_page_has_one_row_per_student_counted_from_the_database(client, debate, teacher):
    map, students = debate
    client.force_login(teacher)
    response = client.get(participation_url(map))
    assert response.status_code == 200
    rows = table_rows(response)
    by_name = sorted(students, key=lambda person: person.display_name)
    assert [row[0] for row in rows] == [f"{person.display_name} {person.username}" for person in by_name]
    assert "Ms Rivera" not in [row[0].rsplit(" ", 1)[0] for row in rows]
    for row, person in zip(rows, by_name, strict=True):
        expected = expected_row(map, person)
        # The page leaves out the total of contributions that the spreadsheet carries.
        assert row[1:] == expected[2:5] + expected[6:]
    sam = rows[[person.username for person in by_name].index("sam")]
    assert sam == ["Sam K sam", "2", "1", "1", "0", "0", "2", "1", "1", "3"]


def test_the_participation_csv_opens_in_a_spreadsheet_with_the_same_counts(client, debate, teacher):
    map, students = debate
    client.force_login(teacher)
    response = client.get(f"/maps/{map.slug}/participation.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{map.slug}-participation.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header == CSV_HEADER
    assert len(rows) == 3
    by_username = {row[1]: row for row in rows}
    assert set(by_username) == {"sam", "alex", "eve"}
    for person in students:
        expected = expected_row(map, person)
        assert by_username[person.username][1:] == expected[1:]
    assert by_username["alex"] == ["Alex P", "alex", "1", "1", "2", "2", "0", "0", "1", "0", "2", "1"]


def test_a_name_that_looks_like_a_formula_is_quoted_in_the_csv(client, debate, teacher):
    map, _ = debate
    client.force_login(teacher)
    text = client.get(f"/maps/{map.slug}/participation.csv").content.decode("utf-8").removeprefix("\ufeff")
    eve = next(row for row in csv.reader(io.StringIO(text)) if row[1] == "eve")
    assert eve[0] == "'=2+5 Eve"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(text)) for cell in row)
    assert "=2+5 Eve eve" in [row[0] for row in table_rows(client.get(participation_url(map)))]


def test_participation_is_the_teachers_alone(client, debate, student, other_teacher):
    map, _ = debate
    for url in (participation_url(map), f"/maps/{map.slug}/participation.csv"):
        client.force_login(student)
        assert client.get(url).status_code == 403
        client.force_login(other_teacher)
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_a_class_without_students_says_so(client, class_map, teacher):
    client.force_login(teacher)
    assert "This class has no students yet." in words(client.get(participation_url(class_map)).content.decode())


@pytest.mark.parametrize("size", [3, 12])
def test_the_participation_page_takes_the_same_queries_whatever_the_size_of_the_class(
    client, classroom, class_map, measure, teacher, size, django_assert_max_num_queries
):
    people = [add_student(classroom, f"Student {number:02}", f"student-{number}") for number in range(size)]
    for number, person in enumerate(people):
        node = contribution_create(
            author=person,
            target=measure,
            kind="claim",
            relation="opposes",
            text=f"Point number {number}.",
            post_anyway=True,  # near copies of each other on purpose: only the number of rows matters here
        )
        vote_cast(voter=person, measure=measure, score=1 + number % 5)
        flag_raise(node=node, by=people[number - 1], reason="wrong")
    client.force_login(teacher)
    # The session, the person, the map, the membership; the tools bar's counts; six for the table.
    with django_assert_max_num_queries(11):
        response = client.get(participation_url(class_map))
    assert len(table_rows(response)) == size
