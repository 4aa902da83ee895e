"""The page where a teacher makes, names and revokes API tokens for scripts (/accounts/tokens/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from argmap.accounts import tokens
from argmap.classrooms import permissions
from argmap.common import apply_service_errors


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What will use it",
        max_length=tokens.NAME_MAX_LENGTH,
        help_text="A name to know it by, like “Marking script”, so you know which to revoke.",
        error_messages={"required": "Name the token after what will use it, like “Marking script”."},
    )


def _page(request: HttpRequest, form: ApiTokenForm, *, new: tokens.NewToken | None = None, status: int = 200):
    context = {"form": form, "tokens": tokens.tokens_of(request.user), "new": new}
    return render(request, "accounts/tokens.html", context, status=status)


# never_cache: the page that shows a new token's secret must not be kept by the browser or a proxy.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_hold_api_tokens(request.user):
        raise PermissionDenied(permissions.WHY_NOT_API_TOKENS)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = tokens.api_token_create(owner=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # Shown in this answer only, never stored in the session or the page's address.
            return _page(request, ApiTokenForm(), new=new)
    return _page(request, form, status=422 if request.method == "POST" else 200)


@never_cache
@login_required
@require_POST
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    token = tokens.tokens_of(request.user).filter(token_key=token_key).first()
    if token is None:
        raise Http404("You have no token like that.")
    tokens.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Revoked “{token.name}”: scripts using it can no longer sign in.")
    return redirect("accounts:tokens")
