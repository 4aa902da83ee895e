"""Writes that race: each runs in its own thread and connection, all released at the same moment.

Every write that can change a map's shape takes the map's lock before it checks, so the checks read what
the others committed. The races need a server database: SQLite lets one writer in at a time anyway
(argmap's SQLite transactions are IMMEDIATE), and CI runs them on PostgreSQL. The same checks against a
page that was stale by a moment (a statement merged or hidden after it was drawn) run on both.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from argmap.classrooms.models import Membership, Role
from argmap.classrooms.services import membership_add, students_create_batch
from argmap.maps import graph
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Status, Visibility
from argmap.maps.services import contribution_create, link_create
from argmap.moderation.services import node_approve, node_hide, node_merge, node_move, node_reject
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast


def races(test):
    """A race between threads, each committing through its own connection: a transactional test, run on
    PostgreSQL only. The stale-page tests at the end of this module run on SQLite too."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="writers racing need a server database (SQLite lets one writer in at a time); "
        "CI runs these on PostgreSQL",
    )(test)


ROUNDS = 10


def add_student(classroom, name: str, username: str):
    """A new account that is a student of the class (as tests/conftest.py makes Sam and Alex)."""
    user = get_user_model().objects.create_user(username=username, password="learn-pass-1", display_name=name)
    membership_add(classroom=classroom, user=user, role=Role.STUDENT)
    return user


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in a thread of its own, all released together; what each returned, or the error it raised."""
    barrier = threading.Barrier(len(calls), timeout=60)
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except BaseException as error:  # the test inspects it
            outcomes[index] = error
        finally:
            connection.close()  # each thread has its own connection: give it back

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def refusals(outcomes: list[Any]) -> list[str]:
    """The messages of the refused writes; anything else that went wrong fails the test with its traceback."""
    messages = []
    for outcome in outcomes:
        if isinstance(outcome, ValidationError):
            messages.extend(outcome.messages)
        elif isinstance(outcome, BaseException):
            raise outcome
    return messages


def has_loop(map: Map) -> bool:
    nodes = Node.objects.filter(map=map).values_list("pk", flat=True)
    try:
        graph.topological_order(nodes, Edge.objects.filter(map=map).values_list("from_node_id", "to_node_id"))
    except ValueError:
        return True
    return False


@pytest.fixture
def debate(build_map, classroom) -> Map:
    """A small class map: the question and one measure, with nothing under it yet."""
    map = build_map(slug="race", measures=1, per_measure=0)
    Map.objects.filter(pk=map.pk).update(classroom=classroom, visibility=Visibility.CLASS)
    return Map.objects.get(pk=map.pk)


def claim(map: Map, text: str, *, under: Node) -> Node:
    node = Node.objects.create(map=map, kind=NodeKind.CLAIM, text=text)
    Edge.objects.create(map=map, from_node=node, to_node=under, relation=Relation.SUPPORTS)
    return node


@races
def test_two_links_that_together_close_a_loop_leave_one(debate, student, second_student):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    for round in range(ROUNDS):
        x = claim(debate, f"Reform {round} was real", under=measure)
        y = claim(debate, f"Reform {round} was lasting", under=measure)
        outcomes = race(
            lambda x=x, y=y: link_create(author=student, from_node=x, to_node=y, relation=Relation.SUPPORTS),
            lambda x=x, y=y: link_create(author=second_student, from_node=y, to_node=x, relation=Relation.OPPOSES),
        )
        [message] = refusals(outcomes)
        assert message.startswith("That link would make a loop")
        assert Edge.objects.filter(from_node__in=[x, y], to_node__in=[x, y]).count() == 1
    assert not has_loop(debate)


@races
def test_a_move_racing_a_link_leaves_no_loop(debate, teacher, student):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    for round in range(ROUNDS):
        moved = claim(debate, f"Point {round} to move", under=measure)
        new_home = claim(debate, f"Point {round} to move it under", under=measure)
        outcomes = race(
            lambda p=moved, q=new_home: node_move(node=p, old_target=measure, new_target=q, by=teacher),
            lambda p=moved, q=new_home: link_create(author=student, from_node=q, to_node=p, relation=Relation.SUPPORTS),
        )
        [message] = refusals(outcomes)
        assert "would make a loop" in message
    assert not has_loop(debate)


@races
def test_replies_racing_a_merge_all_end_up_on_the_statement_that_stays(debate, teacher, classroom, client):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    pupils = [add_student(classroom, f"Pupil {number}", f"pupil-{number}") for number in range(6)]
    replies = []
    for round in range(5):
        survivor = claim(debate, f"Prices fell in year {round}", under=measure)
        duplicate = claim(debate, f"Prices dropped in year {round}", under=measure)
        texts = [f"Round {round}: pupil {number} answers" for number in range(len(pupils))]
        writes = [
            lambda pupil=pupil, text=text, duplicate=duplicate: contribution_create(
                author=pupil,
                target=duplicate,
                kind=NodeKind.CLAIM,
                relation=Relation.OPPOSES,
                text=text,
                post_anyway=True,  # the answers differ by one number: near copies of each other
            )
            for pupil, text in zip(pupils, texts, strict=True)
        ]
        merge = lambda survivor=survivor, duplicate=duplicate: node_merge(  # noqa: E731
            survivor=survivor, duplicates=[duplicate], by=teacher
        )
        outcomes = race(merge, *writes)
        assert refusals(outcomes) == []
        for text in texts:
            reply = Node.objects.get(map=debate, text=text)
            assert reply.status == Status.VISIBLE
            assert list(reply.outgoing.values_list("to_node", flat=True)) == [survivor.pk]
        assert not Edge.objects.filter(to_node=duplicate).exists()
        replies.append((survivor, texts))

    client.force_login(pupils[0])
    for survivor, texts in replies:
        page = html.unescape(client.get(survivor.get_absolute_url()).content.decode())
        assert all(text in page for text in texts)


@races
def test_ten_identical_texts_at_once_leave_one(debate, classroom):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    pupils = [add_student(classroom, f"Pupil {number}", f"pupil-{number}") for number in range(10)]
    outcomes = race(
        *(
            lambda pupil=pupil: contribution_create(
                author=pupil,
                target=measure,
                kind=NodeKind.CLAIM,
                relation=Relation.SUPPORTS,
                text="It freed millions from the camps.",
            )
            for pupil in pupils
        )
    )
    messages = refusals(outcomes)
    assert len(messages) == 9
    assert all("already says this here" in message for message in messages)
    assert Node.objects.filter(map=debate, text="It freed millions from the camps.").count() == 1


@races
def test_the_same_name_added_by_four_teacher_tabs_at_once_leaves_one_student(classroom, teacher):
    outcomes = race(
        *(lambda: students_create_batch(classroom=classroom, by=teacher, names=["Maya\u200b Lopez"]) for _ in range(4))
    )
    messages = refusals(outcomes)
    assert messages == ["Someone in this class is already called “Maya Lopez”. Add an initial."] * 3
    students = Membership.objects.filter(classroom=classroom, role=Role.STUDENT)
    assert [membership.user.display_name for membership in students] == ["Maya Lopez"]


@races
def test_a_hundred_pupils_voting_at_once_leave_a_hundred_votes(debate, classroom):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    pupils = [add_student(classroom, f"Pupil {number}", f"pupil-{number}") for number in range(100)]
    # PostgreSQL allows 100 connections by default, shared with this test and other sessions: 25 threads
    # (a server with 25 workers) take the hundred votes, four each, all starting at the same moment.
    groups = [pupils[start::25] for start in range(25)]
    outcomes = race(
        *(
            lambda group=group: [vote_cast(voter=pupil, measure=measure, score=1 + pupil.pk % 5) for pupil in group]
            for group in groups
        )
    )
    assert refusals(outcomes) == []
    assert Vote.objects.filter(measure=measure).count() == 100


# A page drawn a moment before a teacher's change: the service decides on what is committed now.


@pytest.fixture
def merged_pair(debate, teacher) -> tuple[Node, Node]:
    """(survivor, duplicate) as a page drew them just before the teacher merged the duplicate."""
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    survivor = claim(debate, "Prices fell", under=measure)
    duplicate = claim(debate, "Prices dropped", under=measure)
    stale = Node.objects.get(pk=duplicate.pk)
    node_merge(survivor=survivor, duplicates=[duplicate], by=teacher)
    return survivor, stale


def test_a_reply_to_a_statement_merged_a_moment_ago_goes_under_the_one_that_stays(merged_pair, student):
    survivor, duplicate = merged_pair
    reply = contribution_create(
        author=student, target=duplicate, kind=NodeKind.CLAIM, relation=Relation.OPPOSES, text="Not in the towns."
    )
    assert list(reply.outgoing.values_list("to_node", flat=True)) == [survivor.pk]


def test_a_reply_repeating_a_point_under_the_one_that_stays_is_refused(merged_pair, student, second_student):
    survivor, duplicate = merged_pair
    contribution_create(
        author=second_student, target=survivor, kind=NodeKind.CLAIM, relation=Relation.OPPOSES, text="Not in towns."
    )
    with pytest.raises(ValidationError, match="already says this here"):
        contribution_create(
            author=student, target=duplicate, kind=NodeKind.CLAIM, relation=Relation.OPPOSES, text="not in towns"
        )


def test_a_reply_to_a_statement_hidden_a_moment_ago_is_refused_with_the_reason(debate, teacher, student):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    target = claim(debate, "Prices fell", under=measure)
    stale = Node.objects.get(pk=target.pk)
    node_hide(node=target, by=teacher, reason="Off-topic")
    with pytest.raises(ValidationError) as refused:
        contribution_create(
            author=student, target=stale, kind=NodeKind.CLAIM, relation=Relation.OPPOSES, text="Not in the towns."
        )
    assert refused.value.messages == ["That statement has been hidden, so it can't take replies."]
    assert not Node.objects.filter(text="Not in the towns.").exists()


def test_a_link_to_a_statement_merged_a_moment_ago_reaches_the_one_that_stays(merged_pair, debate, student):
    survivor, duplicate = merged_pair
    other = claim(debate, "Wages rose", under=debate.nodes.get(kind=NodeKind.MEASURE))
    edge = link_create(author=student, from_node=other, to_node=duplicate, relation=Relation.SUPPORTS)
    assert (edge.from_node_id, edge.to_node_id) == (other.pk, survivor.pk)


def test_merging_into_a_statement_merged_a_moment_ago_is_refused_naming_where_it_went(merged_pair, debate, teacher):
    _, duplicate = merged_pair
    third = claim(debate, "Prices went down", under=debate.nodes.get(kind=NodeKind.MEASURE))
    with pytest.raises(ValidationError) as refused:
        node_merge(survivor=duplicate, duplicates=[third], by=teacher)
    assert refused.value.messages == ["That statement was just merged into “Prices fell”; merge into that one."]
    with pytest.raises(ValidationError) as refused:
        node_merge(survivor=third, duplicates=[duplicate], by=teacher)
    assert refused.value.messages == ["“Prices dropped” was already merged into “Prices fell”."]


def test_moving_under_a_statement_merged_a_moment_ago_is_refused_naming_where_it_went(merged_pair, debate, teacher):
    _, duplicate = merged_pair
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    point = claim(debate, "Wages rose", under=measure)
    with pytest.raises(ValidationError) as refused:
        node_move(node=point, old_target=measure, new_target=duplicate, by=teacher)
    assert refused.value.messages == ["That statement was just merged into “Prices fell”; move it there."]


def test_approving_a_contribution_rejected_a_moment_ago_is_refused(debate, teacher, student):
    measure = debate.nodes.get(kind=NodeKind.MEASURE)
    pending = Node.objects.create(map=debate, kind=NodeKind.CLAIM, text="Wait for me", status=Status.PENDING)
    Edge.objects.create(map=debate, from_node=pending, to_node=measure, relation=Relation.SUPPORTS)
    stale = Node.objects.get(pk=pending.pk)
    node_reject(node=pending, by=teacher, reason="Say more")
    with pytest.raises(ValidationError) as refused:
        node_approve(node=stale, by=teacher)
    assert refused.value.messages == ["Only contributions waiting for approval can be approved."]
    assert Node.objects.get(pk=pending.pk).status == Status.HIDDEN
