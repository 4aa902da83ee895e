"""Live updates: an ETag built from the map's revision, so an unchanged map answers 304 cheaply.

One-time messages ("Saved.") are the exception: a request that carries one gets a fresh page that no
browser keeps, so the message shows once, where the action happened, and never again from a cached copy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MapAccess
from argmap.maps.models import Map

POLL_SECONDS = 2


def etag_for(access: MapAccess) -> str:
    """Changes whenever the map changes (its revision) and differs per person (pages show their votes)."""
    return f'"map{access.map.pk}-r{access.map.revision}-u{access.viewer_id or 0}"'


def has_pending_messages(request: HttpRequest) -> bool:
    """Whether a one-time message waits to be shown; counting them does not use them up."""
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def live_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The ETag of a map as the poller sees it, reading only the map's revision and the person's role on it.

    None (no ETag, so the view runs and answers 404) when the map is missing or out of scope:
    a 304 must never confirm that a class's map exists.
    """
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
    return live_etag(request, slug, **kwargs)


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
