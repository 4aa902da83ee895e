"""Who may do what: every role against every action on every kind of map, and the helpers built on it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from argmap.classrooms import permissions
from argmap.classrooms.permissions import Action, MapRole
from argmap.classrooms.services import debate_start
from argmap.maps import selectors
from argmap.maps.models import Map, NodeKind, Status
from argmap.maps.services import node_create

VIEW, CONTRIBUTE, VOTE, MODERATE, SEE_RESULTS = (
    Action.VIEW,
    Action.CONTRIBUTE,
    Action.VOTE,
    Action.MODERATE,
    Action.SEE_RESULTS,
)

# The product's rules, written out once: public maps are read-only templates (nobody contributes
# or votes there); class maps are invisible outside the class; only students vote; the class's
# teacher and admins moderate; a locked map takes no contributions but still votes while voting is open
# (voting has its own switch); locked with voting closed leaves students reading and flagging.
EXPECTED: dict[str, dict[str, set[Action]]] = {
    "public essay map": {
        "visitor": {VIEW, SEE_RESULTS},
        "outsider": {VIEW, SEE_RESULTS},
        "student": {VIEW, SEE_RESULTS},
        "teacher": {VIEW, SEE_RESULTS},
        "other_teacher": {VIEW, SEE_RESULTS},
        "admin": {VIEW, SEE_RESULTS, MODERATE},
    },
    "class map": {
        "visitor": set(),
        "outsider": set(),
        "student": {VIEW, SEE_RESULTS, CONTRIBUTE, VOTE},
        "teacher": {VIEW, SEE_RESULTS, CONTRIBUTE, MODERATE},
        "other_teacher": set(),
        "admin": {VIEW, SEE_RESULTS, MODERATE},
    },
    "class map, locked": {
        "visitor": set(),
        "outsider": set(),
        "student": {VIEW, SEE_RESULTS, VOTE},
        "teacher": {VIEW, SEE_RESULTS, MODERATE},
        "other_teacher": set(),
        "admin": {VIEW, SEE_RESULTS, MODERATE},
    },
    "class map, locked, voting closed": {
        "visitor": set(),
        "outsider": set(),
        "student": {VIEW, SEE_RESULTS},
        "teacher": {VIEW, SEE_RESULTS, MODERATE},
        "other_teacher": set(),
        "admin": {VIEW, SEE_RESULTS, MODERATE},
    },
    "class map, voting closed": {
        "visitor": set(),
        "outsider": set(),
        "student": {VIEW, SEE_RESULTS, CONTRIBUTE},
        "teacher": {VIEW, SEE_RESULTS, CONTRIBUTE, MODERATE},
        "other_teacher": set(),
        "admin": {VIEW, SEE_RESULTS, MODERATE},
    },
}

EXPECTED_ROLE: dict[str, dict[str, MapRole]] = {
    "public essay map": {
        "visitor": MapRole.VISITOR,
        "outsider": MapRole.VISITOR,
        "student": MapRole.VISITOR,
        "teacher": MapRole.VISITOR,
        "other_teacher": MapRole.VISITOR,
        "admin": MapRole.ADMIN,
    },
    "class map": {
        "visitor": MapRole.VISITOR,
        "outsider": MapRole.VISITOR,
        "student": MapRole.STUDENT,
        "teacher": MapRole.TEACHER,
        "other_teacher": MapRole.VISITOR,
        "admin": MapRole.ADMIN,
    },
}

PEOPLE = ["visitor", "outsider", "student", "teacher", "other_teacher", "admin"]
MAPS = list(EXPECTED)


@pytest.fixture
def person(request):
    """One of the named people by name; the visitor is nobody signed in."""

    def get(name: str):
        return AnonymousUser() if name == "visitor" else request.getfixturevalue(name)

    return get


@pytest.fixture
def kind_of_map(essay_map, class_map):
    def get(name: str) -> Map:
        if name == "public essay map":
            return essay_map
        if name == "class map, locked":
            class_map.is_locked = True
            class_map.save(update_fields=["is_locked"])
        elif name == "class map, locked, voting closed":
            class_map.is_locked, class_map.voting_open = True, False
            class_map.save(update_fields=["is_locked", "voting_open"])
        elif name == "class map, voting closed":
            class_map.voting_open = False
            class_map.save(update_fields=["voting_open"])
        return Map.objects.get(pk=class_map.pk)

    return get


def test_the_table_covers_every_action_person_and_map():
    assert set(Action) == {VIEW, CONTRIBUTE, VOTE, MODERATE, SEE_RESULTS}
    for map_name in MAPS:
        assert set(EXPECTED[map_name]) == set(PEOPLE)


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("person_name", PEOPLE)
@pytest.mark.parametrize("map_name", MAPS)
def test_each_person_may_do_exactly_what_the_table_says(person, kind_of_map, map_name, person_name, action):
    access = permissions.map_access(person(person_name), kind_of_map(map_name))
    assert access.allows(action) is (action in EXPECTED[map_name][person_name])


@pytest.mark.parametrize("person_name", PEOPLE)
@pytest.mark.parametrize("map_name", list(EXPECTED_ROLE))
def test_each_person_has_the_expected_role_on_each_map(person, kind_of_map, map_name, person_name):
    access = permissions.map_access(person(person_name), kind_of_map(map_name))
    assert access.role == EXPECTED_ROLE[map_name][person_name]
    assert access.is_member is (access.role in (MapRole.STUDENT, MapRole.TEACHER))


@pytest.mark.parametrize("person_name", PEOPLE)
def test_the_shortcut_properties_agree_with_the_table(person, kind_of_map, person_name):
    access = permissions.map_access(person(person_name), kind_of_map("class map"))
    allowed = EXPECTED["class map"][person_name]
    assert access.can_view is (VIEW in allowed)
    assert access.can_contribute is (CONTRIBUTE in allowed)
    assert access.can_vote is (VOTE in allowed)
    assert access.can_moderate is (MODERATE in allowed)
    assert access.can_see_results is (SEE_RESULTS in allowed)
    assert permissions.can_view_map(person(person_name), kind_of_map("class map")) is (VIEW in allowed)


@pytest.mark.parametrize("person_name", PEOPLE)
def test_working_out_a_persons_access_takes_at_most_one_query(
    person, kind_of_map, person_name, django_assert_max_num_queries
):
    who = person(person_name)
    map = Map.objects.select_related("classroom").get(pk=kind_of_map("class map").pk)  # as views load it
    with django_assert_max_num_queries(1):
        permissions.map_access(who, map)


# Which maps each person sees


@pytest.fixture
def other_class_map(other_classroom, other_teacher, essay_map) -> Map:
    return debate_start(classroom=other_classroom, by=other_teacher, source=essay_map)


@pytest.mark.parametrize(
    ("person_name", "expected"),
    [
        ("visitor", {"essay"}),
        ("outsider", {"essay", "other class"}),
        ("student", {"essay", "class"}),
        ("teacher", {"essay", "class"}),
        ("other_teacher", {"essay", "other class"}),
        ("admin", {"essay", "class", "other class"}),
    ],
)
def test_each_person_sees_public_maps_and_their_own_classes_maps(
    person, essay_map, class_map, other_class_map, second_student, person_name, expected
):
    names = {essay_map.pk: "essay", class_map.pk: "class", other_class_map.pk: "other class"}
    visible = list(permissions.maps_visible_to(person(person_name)).values_list("pk", flat=True))
    assert len(visible) == len(set(visible)), "a map is listed twice"
    assert {names[pk] for pk in visible} == expected


@pytest.mark.parametrize("person_name", PEOPLE)
def test_the_list_of_maps_agrees_with_who_may_view_each_one(person, essay_map, class_map, other_class_map, person_name):
    who = person(person_name)
    visible = set(permissions.maps_visible_to(who))
    for map in (essay_map, class_map, other_class_map):
        assert (map in visible) is permissions.can_view_map(who, map), map.slug


# Editing one's own words


@pytest.fixture
def claim(measure, student):
    return node_create(
        map=measure.map,
        kind=NodeKind.CLAIM,
        text="It fed the cities for a while.",
        target=measure,
        relation="supports",
        author=student,
    )


def _can_edit(who, node) -> bool:
    map = Map.objects.get(pk=node.map_id)
    access = permissions.map_access(who, map)
    return permissions.can_edit_own(access, node, has_replies=selectors.node_has_replies(node=node))


def test_the_author_may_edit_their_words_before_anyone_replies(claim, student):
    assert _can_edit(student, claim)


def test_the_author_may_not_edit_once_someone_has_replied(claim, student, second_student):
    node_create(
        map=claim.map,
        kind=NodeKind.CLAIM,
        text="Only until the soil blew away.",
        target=claim,
        relation="opposes",
        author=second_student,
    )
    assert not _can_edit(student, claim)


@pytest.mark.parametrize("person_name", ["second_student", "teacher", "outsider", "admin", "visitor"])
def test_no_one_else_may_edit_a_students_words(person, claim, person_name):
    assert not _can_edit(person(person_name), claim)


def test_the_author_may_not_edit_on_a_locked_map(claim, student):
    Map.objects.filter(pk=claim.map_id).update(is_locked=True)
    assert not _can_edit(student, claim)


def test_no_one_may_edit_the_question_even_if_they_wrote_it(class_map, teacher):
    question = class_map.nodes.get(kind=NodeKind.QUESTION)
    question.author = teacher
    question.save(update_fields=["author"])
    assert not _can_edit(teacher, question)


# Voting on a measure


def test_a_student_may_vote_on_a_visible_measure_only(measure, student, teacher):
    student_access = permissions.map_access(student, measure.map)
    assert permissions.can_vote_on(student_access, measure)
    claim = measure.incoming.first().from_node
    assert not permissions.can_vote_on(student_access, claim)
    assert not permissions.can_vote_on(permissions.map_access(teacher, measure.map), measure)
    measure.status = Status.HIDDEN
    assert not permissions.can_vote_on(student_access, measure)


# The classes each person runs


@pytest.mark.parametrize(
    ("person_name", "expected"),
    [
        ("visitor", set()),
        ("outsider", set()),
        ("student", set()),
        ("teacher", {"10B History"}),
        ("other_teacher", {"11A History"}),
        ("admin", {"10B History", "11A History"}),
    ],
)
def test_each_person_runs_only_their_own_classes(person, classroom, other_classroom, person_name, expected):
    managed = permissions.classrooms_managed_by(person(person_name))
    assert set(managed.values_list("name", flat=True)) == expected


def test_the_teacher_who_runs_a_class_may_see_and_moderate_its_maps(classroom, class_map, other_teacher):
    classroom.teacher = other_teacher
    classroom.save(update_fields=["teacher"])
    assert classroom in permissions.classrooms_managed_by(other_teacher)
    class_map = Map.objects.get(pk=class_map.pk)  # as a request would load it
    access = permissions.map_access(other_teacher, class_map)
    assert access.can_view
    assert access.can_moderate
    assert class_map in permissions.maps_visible_to(other_teacher)


def test_a_teacher_may_start_debates_only_in_their_class_from_public_maps(
    teacher, other_teacher, student, classroom, essay_map, class_map
):
    assert permissions.can_start_debate(teacher, classroom, essay_map)
    assert not permissions.can_start_debate(teacher, classroom, class_map)
    assert not permissions.can_start_debate(other_teacher, classroom, essay_map)
    assert not permissions.can_start_debate(student, classroom, essay_map)


@pytest.mark.parametrize(
    ("person_name", "expected"),
    [("visitor", False), ("student", False), ("teacher", True), ("admin", True)],
)
def test_only_teachers_and_admins_may_create_classes(person, classroom, person_name, expected):
    assert permissions.can_create_classroom(person(person_name)) is expected
