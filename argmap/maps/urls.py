"""Pages of the argument maps."""

from __future__ import annotations

from django.urls import path

from argmap.maps import views

app_name = "maps"

urlpatterns = [
    path("", views.map_list, name="list"),
    path("maps/<slug:slug>/", views.map_detail, name="detail"),
    path("maps/<slug:slug>/essay/", views.map_essay, name="essay"),
    path("maps/<slug:slug>/nodes/<int:node_id>/", views.node_detail, name="node"),
]
