"""The admin for maps, their nodes and links, and sources."""

from __future__ import annotations

from django.contrib import admin

from argmap.common import NothingDeleted
from argmap.maps.models import Edge, Map, Node


@admin.register(Map)
class MapAdmin(NothingDeleted, admin.ModelAdmin):
    list_display = ("title", "slug", "visibility", "classroom", "revision", "updated_at")
    list_filter = ("visibility",)
    search_fields = ("title", "slug", "question")
    raw_id_fields = ("owner", "classroom", "copied_from")
    readonly_fields = ("revision",)


@admin.register(Node)
class NodeAdmin(NothingDeleted, admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "map", "author", "created_at")
    list_filter = ("kind", "status", "map")
    search_fields = ("text", "essay_quote")
    raw_id_fields = ("map", "author", "source")
    # Words and status change through the site's services, which keep history and the audit log.
    readonly_fields = ("text", "status", "kind", "map", "author", "curation_status", "curator_note")


@admin.register(Edge)
class EdgeAdmin(NothingDeleted, admin.ModelAdmin):
    list_display = ("from_node", "relation", "to_node", "status", "map")
    list_filter = ("relation", "status", "map")
    raw_id_fields = ("map", "from_node", "to_node", "author")
