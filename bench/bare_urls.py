"""One address, answering a constant short string: the bare Django view the pages are compared with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", bare, name="bare")]
