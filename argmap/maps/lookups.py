"""Fetch a map or a node and check that this person may see it, in one call: a 404 outside their scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MODERATORS_ONLY, MapAccess
from argmap.maps import live_tokens, selectors
from argmap.maps.models import Map, Node


def get_map_for_viewer(request: HttpRequest, slug: str) -> tuple[Map, MapAccess]:
    """The map and what this person may do on it; a 404 when they may not see it, so nothing leaks."""
    access = getattr(request, "map_access", None)
    if access is None or access.map.slug != slug:
        map = Map.objects.filter(slug=slug).select_related("classroom").first()
        if map is None:
            raise Http404("No such map.")
        live_tokens.token(map)  # before anything of the map is read: the page's ETag must not be newer than it
        access = permissions.map_access(request.user, map)
    map = access.map
    if not access.can_view:
        raise Http404("No such map.")
    return map, access


def get_map_for_moderator(request: HttpRequest, slug: str) -> tuple[Map, MapAccess]:
    """The map if this person moderates it: a 404 outside the class, a 403 for its students."""
    map, access = get_map_for_viewer(request, slug)
    if not access.can_moderate:
        raise PermissionDenied(MODERATORS_ONLY)
    return map, access


def get_node_for_viewer(request: HttpRequest, slug: str, node_id: int) -> tuple[Node, selectors.MapGraph, MapAccess]:
    """A node this person may see, with the map's graph as they see it."""
    map, access = get_map_for_viewer(request, slug)
    graph = selectors.map_graph(map=map, access=access)
    node = graph.nodes.get(node_id)
    if node is None:
        raise Http404("No such statement in this map.")
    return node, graph, access


def get_measure_for_viewer(request: HttpRequest, slug: str, node_id: int) -> tuple[Node, MapAccess]:
    """A measure this person may see, for a vote: one query instead of the whole map's graph. Anything else (not a
    measure, out of sight) takes get_node_for_viewer's way, with its 404 or the node for the service to refuse."""
    map, access = get_map_for_viewer(request, slug)
    measure = selectors.visible_measure(map=map, access=access, node_id=node_id)
    if measure is None:
        measure, _graph, access = get_node_for_viewer(request, slug, node_id)
    return measure, access
