"""Rating a claim or piece of evidence (issue 11): the page's form and its htmx answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from argmap.classrooms.ratelimits import limit_writes
from argmap.maps.lookups import get_node_for_viewer
from argmap.votes import ratings as vote_ratings
from argmap.votes.services import rating_cast
from argmap.votes.views import score_cast


@login_required
@require_POST
@limit_writes
def rate(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    node, graph, access = get_node_for_viewer(request, slug, node_id)
    map = node.map
    outcome = score_cast(lambda: rating_cast(rater=request.user, node=node, score=request.POST.get("score")))
    if not request.htmx:
        # Back where the student rated (the map or a statement's page, at the card), never off the map.
        back = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False)
        to = back if safe and back.startswith(map.get_absolute_url()) else node.get_absolute_url()
        return outcome.back(request, to, saved="Your rating is saved. You can change it until voting closes.")
    ratings = vote_ratings.attach_ratings(graph=graph, access=access)
    panel = vote_ratings.rating_panel(access=access, node=graph.nodes.get(node.pk, node), ratings=ratings)
    panel["rating_error"] = outcome.error
    panel["just_saved"] = not outcome.error
    card = request.POST.get("card", "")
    context = {"map": map, "rating": panel, "node": node, "card": card if card.isalnum() else "page"}
    return outcome.answer(render(request, "votes/_rating.html", context))
