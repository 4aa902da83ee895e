"""How the API knows who is calling: named tokens (django-rest-knox), and HTTP Basic under the lockout policy.

settings.API_AUTHENTICATION lists them; HTTP Basic is left out in production.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth import authenticate, get_user_model
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication
from rest_framework.request import Request

from argmap.accounts import lockout
from argmap.accounts.models import ApiToken


class LockedOut(exceptions.Throttled):
    """A 429 whose `detail` is the lockout message as it is, with Retry-After set from the wait."""

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(detail=message)
        self.wait = seconds


class LockoutBasicAuthentication(BasicAuthentication):
    """HTTP Basic, counted and locked like the sign-in page: 5 wrong passwords for an account from one address."""

    error_statuses = {429}  # a locked account is told when to try again (argmap/api/schema.py lists it)

    def authenticate_credentials(self, userid: str, password: str, request: Request | None = None) -> tuple[Any, None]:
        # axes works on Django's request (its middleware reads the marks it leaves there). Its record of the
        # failure reads the form body: parse it now, so a body Django can't read is no way round the count.
        http_request = lockout.http_request(request)
        with contextlib.suppress(Exception):  # a malformed upload: the view answers for it, the password still counts
            http_request.POST  # noqa: B018
        user = authenticate(request=http_request, **{get_user_model().USERNAME_FIELD: userid, "password": password})
        if getattr(http_request, "axes_locked_out", False):
            raise LockedOut(*lockout.refusal(http_request, userid))
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid username/password.")
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return (user, None)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token argmap_…`: a token its owner has not revoked, of an active account."""

    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        if auth_token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked. Make a new one on your tokens page.")
        return super().validate_user(auth_token)


class LockoutBasicScheme(BasicScheme):
    target_class = LockoutBasicAuthentication


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A token made at /accounts/tokens/, sent as "Token argmap_…".',
        }
