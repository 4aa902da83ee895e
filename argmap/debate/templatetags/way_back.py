"""The way back from a refusal page (403, 404, too fast): to the statement, map or class the person was on."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.simple_tag(takes_context=True)
def way_back(context: template.Context, refusal: str = "403") -> dict[str, str] | None:
    """A link back to where the person was: the statement or map in the address they were refused, else the page
    they came from (same site only). A 404 goes back only to the page they came from.
    """
    request: HttpRequest | None = context.get("request")
    if request is None:
        return None
    here = request.path
    candidates = _from_address(request)
    came_from = _came_from(request)
    # After a 404, what the address names may be the very thing that isn't there (or this person may not see).
    candidates = [came_from] if refusal == "404" else [*candidates, came_from]
    for candidate in candidates:
        if candidate is not None and candidate[1].split("?")[0] != here:
            return {"label": candidate[0], "url": candidate[1]}
    return None


def _from_address(request: HttpRequest) -> list[tuple[str, str]]:
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match is not None else {}
    found = []
    try:
        if "slug" in kwargs and "node_id" in kwargs:
            found.append(("Back to the statement", reverse("maps:node", args=[kwargs["slug"], kwargs["node_id"]])))
        if "slug" in kwargs:
            found.append(("Back to the map", reverse("maps:detail", args=[kwargs["slug"]])))
        if "classroom_id" in kwargs:
            found.append(("Back to the class", reverse("classrooms:detail", args=[kwargs["classroom_id"]])))
    except NoReverseMatch:
        pass
    return found


def _came_from(request: HttpRequest) -> tuple[str, str] | None:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return ("Back to the page you came from", parts.path + (f"?{parts.query}" if parts.query else ""))
    return None
