"""A map's page as a signed-out visitor sees it, kept per map token: every visitor sees the same page, so it is
rendered once per change to the map and address, and each visit only puts its own CSRF token in.

Signed-in people's pages are never kept: they show each person's own votes, points and controls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from argmap.maps import live_tokens
from argmap.maps.live import has_pending_messages
from argmap.maps.models import Map

KEPT_SECONDS = 10 * 60
# Rendered where the page's CSRF token goes ({% csrf_token %}, the htmx header), replaced by each visitor's own.
PLACEHOLDER = "argmapvisitorcsrftoken"


def _key(request: HttpRequest, map: Map) -> str:
    address = hashlib.blake2b(f"{request.get_full_path()}|{bool(request.htmx)}".encode(), digest_size=12)
    return f"page:visitor:{map.pk}:{live_tokens.token(map)}:{address.hexdigest()}"


def visitor_page(request: HttpRequest, map: Map, render_page: Callable[[dict], HttpResponse]) -> HttpResponse:
    """render_page(extra_context) for a signed-in person; for a visitor, the kept page with their token."""
    if request.user.is_authenticated or has_pending_messages(request):
        return render_page({})
    key = _key(request, map)
    html = cache.get(key)
    if html is None:
        response = render_page({"csrf_token": PLACEHOLDER})
        html = response.content.decode()
        cache.set(key, html, KEPT_SECONDS)
    return HttpResponse(html.replace(PLACEHOLDER, get_token(request)))
