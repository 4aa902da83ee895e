"""Voting on measures: one vote per student per measure per round, changeable until voting closes."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from argmap.maps.models import Map, VoteRound
from argmap.votes.models import Vote
from argmap.votes.selectors import vote_summaries
from argmap.votes.services import vote_cast
from tests.helpers import add_student, words


def vote_url(measure) -> str:
    return f"/maps/{measure.map.slug}/nodes/{measure.pk}/vote/"


def test_a_student_votes_then_sees_the_class_distribution(client, measure, student, second_student):
    vote_cast(voter=second_student, measure=measure, score=4)
    client.force_login(student)
    before = client.get(f"/maps/{measure.map.slug}/").content.decode()
    card = before.split(f'id="measure-{measure.pk}"')[1].split("</li>")[0]
    assert "Vote to see how your class voted." in card
    assert "Mostly successful" in card  # the label of the scale, on the form
    assert "(100%)" not in card

    response = client.post(vote_url(measure), {"score": "2"}, follow=True)
    assert "Your vote is saved" in response.content.decode()
    vote = Vote.objects.get(voter=student, measure=measure)
    assert (vote.score, vote.round) == (2, VoteRound.BEFORE)
    card = response.content.decode().split(f'id="measure-{measure.pk}"')[1].split("</li>")[0]
    assert "2 votes before the debate" in words(card)
    assert "1 (50%)" in card


def test_changing_a_vote_keeps_one_vote(client, measure, student):
    client.force_login(student)
    client.post(vote_url(measure), {"score": "2"})
    client.post(vote_url(measure), {"score": "5"})
    assert list(Vote.objects.filter(voter=student).values_list("score", flat=True)) == [5]


def test_with_htmx_the_vote_panel_is_swapped_in_place(client, measure, student):
    client.force_login(student)
    response = client.post(vote_url(measure), {"score": "3"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<div class="vote-panel" id="vote-panel-{measure.pk}">')
    assert "Your vote: 3" in body
    assert "Change my vote" in body


@pytest.mark.parametrize(("score", "status"), [("", 422), ("0", 422), ("6", 422), ("many", 422)])
def test_a_score_outside_1_to_5_is_refused_with_a_message(client, measure, student, score, status):
    client.force_login(student)
    response = client.post(vote_url(measure), {"score": score}, headers={"HX-Request": "true"})
    assert response.status_code == status
    assert "Choose how successful it was, from 1 to 5." in response.content.decode()
    assert not Vote.objects.exists()


def test_closed_voting_is_refused_with_the_reason(client, measure, student):
    Map.objects.filter(pk=measure.map_id).update(voting_open=False)
    client.force_login(student)
    response = client.post(vote_url(measure), {"score": "4"}, follow=True)
    assert "Voting is closed for this map." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_locked_map_still_takes_votes_while_voting_is_open(measure, student):
    # Locked stops new statements and edits; voting has its own switch, so a teacher can lock the
    # arguments and open the after round.
    Map.objects.filter(pk=measure.map_id).update(is_locked=True)
    measure.map.refresh_from_db()
    assert vote_cast(voter=student, measure=measure, score=3).score == 3


def test_a_locked_map_with_voting_closed_takes_no_votes(measure, student):
    Map.objects.filter(pk=measure.map_id).update(is_locked=True, voting_open=False)
    measure.map.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Voting is closed"):
        vote_cast(voter=student, measure=measure, score=3)


def test_only_measures_take_votes(measure, student):
    claim = measure.incoming.first().from_node
    with pytest.raises(ValidationError):
        vote_cast(voter=student, measure=claim, score=3)


def test_teachers_and_other_classes_cannot_vote(client, measure, teacher, outsider):
    with pytest.raises(PermissionDenied, match="only students vote"):
        vote_cast(voter=teacher, measure=measure, score=3)
    client.force_login(outsider)
    assert client.post(vote_url(measure), {"score": "3"}).status_code == 404
    assert not Vote.objects.exists()


def test_visitors_are_sent_to_sign_in_and_get_is_refused(client, measure, student):
    assert client.post(vote_url(measure), {"score": "3"})["Location"].startswith("/accounts/login/")
    client.force_login(student)
    assert client.get(vote_url(measure)).status_code == 405


def test_the_after_round_is_separate_from_the_before_round(measure, student):
    vote_cast(voter=student, measure=measure, score=2)
    Map.objects.filter(pk=measure.map_id).update(vote_round=VoteRound.AFTER)
    measure.map.refresh_from_db()
    vote_cast(voter=student, measure=measure, score=4)
    assert sorted(Vote.objects.values_list("round", "score")) == [("after", 4), ("before", 2)]


def test_summaries_are_counted_by_the_database(measure, student, second_student, django_assert_num_queries):
    vote_cast(voter=student, measure=measure, score=2)
    vote_cast(voter=second_student, measure=measure, score=5)
    with django_assert_num_queries(2):
        summary = vote_summaries(map=measure.map)["before"][measure.pk]
    assert (summary.count, summary.mean, summary.median) == (2, 3.5, 3.5)
    assert summary.distribution == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database; CI runs this on PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_votes_at_once_leave_exactly_one_vote(classroom, teacher, essay_map):
    """Two browsers of the same student voting at the same moment (threads with their own connections)."""
    from argmap.classrooms.services import debate_start

    student = add_student(classroom, "Sam K", "sam")
    class_map = debate_start(classroom=classroom, by=teacher, source=essay_map)
    measure = class_map.nodes.get(kind="measure", text__contains="Virgin Lands")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def cast(score: int) -> None:
        try:
            barrier.wait()
            vote_cast(voter=student, measure=measure, score=score)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(score,)) for score in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    votes = list(Vote.objects.filter(voter=student, measure=measure))
    assert len(votes) == 1
    assert votes[0].score in (2, 4)
