"""Voting on a measure, and the results page with the class's distributions and how minds moved."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import condition, require_GET, require_POST
from django_htmx.http import trigger_client_event

from argmap.classrooms import permissions
from argmap.classrooms.ratelimits import limit_writes
from argmap.common import MAP_CHANGED
from argmap.maps.live import map_etag, private_revalidate
from argmap.maps.lookups import get_map_for_viewer, get_node_for_viewer
from argmap.votes import selectors
from argmap.votes.dashboard import results_dashboard
from argmap.votes.services import vote_cast


@login_required
@require_POST
@limit_writes
def vote(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    measure, _graph, access = get_node_for_viewer(request, slug, node_id)
    map = measure.map
    error = ""
    status = 200
    try:
        vote_cast(voter=request.user, measure=measure, score=request.POST.get("score"))
    except ValidationError as invalid:
        error, status = " ".join(invalid.messages), 422
    except PermissionDenied as refused:
        # Voting closed or the map was locked while the page was open. With htmx the answer is the vote
        # panel as it now stands (no form, the reason in words), so it is a 200 that htmx swaps in; a 403
        # would be dropped by htmx (responseHandling in _base.html) and the student would see nothing.
        # Without htmx the redirect below carries the same words.
        error = str(refused)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Your vote is saved. You can change it until voting closes.")
        return redirect(f"{map.get_absolute_url()}#measure-{measure.pk}")
    item = selectors.vote_panel(
        access=access,
        measure=measure,
        summary=selectors.vote_summaries(map=map)[map.vote_round].get(measure.pk),
        own_vote=selectors.own_votes(map=map, voter_id=request.user.pk, round=map.vote_round).get(measure.pk),
    )
    item["vote_error"] = error
    # "Saved." belongs to this answer only: a later load of the page shows the vote, not the confirmation.
    item["just_saved"] = not error
    response = render(request, "maps/map_detail.html#vote-panel", {"map": map, "item": item, "access": access})
    response.status_code = status
    return trigger_client_event(response, MAP_CHANGED) if not error else response


def results_etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    """The map's ETag, and for a teacher comparing classes their other debates' revisions too (one query), so a
    vote in another class shows on the next visit instead of a stored copy.
    """
    etag = map_etag(request, slug, **kwargs)
    access = getattr(request, "map_access", None)
    if etag is None or access is None:
        return etag
    others = permissions.debates_to_compare(request.user, access.map).order_by("pk").values_list("pk", "revision")
    revisions = ".".join(f"{pk}-{revision}" for pk, revision in others)
    return f'{etag[:-1]}-c{hashlib.sha256(revisions.encode()).hexdigest()[:12]}"' if revisions else etag


@require_GET
@condition(etag_func=results_etag)
@private_revalidate
def results(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_viewer(request, slug)
    dashboard = results_dashboard(map=map, access=access, person=request.user)
    context = {"map": map, "access": access, "scale": map.vote_scale, "dashboard": dashboard}
    return render(request, "votes/results.html", context)
