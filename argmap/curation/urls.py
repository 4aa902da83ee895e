"""The curation page."""

from __future__ import annotations

from django.urls import path

from argmap.curation import views

app_name = "curation"

urlpatterns = [
    path("", views.curation_list, name="list"),
    path("nodes/<id:node_id>/verdict/", views.node_verdict, name="verdict"),
    path("nodes/<id:node_id>/source/", views.node_source, name="source"),
]
