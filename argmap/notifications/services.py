"""Marking notifications read: everything at once, or the one a person opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from argmap.notifications import selectors
from argmap.notifications.models import OpenedNotification, ReadMarker

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def notifications_read_all(*, person: AbstractBaseUser) -> None:
    """Everything the person has been told so far is read. Up to the newest notification rather than "now", so
    one whose moderation was still committing at this moment stays unread.
    """
    newest = selectors.newest_at(person=person)
    with transaction.atomic():
        marker = _marker(person)
        if newest is not None and (marker.seen_up_to is None or newest > marker.seen_up_to):
            ReadMarker.objects.filter(pk=marker.pk).update(seen_up_to=newest, version=F("version") + 1)


def notification_open(*, person: AbstractBaseUser, notification: selectors.Notification) -> None:
    """The person opened one of their notifications (found with selectors.notification_for): it is read."""
    with transaction.atomic():
        marker = _marker(person)
        _, created = OpenedNotification.objects.get_or_create(
            user=person, source=notification.source, object_id=notification.object_id
        )
        if created:
            ReadMarker.objects.filter(pk=marker.pk).update(version=F("version") + 1)


def _marker(person: AbstractBaseUser) -> ReadMarker:
    marker, _ = ReadMarker.objects.get_or_create(user=person)
    return marker
