"""Voting on a measure, and the results page with the class's distributions and how minds moved."""

from __future__ import annotations

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
from argmap.maps import selectors as map_selectors
from argmap.maps.live import map_etag, private_revalidate
from argmap.maps.lookups import get_map_for_viewer, get_node_for_viewer
from argmap.maps.models import NodeKind, VoteRound
from argmap.votes import selectors
from argmap.votes.services import vote_cast

ROUNDS = [(VoteRound.BEFORE, "Before"), (VoteRound.AFTER, "After")]


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


@require_GET
@condition(etag_func=map_etag)
@private_revalidate
def results(request: HttpRequest, slug: str) -> HttpResponse:
    map, access = get_map_for_viewer(request, slug)
    measures = list(map.nodes.filter(kind=NodeKind.MEASURE, status="visible").order_by("id"))
    summaries = selectors.vote_summaries(map=map)
    own = selectors.own_votes(map=map, voter_id=access.viewer_id, round=map.vote_round) if access.is_member else {}
    scale = map.vote_scale
    graph = map_selectors.map_graph(map=map, access=access)
    strengths = graph.strengths()
    rows = []
    for measure in measures:
        measure.map = map
        before = summaries[VoteRound.BEFORE].get(measure.pk) or selectors.VoteSummary()
        after = summaries[VoteRound.AFTER].get(measure.pk) or selectors.VoteSummary()
        hidden = not permissions.can_see_votes(access, has_voted=measure.pk in own)
        shift = after.mean - before.mean if before.mean is not None and after.mean is not None else None
        rows.append(
            {
                "node": measure,
                "rounds": [
                    (label, summary, summary.bars(scale))
                    for (_, label), summary in zip(ROUNDS, (before, after), strict=True)
                ],
                "current": after if map.vote_round == VoteRound.AFTER else before,
                "shift": shift,
                "hidden_until_vote": hidden,
                "strength": strengths.get(measure.pk),
            }
        )
    context = {
        "map": map,
        "access": access,
        "rows": rows,
        "scale": scale,
        "strength_problem": graph.strength_problem,
        "has_after": map.vote_round == VoteRound.AFTER or any(r["rounds"][1][1].count for r in rows),
    }
    return render(request, "votes/results.html", context)
