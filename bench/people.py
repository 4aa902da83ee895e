"""The people and maps the bench loads: the essay map, a class of 30 debating their copy of it, and signed-in
sessions made directly in the session store (no password hashing, no login page: hundreds are needed quickly).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.utils.crypto import get_random_string

from argmap.accounts.models import User
from argmap.classrooms.models import Classroom, Role
from argmap.classrooms.services import classroom_create, debate_start, membership_add
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast

CLASS_SIZE = 30
ESSAY_SLUG = "destalinisation"
# One CSRF secret for every bench request: Django compares the cookie with the header, whoever sends them.
CSRF_TOKEN = get_random_string(32)


@dataclass(frozen=True)
class Class:
    classroom: Classroom
    teacher: User
    students: list[User]
    debate: Map

    @property
    def measures(self) -> list[Node]:
        return list(self.debate.nodes.filter(kind=NodeKind.MEASURE).order_by("id"))


def essay_map() -> Map:
    """The essay map, loaded as `make run` loads it (`manage.py seed`; with DEBUG off it makes no demo accounts)."""
    call_command("seed", stdout=io.StringIO())
    return Map.objects.get(slug=ESSAY_SLUG)


def new_users(prefix: str, count: int, *, teacher: bool = False) -> list[User]:
    """count accounts at once, with no usable password: the bench signs them in through the session store."""
    users = [
        User(username=f"{prefix}-{index}", display_name=f"{prefix.title()} {index}", is_teacher=teacher)
        for index in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users)


def class_debating(essay: Map, name: str = "Bench class") -> Class:
    """A teacher, CLASS_SIZE students and their copy of the essay map; each student adds a counterclaim and
    votes on every measure, so the pages show what a class that has been at work for a while sees."""
    (teacher,) = new_users("teacher", 1, teacher=True)
    classroom = classroom_create(teacher=teacher, name=name)
    debate = debate_start(classroom=classroom, by=teacher, source=essay)
    students = join(classroom, new_users("student", CLASS_SIZE))
    result = Class(classroom=classroom, teacher=teacher, students=students, debate=debate)
    measures = result.measures
    for index, student in enumerate(students):
        contribution_create(
            author=student,
            target=measures[index % len(measures)],
            kind="claim",
            relation="opposes",
            text=f"Counterpoint {index}",
            post_anyway=True,  # near copies of each other: the bench measures pages, not the duplicate check
        )
        for number, measure in enumerate(measures):
            vote_cast(voter=student, measure=measure, score=1 + (index + number) % 5)
    return result


def join(classroom: Classroom, students: list[User]) -> list[User]:
    for student in students:
        membership_add(classroom=classroom, user=student, role=Role.STUDENT)
    return students


def sessions(users: list[User]) -> dict[int, str]:
    """A signed-in session for each user, saved as the login page saves one; the session key by user id."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        keys[user.pk] = session.session_key
    return keys


def cookie(session_key: str | None) -> str:
    """The Cookie header of a signed-in person's browser (a visitor's carries only the CSRF cookie)."""
    csrf = f"{settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}"
    return f"{settings.SESSION_COOKIE_NAME}={session_key}; {csrf}" if session_key else csrf
