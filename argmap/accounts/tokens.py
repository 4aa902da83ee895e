"""Teachers' API tokens: making one (its secret shown once), and revoking one (kept in the list, marked revoked)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from argmap.accounts.models import ApiToken, User
from argmap.classrooms import permissions

NAME_MAX_LENGTH = 60
MAX_TOKENS_IN_USE = 10


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: the only moment the secret exists outside the script that uses it."""

    token: ApiToken
    secret: str


def tokens_of(owner: User) -> QuerySet[ApiToken]:
    """A person's tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=owner).order_by("-created")


def api_token_create(*, owner: User, name: str) -> NewToken:
    """A new token for this teacher's scripts, named after what will use it."""
    if not permissions.can_hold_api_tokens(owner):
        raise PermissionDenied(permissions.WHY_NOT_API_TOKENS)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Name the token after what will use it, like “Marking script”."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep the name to {NAME_MAX_LENGTH} characters or fewer."})
    with transaction.atomic():
        in_use = tokens_of(owner).select_for_update().filter(revoked_at__isnull=True)
        names = {token.name.casefold() for token in in_use}
        if len(names) >= MAX_TOKENS_IN_USE:
            raise ValidationError(
                {"name": f"You have {MAX_TOKENS_IN_USE} tokens in use: revoke one you no longer need first."}
            )
        if name.casefold() in names:
            raise ValidationError({"name": f"A token in use is already called “{name}”. Choose another name."})
        token, secret = ApiToken.objects.create(owner, expiry=None, name=name)
    return NewToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token working at once. It stays in its owner's list, marked revoked, with when."""
    if token.user_id != by.pk:
        raise PermissionDenied("You can only revoke your own tokens.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
