"""A teacher's classes: creating one, its page, its join code, students made in a batch, new passwords, debates."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model

from argmap.classrooms import permissions
from argmap.classrooms.models import Classroom, Membership, Role
from argmap.classrooms.services import BATCH_MAX, new_join_code
from argmap.maps.models import Edge, Map, Node, NodeKind, Visibility
from argmap.votes.models import Vote
from tests.helpers import words

# The letters and digits a join code may use: none that reads like another (0/O, 1/I/L, 5/S).
UNAMBIGUOUS = set("ABCDEFGHJKMNPQRTUVWXYZ2346789")
AMBIGUOUS = set("0O1IL5S")
# What the fixture students were created with.
FIXTURE_PASSWORD = "learn-pass-1"


def _join(client, code: str, name: str):
    password = "river-stone-42"
    form = {"join_code": code, "display_name": name, "password1": password, "password2": password}
    return client.post("/join/", form)


# Creating a class


def test_a_teacher_creates_a_class_and_gets_a_six_character_unambiguous_code(client, teacher):
    client.force_login(teacher)
    response = client.post("/classes/new/", {"name": "  9C   History "}, follow=True)
    classroom = Classroom.objects.get(teacher=teacher)
    assert response.redirect_chain == [(f"/classes/{classroom.pk}/", 302)]
    assert classroom.name == "9C History"
    assert len(classroom.join_code) == 6
    assert set(classroom.join_code) <= UNAMBIGUOUS
    assert Membership.objects.filter(classroom=classroom, user=teacher, role=Role.TEACHER).exists()
    assert f"“9C History” is ready. Give your students the code {classroom.join_code}." in words(response)


def test_join_codes_never_use_characters_that_read_like_others():
    codes = {new_join_code() for _ in range(300)}
    assert all(len(code) == 6 for code in codes)
    assert set("".join(codes)).isdisjoint(AMBIGUOUS)
    assert set("".join(codes)) <= UNAMBIGUOUS


def test_it_asks_for_a_class_name(client, teacher):
    client.force_login(teacher)
    response = client.post("/classes/new/", {"name": "   "})
    assert response.status_code == 422
    assert "Give the class a name." in words(response)
    assert not Classroom.objects.exists()


def test_a_student_may_not_create_a_class(client, student):
    client.force_login(student)
    classes_before = Classroom.objects.count()
    assert client.get("/classes/new/").status_code == 403
    response = client.post("/classes/new/", {"name": "My own class"})
    assert response.status_code == 403
    assert "Only teachers can create classes. Students join a class with its code." in words(response)
    assert Classroom.objects.count() == classes_before


def test_a_visitor_is_sent_to_sign_in_before_creating_a_class(client, db):
    response = client.post("/classes/new/", {"name": "9C History"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/classes/new/"
    assert not Classroom.objects.exists()


def test_it_refuses_to_create_a_class_with_the_wrong_method(client, teacher):
    client.force_login(teacher)
    assert client.put("/classes/new/", {"name": "9C History"}).status_code == 405
    assert not Classroom.objects.exists()


# The class page


def test_the_teacher_sees_the_code_the_students_and_the_debate_form(client, teacher, classroom, student, essay_map):
    client.force_login(teacher)
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 200
    text = words(response)
    assert "10B History" in text
    assert f"Join code {classroom.join_code}" in text
    assert f"http://testserver/join/?code={classroom.join_code}" in text
    assert "Make a new code" in text
    assert "Students (1)" in text
    assert f"Sam K {student.username}" in text
    assert "Start a debate" in text
    assert f'<option value="{essay_map.slug}">{essay_map.title}</option>' in response.content.decode()
    assert f'action="/classes/{classroom.pk}/students/{student.pk}/password/"' in response.content.decode()


def test_a_student_sees_the_debates_but_not_the_code_or_the_other_students(
    client, student, second_student, classroom, class_map
):
    client.force_login(student)
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 200
    text = words(response)
    assert class_map.title in text
    assert f'href="/maps/{class_map.slug}/"' in response.content.decode()
    assert classroom.join_code not in response.content.decode()
    assert "Join code" not in text
    assert "Start a debate" not in text
    assert second_student.username not in text


def test_an_admin_may_open_and_run_any_class(client, admin, classroom):
    client.force_login(admin)
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 200
    assert f"Join code {classroom.join_code}" in words(response)


@pytest.mark.parametrize("person", ["outsider", "other_teacher"])
def test_people_of_another_class_get_a_404_for_the_class_page(client, classroom, person, request):
    client.force_login(request.getfixturevalue(person))
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 404
    assert classroom.join_code not in response.content.decode()


def test_a_visitor_is_sent_to_sign_in_for_the_class_page(client, classroom):
    response = client.get(f"/classes/{classroom.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/classes/{classroom.pk}/"


@pytest.mark.parametrize("student_count", [1, 10])
def test_the_class_page_takes_a_fixed_number_of_queries_however_many_students(
    client, teacher, classroom, class_map, student_count, django_assert_max_num_queries
):
    for number in range(student_count):
        user = get_user_model().objects.create_user(username=f"pupil-{number}", display_name=f"Pupil {number}")
        Membership.objects.create(classroom=classroom, user=user, role=Role.STUDENT)
    client.force_login(teacher)
    with django_assert_max_num_queries(9):  # one reads the class's history, one finds who is locked out
        response = client.get(f"/classes/{classroom.pk}/")
    assert f"Students ({student_count})" in words(response)


def test_the_class_list_shows_the_teacher_each_class_with_its_student_count(client, teacher, student, second_student):
    client.force_login(teacher)
    text = words(client.get("/classes/"))
    assert "10B History Teacher: Ms Rivera · 2 students" in text
    assert "Create a class" in text


def test_the_class_list_shows_a_student_their_class_with_its_whole_student_count(
    client, student, second_student, outsider
):
    client.force_login(student)
    text = words(client.get("/classes/"))
    assert "10B History Teacher: Ms Rivera · 2 students" in text
    assert "11A History" not in text
    assert "Create a class" not in text


# A new join code


def test_the_teacher_makes_a_new_code_and_the_old_one_stops_working(client, teacher, classroom, student):
    old_code = classroom.join_code
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/code/", follow=True)
    classroom.refresh_from_db()
    assert response.redirect_chain == [(f"/classes/{classroom.pk}/", 302)]
    assert classroom.join_code != old_code
    assert len(classroom.join_code) == 6
    assert f"The new code is {classroom.join_code}. The old one no longer works." in words(response)
    assert Membership.objects.filter(classroom=classroom, user=student).exists()
    client.logout()
    refused = _join(client, old_code, "Lee M")
    assert refused.status_code == 422
    assert "No class has that code. Check it with your teacher." in words(refused)
    assert _join(client, classroom.join_code, "Lee M").status_code == 302
    assert Membership.objects.filter(classroom=classroom, user__display_name="Lee M").exists()


def test_it_refuses_to_make_a_new_code_on_a_get(client, teacher, classroom):
    old_code = classroom.join_code
    client.force_login(teacher)
    assert client.get(f"/classes/{classroom.pk}/code/").status_code == 405
    classroom.refresh_from_db()
    assert classroom.join_code == old_code


@pytest.mark.parametrize("person", ["student", "other_teacher", "outsider"])
def test_it_refuses_a_new_code_to_anyone_but_the_teacher(client, classroom, person, request):
    old_code = classroom.join_code
    client.force_login(request.getfixturevalue(person))
    assert client.post(f"/classes/{classroom.pk}/code/").status_code == 404
    classroom.refresh_from_db()
    assert classroom.join_code == old_code


# Students made in a batch


def test_the_teacher_sees_the_form_to_add_students(client, teacher, classroom):
    client.force_login(teacher)
    response = client.get(f"/classes/{classroom.pk}/students/new/")
    assert response.status_code == 200
    assert "Add students to 10B History" in words(response)
    assert "Students' names, one per line" in words(response)


def test_the_teacher_makes_accounts_for_a_list_of_names_and_gets_a_printable_sheet(client, teacher, classroom):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R\n\nNoah T\n   Olu    A  \n"})
    assert response.status_code == 200
    text = words(response)
    assert "Sign-in details: 10B History" in text
    assert "Print this page or copy it now: the passwords are not shown again." in text
    students = Membership.objects.filter(classroom=classroom, role=Role.STUDENT)
    assert sorted(students.values_list("user__display_name", flat=True)) == ["Mia R", "Noah T", "Olu A"]
    credentials = response.context["credentials"]
    assert len(credentials) == 3
    for credential in credentials:
        assert f"{credential.user.name} {credential.user.username} {credential.password}" in text
        assert credential.user.email == ""
        assert authenticate(username=credential.user.username, password=credential.password) == credential.user
    assert len({credential.password for credential in credentials}) == 3


def test_it_refuses_a_list_that_names_someone_twice_and_saves_no_one(client, teacher, classroom):
    client.force_login(teacher)
    users_before = get_user_model().objects.count()
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R\nNoah T\nMia R"})
    assert response.status_code == 422
    assert "Each name must be different: “Mia R” is in the list more than once." in words(response)
    assert get_user_model().objects.count() == users_before


def test_it_counts_names_differing_only_in_case_as_the_same(client, teacher, classroom):
    client.force_login(teacher)
    users_before = get_user_model().objects.count()
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R\nmia r"})
    assert response.status_code == 422
    assert "Each name must be different" in words(response)
    assert get_user_model().objects.count() == users_before


def test_it_refuses_a_name_already_in_the_class_and_saves_no_one(client, teacher, classroom, student):
    client.force_login(teacher)
    users_before = get_user_model().objects.count()
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R\nsam k\nNoah T"})
    assert response.status_code == 422
    assert "Someone in this class is already called “sam k”. Add an initial." in words(response)
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(display_name__in=["Mia R", "Noah T"]).exists()


def test_it_refuses_more_students_than_a_batch_takes(client, teacher, classroom):
    client.force_login(teacher)
    users_before = get_user_model().objects.count()
    names = "\n".join(f"Pupil {number}" for number in range(BATCH_MAX + 1))
    response = client.post(f"/classes/{classroom.pk}/students/new/", {"names": names})
    assert response.status_code == 422
    assert f"Add at most {BATCH_MAX} students at a time (this list has {BATCH_MAX + 1})." in words(response)
    assert get_user_model().objects.count() == users_before


def test_it_refuses_to_add_students_with_the_wrong_method(client, teacher, classroom):
    client.force_login(teacher)
    users_before = get_user_model().objects.count()
    assert client.put(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R"}).status_code == 405
    assert get_user_model().objects.count() == users_before


@pytest.mark.parametrize("person", ["student", "other_teacher", "outsider"])
def test_it_refuses_to_add_students_for_anyone_but_the_teacher(client, classroom, person, request):
    client.force_login(request.getfixturevalue(person))
    users_before = get_user_model().objects.count()
    assert client.get(f"/classes/{classroom.pk}/students/new/").status_code == 404
    assert client.post(f"/classes/{classroom.pk}/students/new/", {"names": "Mia R"}).status_code == 404
    assert get_user_model().objects.count() == users_before


# A new password for a student


def test_the_teacher_gives_a_student_a_new_password_and_the_old_one_stops_working(client, teacher, classroom, student):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/")
    assert response.status_code == 200
    text = words(response)
    assert "New password: 10B History" in text
    assert "The old password no longer works." in text
    [credential] = response.context["credentials"]
    assert credential.user == student
    assert f"Sam K {student.username} {credential.password}" in text
    assert authenticate(username=student.username, password=credential.password) == student
    assert authenticate(username=student.username, password=FIXTURE_PASSWORD) is None


def test_it_refuses_a_new_password_on_a_get(client, teacher, classroom, student):
    client.force_login(teacher)
    assert client.get(f"/classes/{classroom.pk}/students/{student.pk}/password/").status_code == 405
    assert authenticate(username=student.username, password=FIXTURE_PASSWORD) == student


def test_it_refuses_a_new_password_for_a_student_of_another_class(client, teacher, classroom, outsider):
    client.force_login(teacher)
    assert client.post(f"/classes/{classroom.pk}/students/{outsider.pk}/password/").status_code == 404
    assert authenticate(username=outsider.username, password=FIXTURE_PASSWORD) == outsider


def test_it_refuses_a_new_password_for_the_teacher_through_the_student_list(client, teacher, classroom):
    client.force_login(teacher)
    assert client.post(f"/classes/{classroom.pk}/students/{teacher.pk}/password/").status_code == 404
    assert authenticate(username=teacher.username, password="teach-pass-1") == teacher


@pytest.mark.parametrize("person", ["second_student", "other_teacher", "outsider"])
def test_it_refuses_a_new_password_from_anyone_but_the_teacher(client, classroom, student, person, request):
    client.force_login(request.getfixturevalue(person))
    assert client.post(f"/classes/{classroom.pk}/students/{student.pk}/password/").status_code == 404
    assert authenticate(username=student.username, password=FIXTURE_PASSWORD) == student


# Starting a debate


def _pairs(map: Map) -> tuple[list[Node], list[tuple[int, int, str]]]:
    """A map's nodes in order, and its edges as (from position, to position, relation)."""
    nodes = list(Node.objects.filter(map=map).order_by("id"))
    position = {node.pk: index for index, node in enumerate(nodes)}
    edges = [
        (position[edge.from_node_id], position[edge.to_node_id], edge.relation)
        for edge in Edge.objects.filter(map=map).order_by("id")
    ]
    return nodes, edges


