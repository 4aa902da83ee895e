"""Finding and taking out: search a map by its words, and download it (JSON, AIF, Argdown, CSV) as you see it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from argmap.classrooms import permissions
from argmap.interchange.downloads import DOWNLOADS
from argmap.maps import selectors
from argmap.maps.lookups import get_map_for_viewer
from argmap.maps.search import QUERY_MAX_LENGTH, SEARCH_LIMIT, map_search


@require_GET
@vary_on_headers("HX-Request")
def map_find(request: HttpRequest, slug: str) -> HttpResponse:
    """Statements whose words hold every word typed (?q=), each with the measure it argues about: a page of its
    own without JavaScript, the results alone for the map page's search box with htmx (as you type).
    """
    map, access = get_map_for_viewer(request, slug)
    query = request.GET.get("q", "")[:QUERY_MAX_LENGTH].strip()
    graph = selectors.map_graph(map=map, access=access)
    results = map_search(graph=graph, query=query)
    context = {
        "map": map,
        "access": access,
        "query": query,
        "results": results,
        "limit": SEARCH_LIMIT,
        "formats": DOWNLOAD_LABELS,
    }
    if request.htmx and request.headers.get("HX-Target") == "search-results":
        # Only what goes inside the live region: it stays in the page, so screen readers announce the change.
        return render(request, "maps/map_find.html#search-found", context)
    return render(request, "maps/map_find.html", context)


# The map page's download links: format → what a teacher calls it.
DOWNLOAD_LABELS = {
    "json": "JSON (argmap's own, to import again)",
    "aif": "AIF (argument interchange format)",
    "argdown": "Argdown (text outline)",
    "csv": "CSV (for a spreadsheet)",
}


# ?with_hidden=1: a moderator's download with hidden and waiting statements too, each marked as such.
EVERYTHING = "with_hidden"
WHY_NOT_EVERYTHING = "Only the class's teacher can download hidden statements and points waiting for approval."


@require_GET
def map_download(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    """The map as it is shown, in one file: nothing hidden, nothing waiting for approval (a teacher may ask for
    those too, marked)."""
    return download_response(request, slug, format)


def download_response(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    """The download itself, for the page and the API alike: a 404 for a format it doesn't know or a map out of
    the person's scope."""
    if format not in DOWNLOADS:
        raise Http404("No such format.")
    map, access = get_map_for_viewer(request, slug)
    ending, content_type, write = DOWNLOADS[format]
    graph = selectors.map_graph(map=map, access=access)
    everything = request.GET.get(EVERYTHING) == "1"
    if everything and not permissions.can_export_everything(access):
        raise PermissionDenied(WHY_NOT_EVERYTHING)
    if not everything:
        graph = graph.shown_only()
    response = HttpResponse(write(graph), content_type=f"{content_type}; charset=utf-8")
    name = f"{map.slug}-with-hidden{ending}" if everything else f"{map.slug}{ending}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # What a class's map holds is the class's: never kept by a shared cache or the browser's history.
    response["Cache-Control"] = "private, no-store"
    return response
