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


def visible_statements_and_links(map) -> tuple[set[int], set[tuple[int, int]]]:
    """The statements and links of map that a student sees, from the database: visible statements, and the links
    between them that are not hidden (what the graph view must draw for them)."""
    from argmap.maps.models import Edge, Node, Status

    nodes = set(Node.objects.filter(map=map, status=Status.VISIBLE).values_list("pk", flat=True))
    links = {
        (source, target)
        for source, target in Edge.objects.filter(map=map)
        .exclude(status=Status.HIDDEN)
        .values_list("from_node_id", "to_node_id")
        if source in nodes and target in nodes
    }
    return nodes, links
