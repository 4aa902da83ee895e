"""Classes and who belongs to them: a teacher's class, its join code, its members and their roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# No 0/O, 1/I/L or 5/S pairs: a code read aloud or copied from the board is typed right first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
JOIN_CODE_LENGTH = 6


class Role(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    STUDENT = "student", "Student"


class ClassStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    # The school year is over: the class's maps are read-only and pupils no longer see it in their lists.
    ARCHIVED = "archived", "Archived"


class ClassroomQuerySet(models.QuerySet):
    def active(self) -> ClassroomQuerySet:
        return self.filter(status=ClassStatus.ACTIVE)

    def archived(self) -> ClassroomQuerySet:
        return self.filter(status=ClassStatus.ARCHIVED)


class Classroom(models.Model):
    name = models.CharField(max_length=100)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="classrooms_taught")
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True)
    joining_open = models.BooleanField(default=True, help_text="Whether new students may join with the code.")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ClassStatus, default=ClassStatus.ACTIVE)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClassStatus.values), name="classroom_status_is_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classrooms:detail", kwargs={"classroom_id": self.pk})

    @property
    def is_archived(self) -> bool:
        return self.status == ClassStatus.ARCHIVED


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role)
    # What classmates see instead of the name when a map is anonymous; stable, and unique in the class.
    pseudonym = models.CharField(max_length=40, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom", "role", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="membership_once_per_class"),
            models.UniqueConstraint(
                fields=["classroom", "pseudonym"], condition=~Q(pseudonym=""), name="membership_pseudonym_unique"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.classroom} ({self.role})"


class ClassAction(models.TextChoices):
    PASSWORD_RESET = "password_reset", "Gave a new password to"
    ARCHIVE = "archive", "Archived the class"
    RESTORE = "restore", "Restored the class"
    ERASE = "erase", "Erased the personal data of"


class ClassAuditEntry(models.Model):
    """Who did what to a class or one of its people, and when: the class's history, never deleted.

    Moderation's AuditEntry belongs to a map; these events (a new password, archiving) belong to the class.
    """

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=ClassAction)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    # What the action changed, so that it can be undone exactly (archiving: each map's settings before).
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "class audit entries"
        indexes = [models.Index(fields=["classroom", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ClassAction.values), name="class_audit_action_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id} on {self.created_at:%Y-%m-%d %H:%M}"
