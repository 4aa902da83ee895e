"""The map as a graph: the page, its live updates, the side panel a click opens, and the picture to download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_headers

from argmap.classrooms.permissions import MapAccess
from argmap.debate.views_contributions import node_page_context
from argmap.maps import selectors
from argmap.maps.drawing import map_drawing
from argmap.maps.live import POLL_SECONDS, etag_for, live_etag, map_etag, no_store, private_revalidate
from argmap.maps.lookups import get_map_for_viewer, get_node_for_viewer
from argmap.maps.models import Map


def graph_context(map: Map, access: MapAccess) -> dict[str, object]:
    """The drawing of what this person may see of map: the statements, the links, their places."""
    graph = selectors.map_graph(map=map, access=access)
    return {
        "map": map,
        "access": access,
        "drawing": map_drawing(graph),
        "etag": etag_for(access),
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@condition(etag_func=map_etag)
@private_revalidate
def map_graph_page(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_viewer(request, slug)
    return render(request, "maps/graph.html", graph_context(map, access))


@require_GET
@condition(etag_func=live_etag)
@no_store
def map_graph_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The drawing again, for the graph page's poller, once the map changed; 304 while it has not."""
    map, access = get_map_for_viewer(request, slug)
    return render(request, "maps/graph.html#graph-live", graph_context(map, access))


@require_GET
@vary_on_headers("HX-Request")
def graph_panel(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    """One statement in the graph page's side panel, with its replies and the reply button (htmx); without
    JavaScript the statement's own page."""
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not request.htmx:
        return redirect(node.get_absolute_url())
    return render(request, "maps/graph.html#graph-panel", node_page_context(request, node, graph, access))


def graph_svg_response(request: HttpRequest, slug: str) -> HttpResponse:
    """The graph as a standalone SVG file (for an essay or slides), for the page and the API alike."""
    map, access = get_map_for_viewer(request, slug)
    context = {**graph_context(map, access), "standalone": True, "link_base": request.build_absolute_uri("/")[:-1]}
    response = HttpResponse(
        render_to_string("maps/graph_export.svg", context, request=request),
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{map.slug}-graph.svg"'
    # What a class's map holds is the class's: never kept by a shared cache or the browser's history.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def map_graph_svg(request: HttpRequest, slug: str) -> HttpResponse:
    return graph_svg_response(request, slug)
