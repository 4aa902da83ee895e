"""Plain functions the tests share (fixtures stay in conftest files): what a page says, a student added to a class."""

from __future__ import annotations

import html
import re

from django.contrib.auth import get_user_model
from django.http import HttpResponse

from argmap.classrooms.models import Classroom, Role
from argmap.classrooms.services import membership_add


def words(page: HttpResponse | str) -> str:
    """The words a person reads on a page (a response or some markup): tags dropped, entities decoded, spaces
    collapsed, so a test can look for a sentence however the template breaks its lines."""
    markup = page if isinstance(page, str) else page.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def add_student(classroom: Classroom, name: str, username: str):
    """A new account that is a student of the class, with the password of the students in tests/conftest.py."""
    user = get_user_model().objects.create_user(username=username, password="learn-pass-1", display_name=name)
    membership_add(classroom=classroom, user=user, role=Role.STUDENT)
    return user
