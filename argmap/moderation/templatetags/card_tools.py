"""Where a teacher's hide or restore on a map card comes back to without JavaScript: the same statement, with
the same arguments open."""

from __future__ import annotations

from django import template

from argmap.common import parse_ids
from argmap.maps.models import Map, Node

register = template.Library()


def map_return_url(*, map: Map, node_id: int, tree_root: object, open_param: str) -> str:
    """The map page at the card of node_id: ?open= as it was, plus the measure whose arguments hold the card
    (tree_root, when it is a measure's id), and the card's anchor (#measure-N for a measure's own card, else
    #node-<tree_root>-N, the ids of maps/_argument_tree.html)."""
    root = str(tree_root)
    if open_param == "all":
        opened = "all"
    else:
        ids = parse_ids(open_param) | parse_ids(root)
        opened = ",".join(str(pk) for pk in sorted(ids))
    anchor = f"measure-{node_id}" if root == "card" else f"node-{root}-{node_id}"
    return f"{map.get_absolute_url()}{f'?open={opened}' if opened else ''}#{anchor}"


@register.simple_tag(takes_context=True)
def card_return_url(context: template.Context, node: Node, tree_root: object) -> str:
    """On a statement's page, that page at the card; on the map page (or anywhere else), map_return_url."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "node" and not getattr(request, "htmx", False):
        return f"{request.path}#node-{tree_root}-{node.pk}"
    return map_return_url(
        map=node.map, node_id=node.pk, tree_root=tree_root, open_param=str(context.get("open_param") or "")
    )
