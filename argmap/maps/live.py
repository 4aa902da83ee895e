"""Live updates: an ETag built from the map's revision, so an unchanged map answers 304 cheaply."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MapAccess
from argmap.maps.models import Map

POLL_SECONDS = 2


def etag_for(access: MapAccess) -> str:
    """Changes whenever the map changes (its revision) and differs per person (pages show their votes)."""
    return f'"map{access.map.pk}-r{access.map.revision}-u{access.viewer_id or 0}"'


def map_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The ETag of a map page, reading only the map's revision and the person's role on it.

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


def private_revalidate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Browsers may keep the page but must ask (with its ETag) before showing it again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper


def no_store(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The poller sends its own If-None-Match; a browser cache in between would hide the 304 from htmx."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
