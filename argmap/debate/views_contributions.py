"""Adding to a map from the browser: replies (claims, evidence, counterclaims), links and edits.

Each view works with htmx (a fragment swapped in place) and without JavaScript (a full page and a
redirect); both paths call the same service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MapAccess
from argmap.classrooms.ratelimits import limit_writes
from argmap.common import MAP_CHANGED, apply_service_errors
from argmap.maps import selectors
from argmap.maps.forms import ContributionForm, EditForm, LinkForm
from argmap.maps.lookups import get_node_for_viewer
from argmap.maps.models import Node, Status
from argmap.maps.services import DuplicateStatement, contribution_create, link_create, why_not_contribute
from argmap.moderation import pickers
from argmap.moderation.models import FlagReason
from argmap.moderation.services import node_reword
from argmap.votes import ratings as vote_ratings


def moderation_forms(*, graph: selectors.MapGraph, node: Node, access: MapAccess) -> dict[str, object]:
    """The teacher's merge and move forms for a statement's page, with their pickers."""
    return pickers.forms_for(graph=graph, node=node, access=access)


def contribution_forms(*, graph: selectors.MapGraph, node: Node, access: MapAccess) -> dict[str, object]:
    """The empty reply and link forms for a node page, when this person may add to the map."""
    if not permissions.can_reply_to(access, node):
        return {"add_form": None, "link_form": None}
    others = _other_nodes(graph, node)
    return {
        "add_form": ContributionForm(
            others=others, context_allowed=permissions.can_give_context(access), auto_id=f"id_add_{node.pk}_%s"
        ),
        "link_form": LinkForm(others=others, context_allowed=permissions.can_give_context(access))
        if permissions.can_link(access, node)
        else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes
def node_add(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not access.can_contribute:
        raise PermissionDenied(why_not_contribute(access.map))
    if request.method == "GET" and not request.htmx:
        return redirect(f"{node.get_absolute_url()}#add")
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        others=_other_nodes(graph, node),
        context_allowed=permissions.can_give_context(access),
        auto_id=f"id_add_{node.pk}_%s",
    )
    status = 200
    duplicate = None
    if request.method == "POST":
        if form.is_valid():
            try:
                created = contribution_create(
                    author=request.user,
                    target=node,
                    kind=form.cleaned_data["kind"],
                    relation=form.cleaned_data["relation"],
                    text=form.cleaned_data["text"],
                    citation=form.citation,
                    also_target=form.also_node,
                    also_relation=form.cleaned_data.get("also_relation"),
                    post_anyway=form.cleaned_data["post_anyway"],
                )
            except ValidationError as error:
                apply_service_errors(form, error, fields={"target": "text"})
                duplicate = error if isinstance(error, DuplicateStatement) else None
            else:
                return _added(request, node, created)
        status = 422
    context = {"map": node.map, "node": node, "add_form": form, "access": access, "duplicate": duplicate}
    if request.htmx:
        return render(request, "maps/node_detail.html#add-form", context, status=status)
    return _node_page(request, node, graph, access, {"add_form": form, "duplicate": duplicate}, status=status)


@login_required
@require_POST
@limit_writes
def node_link(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not access.can_contribute:
        raise PermissionDenied(why_not_contribute(access.map))
    if not permissions.can_link(access, node):
        raise PermissionDenied(permissions.WHY_NOT_LINK)
    form = LinkForm(
        request.POST, others=_other_nodes(graph, node), context_allowed=permissions.can_give_context(access)
    )
    if form.is_valid():
        try:
            link_create(
                author=request.user, from_node=node, to_node=form.target, relation=form.cleaned_data["relation"]
            )
        except ValidationError as error:
            apply_service_errors(form, error, fields={"to_node": "to_node", "relation": "relation"})
        else:
            messages.success(request, "Linked. The map shows the new link.")
            return redirect(f"{node.get_absolute_url()}#targets-heading")
    return _node_page(request, node, graph, access, {"link_form": form}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes
def node_edit_view(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    has_replies = node.pk in graph.replied
    if not permissions.can_edit_node(access, node, has_replies=has_replies):
        raise PermissionDenied(permissions.why_not_edit(access, node, has_replies=has_replies))
    as_teacher = not permissions.can_edit_own(access, node, has_replies=has_replies)
    form = EditForm(request.POST if request.method == "POST" else None, initial={"text": node.text})
    if request.method == "POST" and form.is_valid():
        try:
            node_reword(
                node=node, by=request.user, text=form.cleaned_data["text"], reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved. The earlier words are kept in the statement's history.")
            return redirect(node.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {"map": node.map, "node": node, "form": form, "as_teacher": as_teacher}
    return render(request, "maps/node_edit.html", context, status=status)


def _added(request: HttpRequest, target: Node, created: Node) -> HttpResponse:
    pending = created.status == Status.PENDING
    note = (
        "Added. It waits for your teacher's approval before the class sees it."
        if pending
        else "Added. Everyone in the class can see it now."
    )
    if request.htmx:
        response = render(
            request,
            "maps/node_detail.html#add-done",
            {"map": target.map, "node": target, "created": created, "note": note},
        )
        return trigger_client_event(response, MAP_CHANGED)
    messages.success(request, note)
    # The reply may have landed elsewhere than it was aimed (its target was merged meanwhile): go where it is.
    landed = created.outgoing.select_related("to_node__map").order_by("pk").first()
    where = landed.to_node if landed is not None else target
    return redirect(f"{where.get_absolute_url()}#node-{where.pk}-{created.pk}")


def argument_order(request: HttpRequest) -> str:
    """How the page sorts arguments (?sort=, one of ARGUMENT_ORDERS); anything else is the essay's order."""
    sort = request.GET.get("sort", "")
    return sort if sort in selectors.ARGUMENT_ORDERS else ""


