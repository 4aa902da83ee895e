"""Live updates: an ETag built from the map's revision, so an unchanged map answers 304 cheaply."""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.cache import cache_control

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


# Browsers may keep a map page but must ask, with its ETag, before showing it again.
private_revalidate = cache_control(private=True, no_cache=True)
# The poller sends its own If-None-Match; a browser cache in between would hide the 304 from htmx.
no_store = cache_control(private=True, no_store=True)
