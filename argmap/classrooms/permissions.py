"""The one place that decides who may do what to which map, node or class; web views and the API ask it.

Roles, per map: a visitor (anyone, signed in or not, outside the map's class), a student or a
teacher of the map's class, and an admin (staff). A class's map is invisible outside its class:
views turn a refusal to view into a 404, so the map's existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from argmap.classrooms.models import Classroom, Membership, Role
from argmap.maps.models import Map, Node, NodeKind, Status, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Person = AbstractBaseUser | AnonymousUser


MODERATORS_ONLY = "Only the class's teacher can moderate this map."


class MapRole(StrEnum):
    VISITOR = "visitor"
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


class Action(StrEnum):
    VIEW = "view"
    CONTRIBUTE = "contribute"
    VOTE = "vote"
    MODERATE = "moderate"
    SEE_RESULTS = "see_results"


@dataclass(frozen=True)
class MapAccess:
    """What one person may do on one map, worked out once per request."""

    map: Map
    role: MapRole
    viewer_id: int | None = None

    def allows(self, action: Action) -> bool:
        return ALLOWED[action](self)

    @property
    def can_view(self) -> bool:
        return self.allows(Action.VIEW)

    @property
    def can_contribute(self) -> bool:
        return self.allows(Action.CONTRIBUTE)

    @property
    def can_vote(self) -> bool:
        return self.allows(Action.VOTE)

    @property
    def can_moderate(self) -> bool:
        return self.allows(Action.MODERATE)

    @property
    def can_see_results(self) -> bool:
        return self.allows(Action.SEE_RESULTS)

    @property
    def is_member(self) -> bool:
        return self.role in (MapRole.STUDENT, MapRole.TEACHER)


def _view(access: MapAccess) -> bool:
    return access.map.visibility == Visibility.PUBLIC or access.role != MapRole.VISITOR


def _contribute(access: MapAccess) -> bool:
    # Public maps are templates: classes argue in their own copies.
    return access.is_member and access.map.classroom_id is not None and not access.map.is_locked


def _vote(access: MapAccess) -> bool:
    return access.role == MapRole.STUDENT and access.map.voting_open and not access.map.is_locked


def _moderate(access: MapAccess) -> bool:
    return access.role in (MapRole.TEACHER, MapRole.ADMIN)


ALLOWED = {
    Action.VIEW: _view,
    Action.CONTRIBUTE: _contribute,
    Action.VOTE: _vote,
    Action.MODERATE: _moderate,
    Action.SEE_RESULTS: _view,
}


def is_admin(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active and person.is_staff)


def is_teacher(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active and getattr(person, "is_teacher", False))


def map_access(person: Person, map: Map) -> MapAccess:
    """The person's role on the map: at most one query (their membership of the map's class)."""
    viewer_id = person.pk if person.is_authenticated else None
    if is_admin(person):
        return MapAccess(map=map, role=MapRole.ADMIN, viewer_id=viewer_id)
    if viewer_id is None or map.classroom_id is None:
        return MapAccess(map=map, role=MapRole.VISITOR, viewer_id=viewer_id)
    if map.classroom.teacher_id == viewer_id:
        # The teacher recorded on the class, as classrooms_managed_by reads it: one source of truth.
        return MapAccess(map=map, role=MapRole.TEACHER, viewer_id=viewer_id)
    role = Membership.objects.filter(classroom_id=map.classroom_id, user=person).values_list("role", flat=True).first()
    # The class's teacher is the one recorded on the class (above); a membership alone makes a student.
    return MapAccess(map=map, role=MapRole.STUDENT if role == Role.STUDENT else MapRole.VISITOR, viewer_id=viewer_id)


def can_view_map(person: Person, map: Map) -> bool:
    return map_access(person, map).can_view


def maps_visible_to(person: Person) -> QuerySet[Map]:
    """Every map this person may open: public ones, their classes' maps, and all of them for admins."""
    maps = Map.objects.all()
    if is_admin(person):
        return maps
    if person.is_authenticated:
        mine = Q(classroom__teacher=person) | Q(
            classroom__in=Membership.objects.filter(user=person).values("classroom")
        )
        return maps.filter(Q(visibility=Visibility.PUBLIC) | mine)
    return maps.filter(visibility=Visibility.PUBLIC)


def node_statuses_visible_to(access: MapAccess) -> tuple[str, ...]:
    """Moderators see pending and hidden contributions too; everyone else sees what is visible."""
    if access.can_moderate:
        return (Status.VISIBLE, Status.PENDING, Status.HIDDEN)
    return (Status.VISIBLE,)


def can_edit_node(person: Person, access: MapAccess, node: Node, *, has_replies: bool) -> bool:
    """Authors edit their own words until someone replies to them, while the map is open."""
    return (
        access.can_contribute
        and node.kind != NodeKind.QUESTION
        and node.author_id is not None
        and node.author_id == getattr(person, "pk", None)
        and not has_replies
    )


def why_not_edit(person: Person, node: Node, *, has_replies: bool) -> str:
    """What to tell a person who may not reword this statement."""
    if has_replies and node.author_id == getattr(person, "pk", None):
        return "Someone has replied to this, so it can't be changed any more."
    return "You can only change your own contributions while the map is open."


def can_vote_on(access: MapAccess, node: Node) -> bool:
    return access.can_vote and node.kind == NodeKind.MEASURE and node.status == Status.VISIBLE


def classrooms_managed_by(person: Person) -> QuerySet[Classroom]:
    """The classes whose code, students and debates this person runs: a teacher's own, or all for admins."""
    if is_admin(person):
        return Classroom.objects.all()
    if not person.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(teacher=person)


def classrooms_of(person: Person) -> QuerySet[Classroom]:
    """The classes a person teaches or belongs to."""
    if not person.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(
        Q(teacher=person) | Q(pk__in=Membership.objects.filter(user=person).values("classroom"))
    )


def can_create_classroom(person: Person) -> bool:
    return is_teacher(person) or is_admin(person)


def can_start_debate(person: Person, classroom: Classroom, source: Map) -> bool:
    return classroom in classrooms_managed_by(person) and source.visibility == Visibility.PUBLIC