def test_the_teacher_starts_a_debate_that_copies_the_map_but_not_its_votes(
    client, teacher, classroom, student, essay_map
):
    a_measure = essay_map.nodes.filter(kind=NodeKind.MEASURE).first()
    Vote.objects.create(map=essay_map, measure=a_measure, voter=student, round="before", score=4)
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug, "title": ""}, follow=True)
    debate = Map.objects.get(classroom=classroom)
    assert response.redirect_chain == [(f"/maps/{debate.slug}/", 302)]
    assert response.status_code == 200
    assert (
        "“Khrushchev and destalinisation (10B History)” is open to your class. Only its members can see it."
        in words(response)
    )
    assert debate.title == "Khrushchev and destalinisation (10B History)"
    assert (debate.visibility, debate.copied_from, debate.owner) == (Visibility.CLASS, essay_map, teacher)
    assert debate.question == essay_map.question
    assert debate.source_document == essay_map.source_document
    source_nodes, source_edges = _pairs(essay_map)
    copied_nodes, copied_edges = _pairs(debate)
    assert [(node.kind, node.text, node.topic) for node in copied_nodes] == [
        (node.kind, node.text, node.topic) for node in source_nodes
    ]
    assert copied_edges == source_edges
    assert not {node.pk for node in source_nodes} & {node.pk for node in copied_nodes}
    assert Vote.objects.filter(map=debate).count() == 0
    assert Vote.objects.filter(map=essay_map).count() == 1


