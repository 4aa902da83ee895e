"""Live updates: an ETag built from the map's live token, so an unchanged map answers 304 cheaply.

With Redis, an unchanged poll never reaches the database: once a poll has passed every check (the map exists, this
person may see it), the answer's ETag and the map's token are remembered under the poll's address and the browser's
session cookie; LivePollMiddleware answers the next poll with that ETag 304 as long as the map's token in Redis is
still the same (argmap.maps.live_tokens renews it with every change). A 304 only says "what you have is still
current", so it can never show anyone something new; anything else (a change, another address, another session,
a forgotten entry) goes through the full checks.

One-time messages ("Saved.") are the exception: a request that carries one gets a fresh page that no
browser keeps, so the message shows once, where the action happened, and never again from a cached copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.cache import cache_control

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MapAccess
from argmap.maps import live_tokens
from argmap.maps.models import Map

POLL_SECONDS = 2
# How long a poll's passed checks are remembered; a page left open longer is checked in full again.
REMEMBERED_SECONDS = 60 * 60


def etag_for(access: MapAccess) -> str:
    """Changes whenever the map changes (its live token) and differs per person (pages show their votes)."""
    return f'"map{access.map.pk}-{live_tokens.token(access.map)}-u{access.viewer_id or 0}"'


def has_pending_messages(request: HttpRequest) -> bool:
    """Whether a one-time message waits to be shown; counting them does not use them up."""
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def live_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The ETag of a map as the poller sees it, reading only the map's revision and the person's role on it.

    None (no ETag, so the view runs and answers 404) when the map is missing or out of scope:
    a 304 must never confirm that a class's map exists.
    """
    etag = _checked_etag(request, slug)
    if etag is not None:
        remember_poll(request, request.map_access.map, etag)  # type: ignore[attr-defined]
    return etag


def _checked_etag(request: HttpRequest, slug: str) -> str | None:
    map = Map.objects.filter(slug=slug).select_related("classroom").first()
    if map is None:
        return None
    access = permissions.map_access(request.user, map)
    # The view that follows reuses this instead of reading the map and the membership again.
    request.map_access = access  # type: ignore[attr-defined]
    return etag_for(access) if access.can_view else None


def map_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The ETag of a whole page about a map; none while a message waits, so the page is built and shows it.

    A 304 there would show the browser's stored copy and leave the message for whichever page came next.
    """
    if has_pending_messages(request):
        return None
    return _checked_etag(request, slug)


def _remembered_key(request: HttpRequest, session_key: str) -> str:
    where = f"{request.get_full_path()}\n{session_key}".encode()
    return f"live:poll:{hashlib.blake2b(where, digest_size=16).hexdigest()}"


def remember_poll(request: HttpRequest, map: Map, etag: str) -> None:
    """Remember that this session's poll at this address passed every check with this ETag at the map's token."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if live_tokens.in_cache() and session_key:
        entry = (live_tokens.key(map.pk), live_tokens.token(map), etag)
        cache.set(_remembered_key(request, session_key), entry, REMEMBERED_SECONDS)


def unchanged_poll(request: HttpRequest) -> HttpResponse | None:
    """A 304 for a remembered poll whose map has not changed since: two reads from Redis; None otherwise."""
    sent = request.META.get("HTTP_IF_NONE_MATCH")
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if request.method != "GET" or not sent or not session_key or not live_tokens.in_cache():
        return None
    request.get_host()  # a host outside ALLOWED_HOSTS is refused here as everywhere (DisallowedHost: 400)
    remembered = cache.get(_remembered_key(request, session_key))
    if remembered is None:
        return None
    token_key, token, etag = remembered
    if etag not in parse_etags(sent) or cache.get(token_key) != token:
        return None
    response = HttpResponseNotModified()
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))
    return response


class LivePollMiddleware:
    """Answers an unchanged, remembered live poll before sessions, users and the database are touched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return unchanged_poll(request) or self.get_response(request)


def private_revalidate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Browsers may keep a map page but must ask, with its ETag, before showing it again; a page that carries
    a one-time message is never kept (no-store), so no later visit shows that message again.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        carries_messages = has_pending_messages(request)
        response = view(request, *args, **kwargs)
        if carries_messages:
            if response.has_header("ETag"):
                del response["ETag"]
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped


# The poller sends its own If-None-Match; a browser cache in between would hide the 304 from htmx.
no_store = cache_control(private=True, no_store=True)
