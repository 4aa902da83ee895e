"""A person's own account: what argmap knows about them, their password, and everything they gave it to download."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from argmap.accounts import selectors


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@never_cache
@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(person=request.user)
    counts = {name: len(data[name]) for name in ("statements", "links", "votes", "flags", "classes")}
    return render(request, "accounts/my_data.html", {"counts": counts})


@never_cache
@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(person=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="argmap-my-data.json"'
    return response


@never_cache
@login_required
@require_GET
def my_data_csv(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(person=request.user)
    response = HttpResponse(selectors.personal_data_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="argmap-my-data.csv"'
    return response
