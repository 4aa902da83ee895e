"""Voting on a measure, and the results page with the class's distributions and how minds moved."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

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
from argmap.maps.lookups import get_map_for_viewer, get_measure_for_viewer
from argmap.votes import selectors
from argmap.votes.dashboard import results_dashboard
from argmap.votes.services import vote_cast


@dataclass(frozen=True)
class Cast:
    """How a vote or a rating went: the refusal in words (empty when it was saved) and the answer's status."""

    error: str = ""
    status: int = 200

    def answer(self, response: HttpResponse) -> HttpResponse:
        """The htmx answer: the panel as it now stands; when saved, the map's other parts are told to refresh."""
        response.status_code = self.status
        return response if self.error else trigger_client_event(response, MAP_CHANGED)

    def back(self, request: HttpRequest, to: str, *, saved: str) -> HttpResponse:
        """Without htmx: the outcome as a message, and back to where the person was."""
        if self.error:
            messages.error(request, self.error)
        else:
            messages.success(request, saved)
        return redirect(to)


def score_cast(cast: Callable[[], object]) -> Cast:
    """Save a vote or a rating. A refusal (voting closed or the map changed while the page was open) is a 200 with
    the reason, so htmx swaps the panel in with its words: a 403 would be dropped by htmx (responseHandling in
    _base.html) and the student would see nothing. A score out of range is a 422 with the form's error.
    """
    try:
        cast()
    except ValidationError as invalid:
        return Cast(" ".join(invalid.messages), 422)
    except PermissionDenied as refused:
        return Cast(str(refused))
    return Cast()


@login_required
@require_POST
@limit_writes
def vote(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    measure, access = get_measure_for_viewer(request, slug, node_id)
    map = measure.map
    outcome = score_cast(lambda: vote_cast(voter=request.user, measure=measure, score=request.POST.get("score")))
    if not request.htmx:
        saved = "Your vote is saved. You can change it until voting closes."
        return outcome.back(request, f"{map.get_absolute_url()}#measure-{measure.pk}", saved=saved)
    item = selectors.vote_panel(
        access=access,
        measure=measure,
        summary=selectors.vote_summaries(map=map, measure=measure)[map.vote_round].get(measure.pk),
        own_vote=selectors.own_votes(map=map, voter_id=request.user.pk, round=map.vote_round).get(measure.pk),
    )
    item["vote_error"] = outcome.error
    # "Saved." belongs to this answer only: a later load of the page shows the vote, not the confirmation.
    item["just_saved"] = not outcome.error
    context = {"map": map, "item": item, "access": access}
    return outcome.answer(render(request, "maps/map_detail.html#vote-panel", context))


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
