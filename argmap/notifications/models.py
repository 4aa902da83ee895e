"""What each person has read of their notifications. The notifications themselves are not stored: they are
read from the moderation audit log and from the replies the class can see (argmap/notifications/selectors.py),
so no service of another app has to remember to write one, and a reply hidden later simply drops out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Source(models.TextChoices):
    """Where a notification comes from: a moderation audit entry, or a link (a reply) to the person's point."""

    AUDIT = "audit", "Moderation"
    REPLY = "reply", "Reply"


class ReadMarker(models.Model):
    """Everything up to seen_up_to is read ("mark all as read"). version changes with every change of what the
    person has read, so the header's poll can tell "nothing changed" from a few numbers (an ETag).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_marker"
    )
    seen_up_to = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id} read up to {self.seen_up_to}"


class OpenedNotification(models.Model):
    """One notification the person opened (read) before marking everything read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source)
    # The id of the audit entry or of the reply's link, according to source.
    object_id = models.PositiveIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source", "object_id"], name="notification_opened_once"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="notification_source_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.source} {self.object_id}"
