"""Names and statements are compared as a reader sees them: Unicode-normalised, invisible characters removed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from argmap.classrooms.models import Membership, Role
from argmap.classrooms.services import membership_add, student_join, students_create_batch
from argmap.maps.models import NodeKind, Relation
from argmap.maps.services import contribution_create
from argmap.text import comparison_key, visible_text

ZERO_WIDTH_SPACE = "\u200b"
PASSWORD = "quiet-river-42"


def add_student(classroom, name: str, username: str):
    """A new account that is a student of the class (as tests/conftest.py makes Sam and Alex)."""
    user = get_user_model().objects.create_user(username=username, password="learn-pass-1", display_name=name)
    membership_add(classroom=classroom, user=user, role=Role.STUDENT)
    return user


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Maya\u200b Lopez", "Maya Lopez"),  # zero-width space
        ("Ma\u00adya Lopez", "Maya Lopez"),  # soft hyphen
        ("\u200fMaya Lopez\u200e", "Maya Lopez"),  # right-to-left and left-to-right marks
        ("\ufeffMaya\u2060 Lo\u200dpez", "Maya Lopez"),  # byte-order mark, word joiner, zero-width joiner
        ("Maya\u00a0\u2003 Lopez ", "Maya Lopez"),  # no-break space, em space
        ("Maya\u3164Lopez", "Maya Lopez"),  # Hangul filler, drawn as a blank
        ("Ｍａｙａ Ｌｏｐｅｚ", "Maya Lopez"),  # full-width letters
        ("Maya\x07 Lopez", "Maya Lopez"),  # a control character
        ("Zoë Brontë", "Zoë Brontë"),  # accents stay
        ("Zoe\u0308", "Zoë"),  # a combining diaeresis is composed
        ("\u200b\u200c", ""),
    ],
)
def test_text_is_kept_as_a_reader_sees_it(typed, stored):
    assert visible_text(typed) == stored


def test_names_that_look_alike_compare_equal():
    assert comparison_key("MAYA LOPEZ") == comparison_key("maya\u200b lopez") == comparison_key("Ｍａｙａ Ｌｏｐｅｚ")
    assert comparison_key("Straße") == comparison_key("STRASSE")
    assert comparison_key("Maya Lopez") != comparison_key("Maya Lopes")


def test_a_name_with_a_zero_width_space_is_already_in_the_class(classroom):
    add_student(classroom, "Maya Lopez", "maya")
    with pytest.raises(ValidationError) as refused:
        student_join(join_code=classroom.join_code, display_name=f"Maya{ZERO_WIDTH_SPACE} lopez", password=PASSWORD)
    assert refused.value.message_dict == {
        "display_name": ["Someone in this class is already called “Maya lopez”. Add an initial."]
    }


def test_a_name_stored_before_invisible_characters_were_removed_still_counts(classroom):
    add_student(classroom, f"Maya{ZERO_WIDTH_SPACE} Lopez", "maya")
    with pytest.raises(ValidationError, match="already called"):
        student_join(join_code=classroom.join_code, display_name="Maya Lopez", password=PASSWORD)


def test_a_joining_student_s_name_is_stored_without_invisible_characters(classroom):
    user = student_join(
        join_code=classroom.join_code, display_name=f" Maya{ZERO_WIDTH_SPACE}\u00a0 Lopez\u200f ", password=PASSWORD
    )
    assert user.display_name == "Maya Lopez"


def test_a_name_of_invisible_characters_only_is_no_name(classroom):
    with pytest.raises(ValidationError) as refused:
        student_join(join_code=classroom.join_code, display_name="\u200b\u200d", password=PASSWORD)
    assert refused.value.message_dict == {"display_name": ["Write your name first."]}


def test_a_teacher_s_list_with_the_same_name_twice_is_refused(classroom, teacher):
    with pytest.raises(ValidationError) as refused:
        students_create_batch(classroom=classroom, by=teacher, names=["Maya Lopez", f"maya{ZERO_WIDTH_SPACE} LOPEZ"])
    assert refused.value.message_dict == {
        "names": ["Each name must be different: “Maya Lopez” is in the list more than once."]
    }
    assert not Membership.objects.filter(classroom=classroom, role=Role.STUDENT).exists()


def test_a_teacher_s_list_naming_someone_already_in_the_class_is_refused(classroom, teacher):
    add_student(classroom, "Maya Lopez", "maya")
    with pytest.raises(ValidationError) as refused:
        students_create_batch(classroom=classroom, by=teacher, names=["Ali Demir", "Ｍａｙａ Ｌｏｐｅｚ"])
    assert refused.value.message_dict == {
        "names": ["Someone in this class is already called “Maya Lopez”. Add an initial."]
    }
    assert Membership.objects.filter(classroom=classroom, role=Role.STUDENT).count() == 1


def test_a_teacher_s_list_is_stored_as_read_and_invisible_lines_are_skipped(classroom, teacher):
    made = students_create_batch(
        classroom=classroom, by=teacher, names=[f"Ali{ZERO_WIDTH_SPACE} Demir", "\u200b", "  Bea\u00a0Koch "]
    )
    assert [credentials.user.display_name for credentials in made] == ["Ali Demir", "Bea Koch"]


def test_a_statement_repeated_with_invisible_characters_inside_its_words_is_refused(class_map, student, second_student):
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    contribution_create(
        author=student, target=measure, kind=NodeKind.CLAIM, relation=Relation.SUPPORTS, text="It fed the cities."
    )
    with pytest.raises(ValidationError) as refused:
        contribution_create(
            author=second_student,
            target=measure,
            kind=NodeKind.CLAIM,
            relation=Relation.SUPPORTS,
            text=f"It f{ZERO_WIDTH_SPACE}ed the cit\u00adies",
        )
    assert refused.value.message_dict == {
        "text": ["“It fed the cities.” already says this here. Support or oppose that point instead."]
    }