def node_page_context(
    request: HttpRequest, node: Node, graph: selectors.MapGraph, access: MapAccess
) -> dict[str, object]:
    """What a statement's page shows: the statement, what it speaks to, what speaks to it, the forms."""
    sort = argument_order(request)
    vote_ratings.attach_ratings(graph=graph, access=access)
    return {
        "map": node.map,
        "access": access,
        "node": node,
        "sort": sort,
        "argument_orders": selectors.ARGUMENT_ORDERS,
        "arguments": graph.arguments_for(node, sort),
        "counts": graph.counts_for(node),
        "targets": graph.targets_of(node),
        "revisions": selectors.node_revisions(node=node, access=access),
        "can_edit": permissions.can_edit_node(access, node, has_replies=node.pk in graph.replied),
        "flag_reasons": FlagReason.choices,
        **merged_voices(node, access),
        **contribution_forms(graph=graph, node=node, access=access),
        **moderation_forms(graph=graph, node=node, access=access),
    }


def merged_voices(node: Node, access: MapAccess) -> dict[str, object]:
    """Who else said this (statements merged into it), with the reader's own merged points told apart: a
    student whose point was merged here reads "You said this too", never "Also said by 1 classmate".
    """
    merged = list(node.merged_from.select_related("author")) if node.kind != "question" else []
    mine = access.viewer_id is not None and any(other.author_id == access.viewer_id for other in merged)
    others = [other for other in merged if access.viewer_id is None or other.author_id != access.viewer_id]
    return {"merged_from": merged, "merged_mine": mine, "merged_others": others}


def _node_page(
    request: HttpRequest,
    node: Node,
    graph: selectors.MapGraph,
    access: MapAccess,
    forms: dict[str, object],
    *,
    status: int,
) -> HttpResponse:
    context = {**node_page_context(request, node, graph, access), **forms}
    return render(request, "maps/node_detail.html", context, status=status)


def _other_nodes(graph: selectors.MapGraph, node: Node) -> list[Node]:
    ordered = sorted(graph.nodes.values(), key=lambda other: other.pk)
    return [other for other in ordered if other.pk != node.pk and other.status != Status.HIDDEN]
