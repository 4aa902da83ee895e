"""Fetch a class and check that this person may see or run it, in one call: a 404 outside their scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from argmap.classrooms import permissions
from argmap.classrooms.models import Classroom, Membership, Role

if TYPE_CHECKING:
    from argmap.classrooms.permissions import Person

NO_SUCH_CLASS = "No such class."


def classroom_for_member(person: Person, classroom_id: int) -> Classroom:
    """A class this person teaches or belongs to (admins: any); a 404 otherwise."""
    scope = Classroom.objects.all() if permissions.is_admin(person) else permissions.classrooms_of(person)
    classroom = scope.select_related("teacher").filter(pk=classroom_id).first()
    if classroom is None:
        raise Http404(NO_SUCH_CLASS)
    return classroom


def classroom_for_manager(person: Person, classroom_id: int) -> Classroom:
    """A class this person runs; a 404 for anyone else, its members included."""
    classroom = permissions.classrooms_managed_by(person).filter(pk=classroom_id).first()
    if classroom is None:
        raise Http404(NO_SUCH_CLASS)
    return classroom


def student_of(classroom: Classroom, user_id: int) -> Membership:
    """A student's membership of this class, with the student; a 404 for anyone else."""
    membership = (
        Membership.objects.select_related("user")
        .filter(classroom=classroom, user_id=user_id, role=Role.STUDENT)
        .first()
    )
    if membership is None:
        raise Http404("No such student in this class.")
    return membership


def classroom_for_importer(person: Person, classroom_id: int) -> Classroom:
    """An active class this person runs, to import a map into; a 404 for any other (archived ones included)."""
    classroom = permissions.import_destinations(person).filter(pk=classroom_id).first()
    if classroom is None:
        raise Http404(NO_SUCH_CLASS)
    return classroom
