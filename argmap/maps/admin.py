"""The admin for maps, their statements and links: it shows them and points to the site, where the services
change them with their checks, the audit log and the revision bump that open pages follow.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from argmap.common import ChangedOnTheSite, site_link
from argmap.maps.models import Edge, Map, Node, NodeKind


def _short(node: Node) -> str:
    return Truncator(node.text).chars(60)


@admin.register(Map)
class MapAdmin(ChangedOnTheSite, admin.ModelAdmin):
    list_display = ("title", "slug", "visibility", "classroom", "moderation_mode", "is_locked", "voting_open")
    list_filter = ("visibility", "moderation_mode", "is_locked", "voting_open", "vote_round")
    list_select_related = ("classroom",)
    search_fields = ("title", "slug", "question", "classroom__name")
    fieldsets = (
        (None, {"fields": ("title", "slug", "question", "description", "visibility", "classroom", "owner")}),
        (
            "Settings",
            {
                "fields": (
                    "settings_page",
                    "moderation_mode",
                    "is_locked",
                    "voting_open",
                    "vote_round",
                    "is_anonymous",
                )
            },
        ),
        ("Voting", {"fields": ("measure_label", "vote_prompt", "vote_labels")}),
        ("Essay", {"classes": ("collapse",), "fields": ("source_title", "source_document")}),
        ("Record", {"fields": ("copied_from", "revision", "created_at", "updated_at")}),
    )
    readonly_fields = ("settings_page",)

    @admin.display(description="Change them")
    def settings_page(self, map: Map) -> SafeString:
        return site_link(
            reverse("moderation:settings", kwargs={"slug": map.slug}),
            "Open the map's settings page on the site",
            "There each change goes in the map's audit log, and open pages show it at once.",
        )


@admin.register(Node)
class NodeAdmin(ChangedOnTheSite, admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "map", "author", "created_at")
    list_filter = ("kind", "status", "curation_status", "map")
    list_select_related = ("map", "author")
    search_fields = ("text", "essay_quote")
    fields = (
        "on_the_site",
        "text",
        "kind",
        "topic",
        "status",
        "moderation_note",
        "map",
        "author",
        "created_at",
        "edited_at",
        "essay_quote",
        "essay_start",
        "essay_end",
        "source",
        "curation_status",
        "curator_note",
        "reviewed_at",
        "origin",
        "merged_into",
    )
    readonly_fields = ("on_the_site",)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("map")

    @admin.display(description="Change it")
    def on_the_site(self, node: Node) -> SafeString:
        page = site_link(
            node.get_absolute_url(),
            "Open the statement on the site",
            "Its teacher edits, moves, merges, hides and restores it there; each change is audited.",
        )
        if node.kind not in (NodeKind.CLAIM, NodeKind.EVIDENCE):
            return page
        # Curation goes to the public statement, and from it to every class's copy.
        curation = reverse("admin:curation_evidencenode_change", args=[node.origin_id or node.pk])
        return format_html('{}<p><a href="{}">Curate it: verdict, note and source</a></p>', page, curation)


@admin.register(Edge)
class EdgeAdmin(ChangedOnTheSite, admin.ModelAdmin):
    list_display = ("from_statement", "relation", "to_statement", "status", "map")
    list_filter = ("relation", "status", "map")
    list_select_related = ("map", "from_node", "to_node")
    search_fields = ("from_node__text", "to_node__text", "map__title", "map__slug")
    fields = ("on_the_site", "map", "from_node", "relation", "to_node", "status", "author", "created_at")
    readonly_fields = ("on_the_site",)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("map", "from_node__map", "to_node")

    @admin.display(description="From (supporter or attacker)", ordering="from_node__text")
    def from_statement(self, edge: Edge) -> str:
        return _short(edge.from_node)

    @admin.display(description="To (what it speaks to)", ordering="to_node__text")
    def to_statement(self, edge: Edge) -> str:
        return _short(edge.to_node)

    @admin.display(description="Move it")
    def on_the_site(self, edge: Edge) -> SafeString:
        return site_link(
            edge.from_node.get_absolute_url(),
            "Open the statement on the site",
            "Its teacher moves it under another statement there; the same-map and loop checks apply, and the "
            "move goes in the audit log.",
        )
