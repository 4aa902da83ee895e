"""Moderation pages and actions, under each map."""

from __future__ import annotations

from django.urls import path

from argmap.moderation import views

app_name = "moderation"

urlpatterns = [
    path("maps/<slug:slug>/moderation/", views.queue, name="queue"),
    path("maps/<slug:slug>/moderation/live/", views.queue_live, name="live"),
    path("maps/<slug:slug>/moderation/approve/", views.approve_many, name="approve_many"),
    path("maps/<slug:slug>/moderation/nodes/<id:node_id>/<slug:action>/", views.node_action, name="node_action"),
    path("maps/<slug:slug>/moderation/flags/<id:flag_id>/dismiss/", views.flag_dismiss, name="flag_dismiss"),
    path("maps/<slug:slug>/settings/", views.map_settings, name="settings"),
    path("maps/<slug:slug>/audit/", views.audit, name="audit"),
    path("maps/<slug:slug>/participation/", views.participation, name="participation"),
    path("maps/<slug:slug>/participation.csv", views.participation_csv, name="participation_csv"),
    path("maps/<slug:slug>/nodes/<id:node_id>/flag/", views.flag_raise, name="flag"),
    path("maps/<slug:slug>/nodes/<id:node_id>/merge/", views.node_merge, name="merge"),
    path("maps/<slug:slug>/nodes/<id:node_id>/move/", views.node_move, name="move"),
    path("maps/<slug:slug>/nodes/<id:node_id>/pick/", views.node_pick, name="pick"),
]
