"""A student's notifications: the page, the header's count and compact list (polled), marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from argmap.notifications import selectors, services

POLL_SECONDS = 4

# The poller sends its own If-None-Match; a browser cache in between would hide the 304 from htmx.
no_store = cache_control(private=True, no_store=True)


def _etag(request: HttpRequest, **kwargs: object) -> str | None:
    return selectors.news_etag(person=request.user) if request.user.is_authenticated else None


@login_required
@require_GET
@vary_on_headers("HX-Request")
@condition(etag_func=_etag)
@no_store
def notification_list(request: HttpRequest) -> HttpResponse:
    """The page; with htmx, just its list (polled, 304 while nothing changed)."""
    context = {
        "news": selectors.notifications_for(person=request.user),
        "etag": _etag(request),
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "notifications/list.html#news-list", context)
    return render(request, "notifications/list.html", context)


@require_GET
@condition(etag_func=_etag)
@no_store
def notification_count(request: HttpRequest) -> HttpResponse:
    """The header's count of unread notifications, polled; 304 while nothing changed. A signed-out poller (the
    session ended) gets 204 and keeps what it shows, rather than a sign-in page inside the header.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    context = {
        "unread_count": selectors.unread_count(person=request.user),
        "etag": _etag(request),
        "poll_seconds": POLL_SECONDS,
    }
    response = render(request, "notifications/_header.html#news-count", context)
    if "If-None-Match" in request.headers:
        # Something changed since the last poll: an open compact list reloads too.
        trigger_client_event(response, "news-changed")
    return response


@login_required
@require_GET
@no_store
def notification_panel(request: HttpRequest) -> HttpResponse:
    """The header's compact list: the newest few, loaded when the person opens it."""
    news = selectors.notifications_for(person=request.user, limit=selectors.PANEL_LIMIT)
    here = request.htmx.current_url_abs_path if request.htmx else None
    return render(request, "notifications/_header.html#news-panel", {"news": news, "here": here})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all read, then back where the person was (the page, or the page under the header's list)."""
    services.notifications_read_all(person=request.user)
    return redirect(_next(request))


@login_required
@require_POST
def notification_open(request: HttpRequest, key: str) -> HttpResponse:
    """Open one notification: it is read, and the person lands on the statement it is about."""
    notification = selectors.notification_for(person=request.user, key=key)
    services.notification_open(person=request.user, notification=notification)
    return redirect(notification.url)


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return "notifications:list"
