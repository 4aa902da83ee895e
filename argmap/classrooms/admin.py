"""The admin for classes and memberships: it shows them and points to the class's page on the site, where the
services make classes, new join codes and students, with their rules (unique codes, names, pseudonyms).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.safestring import SafeString

from argmap.classrooms.models import Classroom, Membership
from argmap.common import ChangedOnTheSite, site_link


class MembershipInline(ChangedOnTheSite, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "pseudonym", "joined_at")
    can_delete = False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("user")


@admin.register(Classroom)
class ClassroomAdmin(ChangedOnTheSite, admin.ModelAdmin):
    list_display = ("name", "teacher", "join_code", "joining_open", "created_at")
    list_select_related = ("teacher",)
    search_fields = ("name", "teacher__username", "teacher__display_name", "join_code")
    fields = ("on_the_site", "name", "teacher", "join_code", "joining_open", "created_at")
    readonly_fields = ("on_the_site",)
    inlines = [MembershipInline]

    @admin.display(description="Change it")
    def on_the_site(self, classroom: Classroom) -> SafeString:
        return site_link(
            classroom.get_absolute_url(),
            "Open the class page on the site",
            "There its teacher, or an admin, makes a new join code, adds students and resets their passwords.",
        )
