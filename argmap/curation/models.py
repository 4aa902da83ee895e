"""The history of curation: every change to a source or to a statement's curation, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from argmap.maps.models import Node, Source


class CurationRecord(models.Model):
    """Who changed what, when, with the fields before and after and the curator's note."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="history")
    node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.CASCADE, related_name="curation_history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    change = models.CharField(max_length=40)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__isnull=False) | models.Q(node__isnull=False),
                name="curation_record_is_about_something",
            )
        ]

    def __str__(self) -> str:
        subject = f"source {self.source_id}" if self.source_id else f"statement {self.node_id}"
        return f"{self.change} on {subject} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"
