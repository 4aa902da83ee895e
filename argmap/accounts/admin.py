"""The admin for people: the standard user admin, with the display name and teacher flag shown."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from argmap.accounts.models import User
from argmap.common import NothingDeleted


@admin.register(User)
class ArgmapUserAdmin(NothingDeleted, UserAdmin):
    """Deactivate an account (untick "active") instead of deleting it: its contributions stay.

    Sign-in name, password and staff status are Django's own. The display name and the teacher flag are
    only shown: a name is checked against the class's other names when a student joins, and teachers sign
    up as teachers; no service changes either afterwards, so the admin does not either.
    """

    list_display = ("username", "display_name", "is_teacher", "is_staff", "is_active", "date_joined")
    list_filter = ("is_teacher", "is_staff", "is_active")
    search_fields = ("username", "display_name", "email")
    fieldsets = (*UserAdmin.fieldsets, ("argmap", {"fields": ("display_name", "is_teacher")}))
    readonly_fields = ("display_name", "is_teacher")
