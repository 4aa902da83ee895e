"""The admin for classes and memberships."""

from __future__ import annotations

from django.contrib import admin

from argmap.classrooms.models import Classroom, Membership
from argmap.common import NothingDeleted


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    can_delete = False


@admin.register(Classroom)
class ClassroomAdmin(NothingDeleted, admin.ModelAdmin):
    list_display = ("name", "teacher", "join_code", "joining_open", "created_at")
    search_fields = ("name", "teacher__username", "teacher__display_name", "join_code")
    inlines = [MembershipInline]
    raw_id_fields = ("teacher",)
