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


class Classroom(models.Model):
    name = models.CharField(max_length=100)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="classrooms_taught")
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True)
    joining_open = models.BooleanField(default=True, help_text="Whether new students may join with the code.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classrooms:detail", kwargs={"classroom_id": self.pk})


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
