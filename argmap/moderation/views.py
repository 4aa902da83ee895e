"""The teacher's moderation pages and actions, and students' flags. htmx swaps in place; without
JavaScript every form posts and comes back to the page it came from.
"""

from __future__ import annotations

import csv
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import condition, require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from argmap.classrooms import permissions
from argmap.classrooms.permissions import MODERATORS_ONLY, MapAccess
from argmap.classrooms.ratelimits import limit_writes
from argmap.common import MAP_CHANGED, parse_id
from argmap.interchange.formats import spreadsheet_safe
from argmap.maps.live import no_store
from argmap.maps.lookups import get_map_for_moderator, get_map_for_viewer, get_node_for_viewer
from argmap.maps.models import Node, NodeKind
from argmap.moderation import live, pickers, selectors, services
from argmap.moderation.audit import audit_lines
from argmap.moderation.forms import FlagForm, MapSettingsForm, MergeForm, MoveForm, ReasonForm
from argmap.moderation.models import Flag

NODE_ACTIONS = {
    "approve": (
        "Approved. The class can see it now.",
        lambda node, by, reason: services.node_approve(node=node, by=by),
    ),
    "reject": ("Rejected. Its author sees your reason.", services.node_reject),
    "hide": ("Hidden. Restore it at any time from the moderation page.", services.node_hide),
    "restore": ("Restored. The class can see it again.", services.node_restore),
}


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _done(request: HttpRequest, message: str, fallback: str, *, fragment: HttpResponse | None = None) -> HttpResponse:
    if request.htmx and fragment is not None:
        return trigger_client_event(fragment, MAP_CHANGED)
    messages.success(request, message)
    return redirect(_back(request, fallback))


def _failed(request: HttpRequest, error: ValidationError, fallback: str) -> HttpResponse:
    text = " ".join(error.messages)
    if request.htmx:
        return render(request, "moderation/queue.html#action-error", {"error": text}, status=422)
    messages.error(request, text)
    return redirect(_back(request, fallback))


def _failed_in_queue(request: HttpRequest, error: ValidationError, fallback: str, *, node: Node) -> HttpResponse:
    """An action refused on a queue item (handled meanwhile in another window, say): the message replaces the item
    as a list item of its own, since a list may hold only list items."""
    if request.htmx and (request.htmx.target or "").startswith("queue-"):
        context = {"node": node, "error": " ".join(error.messages)}
        return render(request, "moderation/queue.html#action-refused", context, status=422)
    return _failed(request, error, fallback)


@login_required
@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_moderator(request, slug)
    context = {
        "map": map,
        "access": access,
        "queue": selectors.moderation_queue(map=map),
        "queue_etag": live.live_etag(map, viewer_id=access.viewer_id, part="queue"),
        "poll_seconds": live.POLL_SECONDS,
    }
    return render(request, "moderation/queue.html", context)


