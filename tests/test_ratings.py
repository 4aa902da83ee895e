"""Class ratings of claims and evidence (issue 11): the rule, the service, the card's control, the strengths."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.classrooms import permissions
from argmap.maps.models import Edge, Node, NodeKind, Relation
from argmap.moderation.services import map_settings_update
from argmap.votes.models import Rating
from argmap.votes.ratings import map_ratings
from argmap.votes.services import rating_cast
from tests.helpers import words


@pytest.fixture
def rated_map(class_map, teacher):
    return map_settings_update(map=class_map, by=teacher, ratings_open=True)


@pytest.fixture
def claim(rated_map, measure) -> Node:
    """A claim of the essay that supports the Virgin Lands measure."""
    edge = Edge.objects.filter(to_node=measure, relation=Relation.SUPPORTS, from_node__kind=NodeKind.CLAIM).first()
    node = edge.from_node
    node.map = rated_map
    return node


def rate_url(node) -> str:
    return f"/maps/{node.map.slug}/nodes/{node.pk}/rate/"


def test_a_student_rates_a_claim_once_and_can_change_it(claim, student):
    rating_cast(rater=student, node=claim, score=2)
    rating_cast(rater=student, node=claim, score="5")
    assert list(Rating.objects.filter(rater=student).values_list("score", flat=True)) == [5]


def test_ratings_are_off_until_the_teacher_turns_them_on(class_map, measure, student):
    claim = Edge.objects.filter(to_node=measure, from_node__kind=NodeKind.CLAIM).first().from_node
    with pytest.raises(PermissionDenied, match="hasn't turned on ratings"):
        rating_cast(rater=student, node=claim, score=3)


def test_nobody_rates_once_voting_closes(claim, student, teacher):
    map_settings_update(map=claim.map, by=teacher, voting_open=False)
    with pytest.raises(PermissionDenied, match="Voting is closed"):
        rating_cast(rater=student, node=claim, score=3)


def test_measures_are_voted_on_not_rated(rated_map, measure, student):
    with pytest.raises(ValidationError):
        rating_cast(rater=student, node=measure, score=3)


def test_teachers_and_students_of_other_classes_do_not_rate(claim, teacher, outsider):
    with pytest.raises(PermissionDenied, match="only students rate"):
        rating_cast(rater=teacher, node=claim, score=3)
    with pytest.raises(PermissionDenied):
        rating_cast(rater=outsider, node=claim, score=3)


def test_a_student_does_not_rate_their_own_point(claim, student):
    own = Node.objects.create(map=claim.map, kind=NodeKind.CLAIM, text="My own point about wheat", author=student)
    access = permissions.map_access(student, claim.map)
    assert not permissions.can_rate(access, own)
    assert permissions.why_not_rate(access, own) == "This is your own point: your classmates rate it."


@pytest.mark.parametrize("score", ["", "0", "6", "many"])
def test_a_score_outside_1_to_5_is_refused(claim, student, score):
    with pytest.raises(ValidationError, match="from 1 to 5"):
        rating_cast(rater=student, node=claim, score=score)


def test_the_card_shows_the_control_and_the_class_ratings_only_after_rating(client, claim, student, second_student):
    rating_cast(rater=second_student, node=claim, score=4)
    client.force_login(student)
    page = client.get(f"{claim.map.get_absolute_url()}?open=all").content.decode()
    assert "How convincing is this?" in page
    assert "rate it to see how your class rated it" in words(page)
    assert "How the class rated it" not in page

    back = f"{claim.map.get_absolute_url()}?open=all#node-{claim.pk}"
    response = client.post(rate_url(claim), {"score": "2", "next": back}, follow=True)
    assert "Your rating is saved" in words(response)
    assert "Your rating: 2" in words(response)
    assert "2 ratings · mean 3.0 of 5" in words(response)


def test_with_htmx_the_rating_panel_is_swapped_in_place(client, claim, student):
    client.force_login(student)
    response = client.post(rate_url(claim), {"score": "4", "card": "12"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="rating-12-{claim.pk}"' in body
    assert "Your rating: 4" in body
    assert "Saved." in body
    assert response.headers["HX-Trigger"]


def test_no_js_rating_never_redirects_off_the_map(client, claim, student):
    client.force_login(student)
    response = client.post(rate_url(claim), {"score": "4", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()


def test_the_wrong_method_and_a_visitor_are_refused(client, claim, outsider):
    assert client.post(rate_url(claim), {"score": "3"}).status_code == 302  # to sign in
    client.force_login(outsider)
    assert client.post(rate_url(claim), {"score": "3"}).status_code == 404
    assert client.get(rate_url(claim)).status_code == 405


def test_the_measure_shows_both_strengths_once_the_class_rates(client, claim, measure, student, second_student):
    client.force_login(student)
    page = words(client.get(claim.map.get_absolute_url()))
    assert "from the class’s ratings" in page  # ratings on: both shown, the ratings one equal until someone rates
    rating_cast(rater=student, node=claim, score=1)
    rating_cast(rater=second_student, node=claim, score=1)
    card = client.get(claim.map.get_absolute_url()).content.decode().split(f'id="measure-{measure.pk}"')[1]
    text = words(card.split('class="measure-links"')[1].split("</p>")[0])
    checks = int(text.split("checks: ")[1].split("%")[0])
    rated = int(text.split("ratings: ")[1].split("%")[0])
    assert rated < checks  # the class found a supporter unconvincing (base 0), so the measure is weaker


def test_map_ratings_reads_everything_in_one_query(claim, student, second_student, django_assert_num_queries):
    rating_cast(rater=student, node=claim, score=5)
    rating_cast(rater=second_student, node=claim, score=2)
    with django_assert_num_queries(1):
        ratings = map_ratings(map=claim.map, rater_id=student.pk)
    assert ratings.own == {claim.pk: 5}
    assert ratings.means == {claim.pk: 3.5}
    assert ratings.summaries[claim.pk].distribution == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}


def test_the_settings_sentence_mentions_rating(rated_map):
    assert (
        "rate how convincing each claim and piece of evidence is"
        in permissions.what_students_can_do(rated_map).sentence
    )


def test_a_students_ratings_are_in_their_own_data(claim, student):
    from argmap.accounts.selectors import personal_data, personal_data_csv

    rating_cast(rater=student, node=claim, score=4)
    data = personal_data(person=student)
    assert [(r["statement"]["text"], r["score"]) for r in data["ratings"]] == [(claim.text, 4)]
    assert "rated 4 of 5 for how convincing it is" in personal_data_csv(data)


def test_merging_a_duplicate_moves_its_ratings_to_the_statement_that_stays(claim, teacher, student, second_student):
    from argmap.moderation.services import node_merge

    copy = Node.objects.create(map=claim.map, kind=NodeKind.CLAIM, text="A copy of the claim", status="visible")
    Edge.objects.create(map=claim.map, from_node=copy, to_node=claim.outgoing.first().to_node, relation="supports")
    copy.map = claim.map
    rating_cast(rater=student, node=copy, score=5)
    rating_cast(rater=second_student, node=copy, score=1)
    rating_cast(rater=second_student, node=claim, score=3)
    node_merge(survivor=claim, duplicates=[copy], by=teacher)
    # Sam's rating moves; Alex had already rated the claim that stays, so theirs stays on the hidden copy.
    assert sorted(Rating.objects.filter(node=claim).values_list("rater__username", "score")) == [
        ("alex", 3),
        ("sam", 5),
    ]