def test_the_copys_nodes_keep_their_essay_quotes_and_anchors_word_for_word(class_map, essay_map):
    source_nodes, _ = _pairs(essay_map)
    copied_nodes, _ = _pairs(class_map)
    assert [(node.essay_quote, node.essay_start, node.essay_end) for node in copied_nodes] == [
        (node.essay_quote, node.essay_start, node.essay_end) for node in source_nodes
    ]
    for node in copied_nodes:
        if node.added_by_curator:  # the history the essay leaves out has no place in it
            assert (node.essay_quote, node.essay_start) == ("", None)
        else:
            assert class_map.source_document[node.essay_start : node.essay_end] == node.essay_quote


def test_the_teachers_own_title_names_the_debate(client, teacher, classroom, essay_map):
    client.force_login(teacher)
    client.post(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug, "title": "  Was he a reformer?  "})
    assert Map.objects.get(classroom=classroom).title == "Was he a reformer?"


def test_a_debate_is_seen_only_by_its_class(client, class_map, teacher, student, outsider, other_teacher, admin):
    assert client.get(f"/maps/{class_map.slug}/").status_code == 404
    for person, status in ((outsider, 404), (other_teacher, 404), (student, 200), (teacher, 200), (admin, 200)):
        client.force_login(person)
        assert client.get(f"/maps/{class_map.slug}/").status_code == status, person.username


