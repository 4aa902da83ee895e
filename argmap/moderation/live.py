"""The teacher's live view: an ETag from the map's revision, so a queue or a count that has not changed answers 304."""

from __future__ import annotations

from django.http import HttpRequest

from argmap.classrooms import permissions
from argmap.maps import live_tokens
from argmap.maps.live import remember_poll
from argmap.maps.models import Map

# Every change that can add to or empty the queue (a new point, a flag, an approval) bumps the map's revision
# and so renews its live token.
POLL_SECONDS = 3


def live_etag(map: Map, *, viewer_id: int | None, part: str) -> str:
    """part names what the poll answers ("counts" for the tools bar, "queue" for the queue page's lists)."""
    return f'"moderation{map.pk}-{live_tokens.token(map)}-u{viewer_id or 0}-{part}"'


def live_part(request: HttpRequest) -> str:
    return "queue" if request.GET.get("queue") == "1" else "counts"


def moderation_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The ETag of a poll, from the map's revision and the person's role; None (so the view answers 404) when the
    person does not moderate the map: a 304 must never confirm that a class's map exists."""
    map = Map.objects.filter(slug=slug).select_related("classroom").first()
    if map is None:
        return None
    access = permissions.map_access(request.user, map)
    request.map_access = access  # type: ignore[attr-defined]  # the view reuses it
    if not access.can_moderate:
        return None
    etag = live_etag(map, viewer_id=access.viewer_id, part=live_part(request))
    remember_poll(request, map, etag)
    return etag
