"""The world the security suites knock on, built once per module: the people of tests/conftest.py (made the same way,
with the same names), a superuser, the class's copy of the essay map with a classmate's points, a flag, a source.

Once per module, not per test: the route matrix and the CSP test run some 250 tests that only read this world, and
building it (with seven signed-in sessions) cost as much as the knocking. It lives in a transaction that is rolled
back after the module's last test; each test runs in a savepoint of it (pytest-django's `db`), and each request in
another savepoint rolled back at once (`Knocker.send`), so no test sees another's writes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from argmap.classrooms.services import classroom_create, debate_start
from argmap.maps.models import Map
from tests.helpers import add_student
from tests.security.helpers import Knocker, World, build_world

QUICK_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _make_world() -> World:
    User = get_user_model()
    if not Map.objects.filter(slug="destalinisation").exists():
        call_command("loaddata", "destalinisation", verbosity=0)
    essay_map = Map.objects.get(slug="destalinisation")
    teacher = User.objects.create_user(
        username="ms-rivera", password="teach-pass-1", display_name="Ms Rivera", is_teacher=True
    )
    other_teacher = User.objects.create_user(
        username="mr-okafor", password="teach-pass-2", display_name="Mr Okafor", is_teacher=True
    )
    admin = User.objects.create_user(username="ada", password="curate-pass-1", display_name="Ada Admin", is_staff=True)
    superuser = User.objects.create_user(
        username="root", password="root-pass-1", display_name="Site Admin", is_staff=True, is_superuser=True
    )
    classroom = classroom_create(teacher=teacher, name="10B History")
    other_classroom = classroom_create(teacher=other_teacher, name="11A History")
    return build_world(
        teacher=teacher,
        other_teacher=other_teacher,
        student=add_student(classroom, "Sam K", "sam"),
        second_student=add_student(classroom, "Alex P", "alex"),
        outsider=add_student(other_classroom, "Jo B", "jo"),
        admin=admin,
        superuser=superuser,
        classroom=classroom,
        other_classroom=other_classroom,
        class_map=debate_start(classroom=classroom, by=teacher, source=essay_map),
        essay_map=essay_map,
    )


@pytest.fixture(scope="module")
def world_and_knocker(django_db_setup, django_db_blocker) -> Iterator[tuple[World, Knocker]]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=QUICK_HASHING):
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            world = _make_world()
            knocker = Knocker(world)
        except BaseException as error:
            module_transaction.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield world, knocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def world(world_and_knocker, db) -> World:
    return world_and_knocker[0]


@pytest.fixture
def knocker(world_and_knocker, db) -> Knocker:
    return world_and_knocker[1]