@require_GET
@condition(etag_func=live.moderation_etag)
@no_store
def queue_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The teacher's poll: the tools bar's counts, or with ?queue=1 the queue's lists; 304 when nothing changed.

    A 404 for anyone who does not moderate the map, the class's students too: the poll is no page to be refused.
    """
    map, access = get_map_for_viewer(request, slug)
    if not access.can_moderate:
        raise Http404("No such map.")
    part = live.live_part(request)
    etag = live.live_etag(map, viewer_id=access.viewer_id, part=part)
    if part == "queue":
        context = {"map": map, "queue": selectors.moderation_queue(map=map), "queue_etag": etag}
        return render(request, "moderation/queue.html#queue-live", context)
    context = {"map": map, "queue_counts": selectors.queue_counts(map=map), "live_etag": etag}
    return render(request, "moderation/_nav.html#teacher-counts", context)


@login_required
@require_POST
def node_action(request: HttpRequest, slug: str, node_id: int, action: str) -> HttpResponse:
    map, access = get_map_for_moderator(request, slug)
    if action not in NODE_ACTIONS:
        raise Http404("No such action.")
    node = Node.objects.filter(map=map, pk=node_id).first()
    if node is None:
        raise Http404("No such statement in this map.")
    node.map = map
    form = ReasonForm(request.POST)
    fallback = reverse("moderation:queue", kwargs={"slug": map.slug})
    card = _card_of(request)
    if not form.is_valid():
        error = ValidationError(form.errors["reason"])
        if card:
            return _on_card(request, node, access, card, error=" ".join(error.messages))
        return _failed_in_queue(request, error, fallback, node=node)
    message, service = NODE_ACTIONS[action]
    try:
        service(node=node, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if card:
            return _on_card(request, node, access, card, error=" ".join(error.messages))
        return _failed_in_queue(request, error, fallback, node=node)
    if card:
        done = CARD_MESSAGES.get(action, message)
        return trigger_client_event(_on_card(request, node, access, card, done=done), MAP_CHANGED)
    fragment = render(request, "moderation/queue.html#action-done", {"node": node, "message": message})
    return _done(request, message, fallback, fragment=fragment)


# On a map card the Restore button is right there, so the message says so.
CARD_MESSAGES = {
    "hide": "Hidden: the class can't see it now. Restore it here if you change your mind.",
    "restore": "Restored: the class can see it again.",
}
_CARD = re.compile(r"card|general|[0-9]{1,10}")


def _card_of(request: HttpRequest) -> str:
    """The card on the map page an htmx hide or restore came from (its tree_root: "card" for a measure's own
    card, "general", or the id of the measure whose arguments hold it), or "" for anywhere else."""
    card = request.POST.get("card", "")
    return card if request.htmx and _CARD.fullmatch(card) else ""


def _on_card(
    request: HttpRequest, node: Node, access: MapAccess, card: str, *, done: str = "", error: str = ""
) -> HttpResponse:
    """The card's tools again, in the statement's new state (Restore after a hide), open, with the message
    focused: the teacher stays where they were on the map."""
    node.can_hide = permissions.can_hide(access, node)
    node.can_restore = permissions.can_restore(access, node)
    context = {
        "map": node.map,
        "node": node,
        "tree_root": card,
        "in_place": True,
        "next": _back(request, node.map.get_absolute_url()),
        "done": done,
        "error": error,
    }
    return render(request, "moderation/_card_tools.html", context, status=422 if error else 200)


@login_required
@require_POST
def approve_many(request: HttpRequest, slug: str) -> HttpResponse:
    map, _ = get_map_for_moderator(request, slug)
    # Ids a browser would never send ("²", 5,000 digits, past any id) are simply not among the ticked.
    ids = [pk for value in request.POST.getlist("nodes")[:500] if (pk := parse_id(value)) is not None]
    nodes = selectors.pending_among(map=map, ids=ids)
    fallback = reverse("moderation:queue", kwargs={"slug": map.slug})
    try:
        services.nodes_approve(map=map, by=request.user, nodes=nodes)
    except ValidationError as error:
        return _failed(request, error, fallback)
    messages.success(request, f"Approved {len(nodes)} contribution{'s' if len(nodes) != 1 else ''}.")
    return redirect(fallback)


@login_required
@require_POST
def flag_dismiss(request: HttpRequest, slug: str, flag_id: int) -> HttpResponse:
    map, _ = get_map_for_moderator(request, slug)
    flag = Flag.objects.select_related("node").filter(pk=flag_id, node__map=map).first()
    if flag is None:
        raise Http404("No such flag on this map.")
    flag.node.map = map
    form = ReasonForm(request.POST)
    fallback = reverse("moderation:queue", kwargs={"slug": map.slug})
    try:
        services.flag_dismiss(flag=flag, by=request.user, reason=form.data.get("reason", ""))
    except ValidationError as error:
        return _failed(request, error, fallback)
    message = "Flag dismissed. The contribution stays."
    fragment = render(request, "moderation/queue.html#flag-done")
    return _done(request, message, fallback, fragment=fragment)


@login_required
@require_POST
@limit_writes
def flag_raise(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, _, _ = get_node_for_viewer(request, slug, node_id)
    form = FlagForm(request.POST)
    fallback = node.get_absolute_url()
    if form.is_valid():
        try:
            services.flag_raise(
                node=node, by=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            return _failed(request, error, fallback)
        message = "Thanks. Your teacher will look at it; it stays visible until they decide."
        fragment = render(request, "moderation/queue.html#action-done", {"node": node, "message": message})
        return _done(request, message, fallback, fragment=fragment)
    return _failed(request, ValidationError([e for errors in form.errors.values() for e in errors]), fallback)


@require_GET
def node_pick(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    """The merge or move picker's statements (?for=merge|move), found by ?q= words: the list alone for htmx, as the
    teacher types; without JavaScript the picker's own page with its form. Only for those who moderate the map: a
    404 for everyone else, the class's students too (it lists statements waiting for approval).
    """
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not access.can_moderate:
        raise Http404("No such statement in this map.")
    purpose = request.GET.get("for", "merge")
    if purpose not in pickers.PURPOSES:
        raise Http404("No such picker.")
    field = "duplicates" if purpose == "merge" else "new_target"
    checked = {pk for value in request.GET.getlist(field)[:50] if (pk := parse_id(value)) is not None}
    picker = pickers.pick(graph=graph, node=node, purpose=purpose, query=request.GET.get("q", ""), checked=checked)
    if request.htmx:
        return render(request, "moderation/_merge_move.html#choices", {"map": node.map, "picker": picker, "oob": True})
    context = {"map": node.map, "node": node, "access": access, "purpose": purpose}
    context.update(pickers.forms_for(graph=graph, node=node, access=access, only=purpose))
    context[f"{purpose}_picker"] = picker
    return render(request, "moderation/pick.html", context)


@login_required
@require_POST
def node_merge(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not access.can_moderate:
        raise PermissionDenied(MODERATORS_ONLY)
    others = [other for other in graph.nodes.values() if other.pk != node.pk and other.kind != NodeKind.QUESTION]
    form = MergeForm(request.POST, others=others)
    if not form.is_valid():
        return _failed(
            request, ValidationError([e for errors in form.errors.values() for e in errors]), node.get_absolute_url()
        )
    try:
        services.node_merge(
            survivor=node, duplicates=form.duplicate_nodes, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _failed(request, error, node.get_absolute_url())
    count = len(form.duplicate_nodes)
    return _done(
        request, f"Merged {count} duplicate{'s' if count != 1 else ''} into this statement.", node.get_absolute_url()
    )


@login_required
@require_POST
def node_move(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    if not access.can_moderate:
        raise PermissionDenied(MODERATORS_ONLY)
    targets = [target for _, target in graph.targets_of(node)]
    others = [other for other in graph.nodes.values() if other.pk != node.pk]
    form = MoveForm(request.POST, targets=targets, others=others)
    if not form.is_valid():
        return _failed(
            request, ValidationError([e for errors in form.errors.values() for e in errors]), node.get_absolute_url()
        )
    try:
        services.node_move(
            node=node,
            old_target=form.node("old_target"),
            new_target=form.node("new_target"),
            relation=form.cleaned_data["relation"],
            by=request.user,
        )
    except ValidationError as error:
        return _failed(request, error, node.get_absolute_url())
    return _done(request, "Moved. The map shows it in its new place.", node.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def map_settings(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_moderator(request, slug)
    initial = {name: getattr(map, name) for name in services.MAP_SETTINGS}
    form = MapSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and request.htmx and request.POST.get("preview"):
        # A box was ticked: say what students could do with the settings as ticked, saving nothing.
        preview = form.as_map(map) if form.is_valid() else map
        context = {"map": map, "students_can": permissions.what_students_can_do(preview)}
        return render(request, "moderation/settings.html#students-can", context)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.MAP_SETTINGS}
        try:
            services.map_settings_update(map=map, by=request.user, reason=form.cleaned_data["reason"], **changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            students_can = permissions.what_students_can_do(map)
            messages.success(request, f"Saved. {students_can.sentence}")
            if students_can.blocks_everything:
                messages.warning(request, students_can.warning)
            return redirect(map)
    status = 422 if request.method == "POST" else 200
    context = {"map": map, "access": access, "form": form, "students_can": permissions.what_students_can_do(map)}
    return render(request, "moderation/settings.html", context, status=status)


@login_required
@require_GET
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_moderator(request, slug)
    entries, nodes = selectors.audit_log_in_words(map=map)
    lines = audit_lines(entries, nodes=nodes)
    return render(request, "moderation/audit.html", {"map": map, "access": access, "lines": lines})


@login_required
@require_GET
def participation(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_moderator(request, slug)
    rows = selectors.participation(map=map)
    return render(request, "moderation/participation.html", {"map": map, "access": access, "rows": rows})


CSV_HEADER = [
    "Name",
    "Sign-in name",
    "Claims",
    "Evidence",
    "Counterclaims",
    "Contributions",
    "Waiting",
    "Rejected",
    "Votes before",
    "Votes after",
    "Flags raised",
    "Flags received",
]


@login_required
@require_GET
def participation_csv(request: HttpRequest, slug: str) -> HttpResponse:
    map, _ = get_map_for_moderator(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{map.slug}-participation.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in selectors.participation(map=map):
        writer.writerow(
            [
                spreadsheet_safe(row.name),
                row.username,
                row.claims,
                row.evidence,
                row.counterclaims,
                row.contributions,
                row.waiting,
                row.rejected,
                row.votes.get("before", 0),
                row.votes.get("after", 0),
                row.flags_raised,
                row.flags_received,
            ]
        )
    return response
