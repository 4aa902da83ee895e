"""The people and objects the security suites knock with: the shared people of tests/conftest.py, a superuser, and
the world of objects each URL names."""

from __future__ import annotations

import pytest

from tests.security.helpers import World, build_world


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_user(
        username="root", password="root-pass-1", display_name="Site Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def world(
    teacher,
    other_teacher,
    student,
    second_student,
    outsider,
    admin,
    superuser,
    classroom,
    other_classroom,
    class_map,
    essay_map,
) -> World:
    return build_world(
        teacher=teacher,
        other_teacher=other_teacher,
        student=student,
        second_student=second_student,
        outsider=outsider,
        admin=admin,
        superuser=superuser,
        classroom=classroom,
        other_classroom=other_classroom,
        class_map=class_map,
        essay_map=essay_map,
    )
