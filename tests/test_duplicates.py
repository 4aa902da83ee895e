"""Duplicates across the whole map: the same words (case, punctuation, apostrophes and spacing aside) anywhere the
writer can see are refused; a near copy is shown and posted only once the writer confirms. Service, page and API.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from argmap.classrooms import permissions
from argmap.maps import selectors
from argmap.maps.models import Map, ModerationMode, Node, NodeKind, Status
from argmap.maps.services import DuplicateStatement, contribution_create
from argmap.moderation.services import node_hide
from argmap.text import duplicate_key, similarity
from tests.api.helpers import add as api_add
from tests.api.helpers import counterclaim

ESSAY_FACT = "Stalin's body was removed from Red Square in 1961."


def add(author, target, text, **extra):
    return contribution_create(author=author, target=target, kind="claim", relation="supports", text=text, **extra)


@pytest.fixture
def fact(class_map) -> Node:
    """The essay's own statement, which hangs under a claim about Stalin's image, not under the measure."""
    return class_map.nodes.get(text=ESSAY_FACT)


@pytest.fixture
def elsewhere(class_map, fact) -> Node:
    """The measure one level up from the essay's fact (which hangs under a claim under it): a copy posted here
    is not the fact's sibling."""
    return class_map.nodes.get(kind=NodeKind.MEASURE, text="Publicly attacking Stalin's image")


def test_the_key_leaves_out_case_punctuation_apostrophes_and_spacing():
    assert duplicate_key(ESSAY_FACT) == duplicate_key("stalins  body was removed from red square in 1961")
    assert (
        duplicate_key("Stalin’s body, removed — from Red Square (1961)") == "stalins body removed from red square 1961"
    )
    assert duplicate_key("Sta\u200blin's body") == "stalins body"


def test_similarity_is_pg_trgms():
    assert similarity("word", "word") == 1.0
    assert similarity("", "word") == 0.0
    # pg_trgm: "  a", " ab", "abc", "bc " against "  a", " ab", "abd", "bd ": 2 shared of 6.
    assert similarity("abc", "abd") == pytest.approx(2 / 6)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's own similarity()")
def test_on_postgresql_the_python_similarity_gives_the_databases_numbers(db):
    pairs = [
        (ESSAY_FACT, "Stalin's body was taken out of Red Square in 1961"),
        ("The Virgin Lands scheme was a success", "the virgin land scheme was a sucess"),
        ("Dust storms, 1963: the soil blew away!", "dust storm soil blew"),
    ]
    with connection.cursor() as cursor:
        for first, second in pairs:
            cursor.execute("SELECT similarity(%s, %s)", [duplicate_key(first), duplicate_key(second)])
            assert cursor.fetchone()[0] == pytest.approx(similarity(duplicate_key(first), duplicate_key(second)))


def test_the_essays_statement_copied_under_another_statement_is_refused_with_a_link(elsewhere, fact, student):
    with pytest.raises(DuplicateStatement) as refused:
        add(student, elsewhere, "stalins body was removed from red square in 1961")
    assert refused.value.existing.pk == fact.pk
    assert not refused.value.near
    assert refused.value.message_dict["text"] == [
        f"“{ESSAY_FACT}” already says this elsewhere in the map. Support or oppose that point instead."
    ]
    assert not Node.objects.filter(text="stalins body was removed from red square in 1961").exists()


def test_an_exact_copy_is_refused_even_when_the_writer_says_post_anyway(elsewhere, fact, student):
    with pytest.raises(DuplicateStatement):
        add(student, elsewhere, ESSAY_FACT.upper(), post_anyway=True)


def test_a_near_copy_is_shown_and_posted_once_the_writer_confirms(elsewhere, fact, student):
    near = "Stalin's body was taken out of Red Square in 1961"
    with pytest.raises(DuplicateStatement) as refused:
        add(student, elsewhere, near)
    assert refused.value.near
    assert refused.value.existing.pk == fact.pk
    assert "says nearly the same" in refused.value.messages[0]
    created = add(student, elsewhere, near, post_anyway=True)
    assert created.text == near


def test_a_different_point_goes_through(elsewhere, fact, student):
    assert add(student, elsewhere, "Crowds still queued at the Kremlin wall to see the new grave.").pk


