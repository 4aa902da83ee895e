"""Pages of the argument maps: the list, a map (and its live updates), one node, and the essay."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_headers

from argmap.classrooms.permissions import MapAccess
from argmap.common import parse_id, parse_ids
from argmap.debate import live_parts, page_cache
from argmap.debate.views_contributions import argument_order, node_page_context
from argmap.debate.views_find import DOWNLOAD_LABELS
from argmap.maps import selectors
from argmap.maps.essay import Anchor, paragraphs_with_passages
from argmap.maps.live import POLL_SECONDS, etag_for, live_etag, map_etag, no_store, private_revalidate
from argmap.maps.lookups import get_map_for_viewer, get_node_for_viewer
from argmap.maps.models import Map, Node
from argmap.moderation import selectors as moderation_selectors
from argmap.moderation.models import FlagReason
from argmap.votes import ratings as vote_ratings
from argmap.votes import selectors as vote_selectors


@require_GET
def map_list(request: HttpRequest) -> HttpResponse:
    maps = selectors.maps_for_listing(viewer=request.user)
    return render(request, "maps/map_list.html", {"maps": maps})


def map_page_context(request: HttpRequest, map: Map, access: MapAccess) -> dict[str, object]:
    """Everything the map page and its live updates show, in a fixed number of queries."""
    graph = selectors.map_graph(map=map, access=access)
    open_param = request.GET.get("open", "")
    expand_all = open_param == "all"
    expanded = parse_ids(open_param)
    sort = argument_order(request)
    summaries = vote_selectors.vote_summaries(map=map)[map.vote_round] if map.classroom_id else {}
    own_votes = (
        vote_selectors.own_votes(map=map, voter_id=access.viewer_id, round=map.vote_round) if access.is_member else {}
    )

    strengths = graph.strengths()
    # The class's ratings of claims and evidence: one query, each card's control from it; and the strengths
    # worked out from them, beside the strengths from curation.
    ratings = vote_ratings.attach_ratings(graph=graph, access=access)
    rated_strengths = vote_ratings.rating_strengths(graph=graph, ratings=ratings)

    def measure_item(measure: Node) -> dict[str, object]:
        is_open = expand_all or measure.pk in expanded
        return {
            "strength": strengths.get(measure.pk),
            "strength_from_ratings": rated_strengths.get(measure.pk),
            **vote_selectors.vote_panel(
                access=access, measure=measure, summary=summaries.get(measure.pk), own_vote=own_votes.get(measure.pk)
            ),
            "counts": graph.counts_for(measure),
            "expanded": is_open,
            "arguments": graph.arguments_for(measure, sort),
        }

    topics = [(topic, [measure_item(m) for m in measures]) for topic, measures in graph.measures_by_topic()]
    return {
        "map": map,
        "access": access,
        "graph": graph,
        "question": graph.question,
        "topics": topics,
        "measure_items": [item for _, items in topics for item in items],
        "general_arguments": graph.question_arguments(),
        "counts": graph.kind_counts(),
        "expand_all": expand_all,
        "open_param": open_param,
        "sort": sort,
        "argument_orders": selectors.ARGUMENT_ORDERS,
        "formats": DOWNLOAD_LABELS,
        "etag": etag_for(access),
        "flag_reasons": FlagReason.choices,
        "teacher_counts": moderation_selectors.queue_counts(map=map) if access.can_moderate else None,
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@condition(etag_func=map_etag)
@private_revalidate
def map_detail(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_viewer(request, slug)

    def render_page(extra: dict) -> HttpResponse:
        context = {**map_page_context(request, map, access), **extra}
        parts = live_parts.render_parts(request, context)
        if map.classroom_id:  # only class maps are polled
            live_parts.remember(map, access.viewer_id, context["sort"], parts, context["trees"])
        return render(request, "maps/map_detail.html", context)

    return page_cache.visitor_page(request, map, render_page)


@require_GET
@condition(etag_func=live_etag)
@no_store
def map_live(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed on the map since the polling page's ETag, as out-of-band fragments; 304 when nothing did."""
    map, access = get_map_for_viewer(request, slug)
    context = map_page_context(request, map, access)
    parts = live_parts.render_parts(request, context)
    context["changed_parts"] = live_parts.changed_parts(
        request, map, access.viewer_id, context["sort"], parts, context["trees"]
    )
    return render(request, "maps/map_detail.html#live-update", context)


@require_GET
@vary_on_headers("HX-Request")
def node_detail(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    context = node_page_context(request, node, graph, access)
    if request.htmx and node.kind == "measure" and node.map.classroom_id:
        # The map page opening a measure: its live updates will compare against these arguments.
        marked = render_to_string("maps/node_detail.html#argument-tree", {**context, "live_markers": True}, request)
        return HttpResponse(live_parts.opened(request, node.map, access.viewer_id, node.pk, marked))
    if request.htmx:
        return render(request, "maps/node_detail.html#argument-tree", context)
    return render(request, "maps/node_detail.html", context)


@require_GET
def map_essay(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_viewer(request, slug)
    if not map.source_document:
        raise Http404("This map was not drawn from an essay.")
    reading = selectors.essay_reading(map=map, access=access)
    nodes = {node.pk: node for node in reading.anchored}
    anchors = [Anchor(node_id=node.pk, start=node.essay_start, end=node.essay_end) for node in nodes.values()]
    current = request.GET.get("node", "")
    current_id = parse_id(current)
    if current_id not in nodes:
        current_id = None
    paragraphs = [
        [
            {
                "text": segment.text,
                "quoted": segment.is_quoted,
                "current": current_id in segment.covered_by,
                # The mark follows the statement whose own words these are (the shortest quote covering them),
                # so a disputed statement's mark never spreads over a verified fact in the same sentence.
                "disputed": any(nodes[node_id].curation_status == "disputed" for node_id in segment.innermost),
                "nested": len(segment.covered_by) > 1,
                "opens": [nodes[node_id] for node_id in segment.opens],
                "closes": [nodes[node_id] for node_id in segment.closes],
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
        "added": reading.added,
    }
    return render(request, "maps/map_essay.html", context)