def test_starting_the_same_debate_twice_makes_two_maps_with_different_slugs(client, teacher, classroom, essay_map):
    client.force_login(teacher)
    for _ in range(2):
        assert client.post(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug}).status_code == 302
    debates = list(Map.objects.filter(classroom=classroom))
    assert len(debates) == 2
    assert debates[0].slug != debates[1].slug
    assert all(debate.slug.startswith("destalinisation-10b-history") for debate in debates)
    for debate in debates:
        assert debate.nodes.count() == essay_map.nodes.count()


def test_it_refuses_to_start_a_debate_from_a_class_map(client, teacher, classroom, class_map):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/debates/", {"source": class_map.slug}, follow=True)
    assert response.redirect_chain == [(f"/classes/{classroom.pk}/", 302)]
    assert "Choose one of the maps in the list." in words(response)
    assert list(Map.objects.filter(classroom=classroom)) == [class_map]


def test_it_refuses_to_start_a_debate_on_a_get(client, teacher, classroom, essay_map):
    client.force_login(teacher)
    assert client.get(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug}).status_code == 405
    assert not Map.objects.filter(classroom=classroom).exists()


@pytest.mark.parametrize("person", ["student", "other_teacher", "outsider"])
def test_it_refuses_to_start_a_debate_for_anyone_but_the_teacher(client, classroom, essay_map, person, request):
    client.force_login(request.getfixturevalue(person))
    assert client.post(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug}).status_code == 404
    assert not Map.objects.filter(classroom=classroom).exists()


def test_the_new_debate_is_listed_on_the_class_page_for_its_students(client, teacher, classroom, student, essay_map):
    client.force_login(teacher)
    client.post(f"/classes/{classroom.pk}/debates/", {"source": essay_map.slug})
    debate = Map.objects.get(classroom=classroom)
    client.force_login(student)
    assert debate.title in words(client.get(f"/classes/{classroom.pk}/"))
    assert debate in permissions.maps_visible_to(student)
