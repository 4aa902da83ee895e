"""The one lockout policy (django-axes) for every door: the page and admin sign-ins, HTTP Basic on the API, join codes.

Wrong passwords are counted per account *and* address (settings.AXES_LOCKOUT_PARAMETERS), so behind a school's one
address a pupil's typos lock out only that pupil's account, never a classmate. Join codes have no account: a guesser
tries a new code each time, so wrong codes are counted per address, against a higher limit. The numbers are in
settings (LOCKOUT_*) and docs/security.md. This module gives axes the client's address, the limits and the words, and
offers the teacher's unlock.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from typing import TYPE_CHECKING, Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.classrooms.models import Classroom, Membership, Role

if TYPE_CHECKING:
    from argmap.accounts.models import User

log = logging.getLogger(__name__)

# What axes records as the "username" of a wrong join code: no account can have this name (it has a space).
JOIN_DOOR = "join code"
ONLY_THE_TEACHER = "Only this class's teacher can do that."


class LockoutBackend(AxesStandaloneBackend):
    """axes's guard, first of settings.AUTHENTICATION_BACKENDS: refuses an account locked out from this address.

    A password checked with no request (the shell, a test, a management command) came through no door: there is
    no address to count it against, so it is neither refused nor counted.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """The address of the person's machine, as the deployment's trusted proxies report it.

    With settings.TRUSTED_PROXIES = 0 (no proxy) it is REMOTE_ADDR and X-Forwarded-For is ignored, since anyone can
    send one. With N proxies, each appending the address it saw, the client is the N-th address from the right of
    X-Forwarded-For: everything left of it was written by the client and proves nothing.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(forwarded) < proxies:
        return remote  # it came round the proxies: what connected is the client
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """How many failures lock the door: wrong passwords for an account, or wrong join codes from an address."""
    if (credentials or {}).get("username") == JOIN_DOOR:
        return settings.LOCKOUT_JOIN_FAILURES
    return settings.LOCKOUT_SIGN_IN_FAILURES


def _in_minutes(minutes: int) -> str:
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def sign_in_message(minutes: int) -> str:
    return (
        f"Too many wrong passwords for this account. Try again in {_in_minutes(minutes)}, "
        "or ask your teacher to unlock it."
    )


def join_message(minutes: int) -> str:
    return (
        f"Too many wrong class codes from here. Try again in {_in_minutes(minutes)}, "
        "or ask your teacher to check the code."
    )


def seconds_left(request: HttpRequest, username: str | None) -> int:
    """Until this account (or the join door) opens again from this address: the last failure plus the cool-off."""
    cool_off = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    latest = AccessAttempt.objects.filter(
        username=username, ip_address=client_address(request), attempt_time__gte=now - cool_off
    ).aggregate(latest=Max("attempt_time"))["latest"]
    left = (latest + cool_off - now) if latest else cool_off
    return max(1, math.ceil(left.total_seconds()))


def refusal(request: HttpRequest, username: str | None) -> tuple[str, int]:
    """What to tell a person who is locked out, and in how many seconds to try again."""
    seconds = seconds_left(request, username)
    minutes = math.ceil(seconds / 60)
    return (join_message(minutes) if username == JOIN_DOOR else sign_in_message(minutes)), seconds


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """axes's answer when a sign-in is refused: the views that say it themselves (429) keep their page.

    The admin's sign-in gets a page with the message; the API (HTTP Basic) a JSON 429 with `detail`.
    """
    if original_response is not None and original_response.status_code == 429:
        return original_response
    message, seconds = refusal(request, (credentials or {}).get("username"))
    if request.resolver_match is not None and request.resolver_match.namespace == "api":
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def http_request(request: Any) -> HttpRequest:
    """Django's request under DRF's: axes marks the one the middleware sees."""
    return getattr(request, "_request", request)


def join_refusal(request: HttpRequest) -> tuple[str, int] | None:
    """The message and wait when wrong join codes from this address have locked joining; None when it is open."""
    request = http_request(request)
    if AxesProxyHandler.is_allowed(request, {"username": JOIN_DOOR}):
        return None
    return refusal(request, JOIN_DOOR)


def join_code_failed(request: HttpRequest) -> tuple[str, int] | None:
    """Count a wrong (or closed) join code from this address; the refusal if that was one too many."""
    request = http_request(request)
    AxesProxyHandler.user_login_failed(sender=join_code_failed, credentials={"username": JOIN_DOOR}, request=request)
    return refusal(request, JOIN_DOOR) if getattr(request, "axes_locked_out", False) else None


def locked_out_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts are locked out from some address now (one query), for the teacher's class page."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.LOCKOUT_SIGN_IN_FAILURES)
    )
    return {row["username"] for row in locked}


def student_unlock(*, classroom: Classroom, by: User, student: User) -> int:
    """Let a pupil of the class sign in again at once, from every address, by forgetting their wrong passwords.

    Only the failure counts go (axes's records, not anyone's work); the password stays as it is. Returns how many
    records were cleared: 0 when the pupil was not locked out, which is not an error.
    """
    if not permissions.can_unlock(by, classroom):
        raise PermissionDenied(ONLY_THE_TEACHER)
    if not Membership.objects.filter(classroom=classroom, user=student, role=Role.STUDENT).exists():
        raise PermissionDenied("That student is not in this class.")
    with transaction.atomic():
        cleared = AxesProxyHandler.reset_attempts(username=student.get_username())
    log.info("%s unlocked %s (%d wrong-password records cleared)", by.get_username(), student.get_username(), cleared)
    return cleared
