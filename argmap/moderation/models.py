"""Flags that students raise, and the audit log of every moderation action (never deleted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from argmap.maps.models import Map, Node


class FlagReason(models.TextChoices):
    OFF_TOPIC = "off_topic", "Off-topic"
    DUPLICATE = "duplicate", "Duplicate"
    UNKIND = "unkind", "Unkind"
    WRONG = "wrong", "Factually wrong"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Waiting for the teacher"
    DISMISSED = "dismissed", "Dismissed"
    UPHELD = "upheld", "Acted on"


class Flag(models.Model):
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="flags")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised")
    reason = models.CharField(max_length=12, choices=FlagReason)
    note = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=FlagStatus, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "raised_by"], condition=Q(status="open"), name="flag_one_open_per_person_and_node"
            ),
            models.CheckConstraint(condition=Q(reason__in=FlagReason.values), name="flag_reason_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.node_id}"


class AuditAction(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    HIDE = "hide", "Hid"
    RESTORE = "restore", "Restored"
    MERGE = "merge", "Merged"
    MOVE = "move", "Moved"
    EDIT = "edit", "Edited"
    DISMISS_FLAG = "dismiss_flag", "Dismissed a flag"
    SETTINGS = "settings", "Changed the map's settings"


class AuditEntry(models.Model):
    """Who did what, when, to which statement, with the state before and after and the reason given."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=AuditAction)
    node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["map", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id} on {self.created_at:%Y-%m-%d %H:%M}"
