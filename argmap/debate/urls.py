"""Pages of the argument maps."""

from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

from argmap.debate import views, views_contributions, views_find, views_graph, views_import
from argmap.maps.graph import BASE_SCORES
from argmap.votes import views as vote_views
from argmap.votes import views_ratings

# The namespace stays "maps": the pages are the maps, whichever app composes them.
app_name = "maps"

urlpatterns = [
    path("", views.map_list, name="list"),
    # How argmap works, in plain words: joining, votes, and how argument strength is worked out (from the one
    # place its starting scores live).
    path(
        "help/",
        TemplateView.as_view(
            template_name="maps/help.html",
            extra_context={"base_scores": {status: round(score * 100) for status, score in BASE_SCORES.items()}},
        ),
        name="help",
    ),
    path("maps/import/", views_import.map_import, name="import"),
    path("maps/import/<id:draft_id>/", views_import.import_preview, name="import_preview"),
    path("maps/<slug:slug>/", views.map_detail, name="detail"),
    path("maps/<slug:slug>/live/", views.map_live, name="live"),
    path("maps/<slug:slug>/essay/", views.map_essay, name="essay"),
    path("maps/<slug:slug>/graph/", views_graph.map_graph_page, name="graph"),
    path("maps/<slug:slug>/graph/live/", views_graph.map_graph_live, name="graph_live"),
    path("maps/<slug:slug>/graph/nodes/<id:node_id>/", views_graph.graph_panel, name="graph_node"),
    path("maps/<slug:slug>/graph.svg", views_graph.map_graph_svg, name="graph_svg"),
    path("maps/<slug:slug>/results/", vote_views.results, name="results"),
    path("maps/<slug:slug>/find/", views_find.map_find, name="find"),
    path("maps/<slug:slug>/download/<str:format>/", views_find.map_download, name="download"),
    path("maps/<slug:slug>/nodes/<id:node_id>/", views.node_detail, name="node"),
    path("maps/<slug:slug>/nodes/<id:node_id>/add/", views_contributions.node_add, name="node_add"),
    path("maps/<slug:slug>/nodes/<id:node_id>/link/", views_contributions.node_link, name="node_link"),
    path("maps/<slug:slug>/nodes/<id:node_id>/edit/", views_contributions.node_edit_view, name="node_edit"),
    path("maps/<slug:slug>/nodes/<id:node_id>/vote/", vote_views.vote, name="vote"),
    path("maps/<slug:slug>/nodes/<id:node_id>/rate/", views_ratings.rate, name="rate"),
]
