"""The admin for people: the standard user admin, with the display name and teacher flag shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from argmap.accounts import services
from argmap.accounts.models import User
from argmap.classrooms import permissions
from argmap.common import NothingDeleted


@admin.register(User)
class ArgmapUserAdmin(NothingDeleted, UserAdmin):
    """Deactivate an account (untick "active") instead of deleting it: its contributions stay. To meet a request
    to erase a pupil's data, the "Erase personal data" action replaces their name, sign-in name and password.

    Sign-in name, password and staff status are Django's own. The display name and the teacher flag are
    only shown: a name is checked against the class's other names when a student joins, and teachers sign
    up as teachers; no service changes either afterwards, so the admin does not either.
    """

    list_display = ("username", "display_name", "is_teacher", "is_staff", "is_active", "date_joined")
    list_filter = ("is_teacher", "is_staff", "is_active")
    search_fields = ("username", "display_name", "email")
    fieldsets = (*UserAdmin.fieldsets, ("argmap", {"fields": ("display_name", "is_teacher", "must_change_password")}))
    readonly_fields = ("display_name", "is_teacher")
    actions = ["erase_personal_data"]

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return permissions.is_admin(request.user)

    @admin.action(description="Erase personal data (what they wrote stays, under a pseudonym)", permissions=["erase"])
    def erase_personal_data(self, request: HttpRequest, queryset: QuerySet[User]) -> TemplateResponse | None:
        """First a page saying what will happen to whom; erased only when the admin confirms there."""
        people = list(queryset.order_by("pk"))
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Erase personal data",
                "people": people,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/accounts/user/erase_personal_data.html", context)
        for person in people:
            try:
                erased = services.account_erase(user=person, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                self.log_change(request, erased, "Erased personal data: name, sign-in name and password.")
                messages.success(
                    request, f"Erased: the account is now “{erased.name}” and can't sign in. What they wrote stays."
                )
        return None
