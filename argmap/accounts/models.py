"""The user model: a display name for every person, and whether they teach; and the API tokens of teachers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from knox.models import AbstractAuthToken


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


class ApiToken(AbstractAuthToken):
    """A named key a teacher gives a script instead of a password (django-rest-knox's token, stored as a hash).

    The token itself is shown once, when it is made; only its first characters (`token_key`) and a SHA-512 digest are
    kept. Revoking sets `revoked_at` rather than deleting the row, so the list keeps what existed and when it stopped.
    """

    name = models.CharField(max_length=60, help_text="What the token is for, so its owner knows which to revoke.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
