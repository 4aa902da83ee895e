"""Someone whose password a teacher chose sees only the password page until they choose their own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

MESSAGE = "Your teacher gave you a new password: choose your own before you go on."


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        change = reverse("accounts:password_change")
        if request.path in (change, reverse("accounts:logout")):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": f"{MESSAGE} Go to {change}"}, status=403)
        target = f"{change}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else change
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
