"""Pages of the argument maps: the list, a map, one node, and the essay with its highlighted passages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from argmap.classrooms import permissions
from argmap.maps import selectors
from argmap.maps.essay import Anchor, paragraphs_with_passages
from argmap.maps.models import Map


def _get_map_for_viewer(request: HttpRequest, slug: str) -> Map:
    """The map, if this person may see it; a 404 otherwise, so a class's map does not leak."""
    map = get_object_or_404(Map, slug=slug)
    if not permissions.can_view_map(request.user, map):
        raise Http404("No such map.")
    return map


@require_GET
def map_list(request: HttpRequest) -> HttpResponse:
    maps = selectors.maps_for_listing(viewer=request.user)
    return render(request, "maps/map_list.html", {"maps": maps})


@require_GET
def map_detail(request: HttpRequest, slug: str) -> HttpResponse:
    map = _get_map_for_viewer(request, slug)
    graph = selectors.map_graph(map=map, viewer=request.user)
    open_param = request.GET.get("open", "")
    expand_all = open_param == "all"
    expanded = {int(part) for part in open_param.split(",") if part.isdigit()}
    topics = [
        (
            topic,
            [
                {
                    "node": measure,
                    "counts": graph.counts_for(measure),
                    "expanded": expand_all or measure.pk in expanded,
                    "arguments": graph.arguments_for(measure) if expand_all or measure.pk in expanded else [],
                }
                for measure in measures
            ],
        )
        for topic, measures in graph.measures_by_topic()
    ]
    context = {
        "map": map,
        "graph": graph,
        "question": graph.question,
        "topics": topics,
        "general_arguments": graph.question_arguments(),
        "counts": graph.kind_counts(),
        "expand_all": expand_all,
    }
    return render(request, "maps/map_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def node_detail(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    map = _get_map_for_viewer(request, slug)
    graph = selectors.map_graph(map=map, viewer=request.user)
    node = graph.nodes.get(node_id)
    if node is None:
        raise Http404("No such statement in this map.")
    context = {
        "map": map,
        "node": node,
        "arguments": graph.arguments_for(node),
        "counts": graph.counts_for(node),
        "targets": graph.targets_of(node),
    }
    if request.htmx:
        return render(request, "maps/node_detail.html#argument-tree", context)
    return render(request, "maps/node_detail.html", context)


@require_GET
def map_essay(request: HttpRequest, slug: str) -> HttpResponse:
    map = _get_map_for_viewer(request, slug)
    if not map.source_document:
        raise Http404("This map was not drawn from an essay.")
    nodes = {node.pk: node for node in selectors.essay_anchors(map=map, viewer=request.user)}
    anchors = [Anchor(node_id=node.pk, start=node.essay_start, end=node.essay_end) for node in nodes.values()]
    current = request.GET.get("node", "")
    current_id = int(current) if current.isdigit() and int(current) in nodes else None
    paragraphs = [
        [
            {
                "text": segment.text,
                "quoted": segment.is_quoted,
                "current": current_id in segment.covered_by,
                "opens": [nodes[node_id] for node_id in segment.opens],
                "closes": [nodes[node_id] for node_id in segment.closes],
                "covered_by": [nodes[node_id] for node_id in segment.covered_by],
            }
            for segment in paragraph.segments
        ]
        for paragraph in paragraphs_with_passages(map.source_document, anchors)
    ]
    context = {
        "map": map,
        "title": paragraphs[0] if paragraphs else [],
        "paragraphs": paragraphs[1:],
        "current": nodes.get(current_id) if current_id else None,
        "anchor_count": len(nodes),
    }
    return render(request, "maps/map_essay.html", context)
