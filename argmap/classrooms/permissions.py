"""The one place that decides who may do what to which map or node; web views and the API both ask it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from argmap.maps.models import Map, Status, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Person = AbstractBaseUser | AnonymousUser


def is_admin(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active and person.is_staff)


def maps_visible_to(person: Person) -> QuerySet[Map]:
    """Every map this person may open: public ones, their own, and all of them for admins."""
    maps = Map.objects.all()
    if is_admin(person):
        return maps
    if person.is_authenticated:
        return maps.filter(Q(visibility=Visibility.PUBLIC) | Q(owner=person))
    return maps.filter(visibility=Visibility.PUBLIC)


def can_view_map(person: Person, map: Map) -> bool:
    return map.visibility == Visibility.PUBLIC or is_admin(person) or _owns(person, map)


def can_moderate_map(person: Person, map: Map) -> bool:
    return is_admin(person) or _owns(person, map)


def node_statuses_visible_to(person: Person, map: Map) -> tuple[str, ...]:
    """Moderators see pending and hidden contributions too; everyone else sees what is visible."""
    if can_moderate_map(person, map):
        return (Status.VISIBLE, Status.PENDING, Status.HIDDEN)
    return (Status.VISIBLE,)


def _owns(person: Person, map: Map) -> bool:
    return bool(person.is_authenticated and map.owner_id == person.pk)
