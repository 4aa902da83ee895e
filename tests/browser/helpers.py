"""Plain functions the browser tests share: signing in through the form."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


TEACHER_PASSWORD = "teach-pass-1"
STUDENT_PASSWORD = "learn-pass-1"
STUDENTS = (("sam", "Sam K"), ("alex", "Alex P"))


def start_class_debate(user_model, *, students=STUDENTS, moderation_mode: str | None = None):
    """The essay map, a teacher (ms-rivera) and her class of students (sam, alex) debating a copy of it.

    Passwords are TEACHER_PASSWORD and STUDENT_PASSWORD; a moderation mode other than the default is set on the copy.
    """
    from django.core.management import call_command

    from argmap.classrooms.services import classroom_create, debate_start, membership_add
    from argmap.maps.models import Map

    call_command("loaddata", "destalinisation", verbosity=0)
    teacher = user_model.objects.create_user(
        username="ms-rivera", password=TEACHER_PASSWORD, display_name="Ms Rivera", is_teacher=True
    )
    classroom = classroom_create(teacher=teacher, name="10B History")
    for username, name in students:
        user = user_model.objects.create_user(username=username, password=STUDENT_PASSWORD, display_name=name)
        membership_add(classroom=classroom, user=user, role="student")
    debate = debate_start(classroom=classroom, by=teacher, source=Map.objects.get(slug="destalinisation"))
    if moderation_mode is not None:
        Map.objects.filter(pk=debate.pk).update(moderation_mode=moderation_mode)
        debate.refresh_from_db()
    return debate