def test_the_authors_own_waiting_point_counts_but_a_classmates_stays_secret(
    class_map, measure, elsewhere, student, second_student
):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode=ModerationMode.PRE)
    measure.map.refresh_from_db()
    mine = add(student, measure, "Khrushchev's speech shocked the delegates.")
    assert mine.status == Status.PENDING
    with pytest.raises(DuplicateStatement) as refused:
        add(student, elsewhere, "khrushchevs speech shocked the delegates")
    assert refused.value.existing.pk == mine.pk
    # The classmate can't see the waiting point, so it must not be named to them: theirs waits too.
    assert add(second_student, elsewhere, "Khrushchev's speech shocked the delegates").status == Status.PENDING


def test_hidden_statements_and_what_hangs_from_them_are_not_named(class_map, measure, elsewhere, student, teacher):
    parent = add(teacher, measure, "Farms in Kazakhstan grew wheat on new land.")
    child = add(teacher, parent, "Over 30 million acres were ploughed.")
    node_hide(node=Node.objects.select_related("map").get(pk=parent.pk), by=teacher)
    # The child is still "visible" by status, but hangs from a hidden statement: the class can't see it.
    assert Node.objects.get(pk=child.pk).status == Status.VISIBLE
    assert add(student, elsewhere, "Over 30 million acres were ploughed!").pk
    assert add(student, elsewhere, "Farms in Kazakhstan grew wheat on new land!").pk


def test_the_check_costs_the_same_few_queries_on_a_small_and_a_large_map(
    build_map, student, django_assert_max_num_queries
):
    for size in (2, 8):
        map = build_map(slug=f"generated-{size}", measures=size, per_measure=20)
        access = permissions.map_access(student, map)
        node = map.nodes.filter(kind=NodeKind.MEASURE).first()
        with django_assert_max_num_queries(3):
            selectors.statements_like(map=map, text=node.text, access=access)


# The pages and the API say the same.


def add_url(node: Node) -> str:
    return f"/maps/{node.map.slug}/nodes/{node.pk}/add/"


def test_the_page_shows_the_statement_already_there_with_a_link(client, elsewhere, fact, student):
    client.force_login(student)
    data = {"relation": "supports", "kind": "evidence", "text": "stalins body was removed from red square in 1961"}
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(add_url(elsewhere), data, headers=headers)
        page = response.content.decode()
        assert response.status_code == 422
        assert "already says this elsewhere in the map" in page
        assert f'href="{fact.get_absolute_url()}"' in page
        assert "Post mine anyway" not in page  # an exact copy can't be posted anyway


def test_on_the_page_a_near_copy_offers_post_anyway(client, elsewhere, fact, student):
    client.force_login(student)
    data = {"relation": "supports", "kind": "claim", "text": "Stalin's body was taken out of Red Square in 1961"}
    response = client.post(add_url(elsewhere), data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "says nearly the same" in response.content.decode()
    assert 'name="post_anyway"' in response.content.decode()
    response = client.post(add_url(elsewhere), {**data, "post_anyway": "on"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert Node.objects.filter(text=data["text"], author=student).exists()


def test_the_api_names_the_statement_already_there_on_the_text_field(client, elsewhere, fact, student):
    client.force_login(student)
    response = api_add(
        client, elsewhere.map, **counterclaim(elsewhere, "STALIN’S BODY WAS REMOVED FROM RED SQUARE IN 1961")
    )
    assert response.status_code == 400
    body = response.json()
    assert body["text"] == [
        f"“{ESSAY_FACT}” already says this elsewhere in the map. Support or oppose that point instead."
    ]
    assert body["duplicate_of"] == {"id": fact.pk, "text": ESSAY_FACT, "url": fact.get_absolute_url(), "near": False}


def test_the_api_posts_a_near_copy_with_post_anyway(client, elsewhere, fact, student):
    client.force_login(student)
    near = counterclaim(elsewhere, "Stalin's body was taken out of Red Square in 1961")
    refused = api_add(client, elsewhere.map, **near)
    assert refused.status_code == 400
    assert refused.json()["duplicate_of"]["near"] is True
    assert api_add(client, elsewhere.map, **near, post_anyway=True).status_code == 201


def test_a_plain_validation_error_is_not_a_duplicate(elsewhere, student):
    with pytest.raises(ValidationError) as refused:
        add(student, elsewhere, "   ")
    assert not isinstance(refused.value, DuplicateStatement)
