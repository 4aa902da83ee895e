"""The user model: a display name for every person, and whether they teach."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    # Students join with a name and a password only; e-mail stays optional for everyone.
    display_name = models.CharField(max_length=60, blank=True)
    is_teacher = models.BooleanField(default=False, help_text="May create classes and start debates.")
    # Set when someone else chose the password (a teacher's reset): they must choose their own at next sign-in.
    must_change_password = models.BooleanField(
        default=False, help_text="Sent to the password page at next sign-in until they choose a new password."
    )

    class Meta:
        ordering = ["display_name", "username"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
