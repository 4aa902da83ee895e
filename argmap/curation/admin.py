"""The Django admin for curators: the source library and statements, bulk verdicts with a note, CSV import,
and each one's history. Every change goes through the curation services, so it is recorded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from argmap.classrooms import permissions
from argmap.common import NothingDeleted, apply_service_errors
from argmap.curation import services
from argmap.curation.forms import CuratorActionForm, SourceCsvForm
from argmap.curation.models import CurationRecord
from argmap.maps.models import CurationStatus, Node, NodeKind, Source


class CuratorAccess:
    """Every admin (staff) account curates, as permissions.is_admin says; no per-model grants needed."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_admin(request.user)


class HistoryInline(admin.TabularInline):
    """What changed, who changed it and when: read-only, never deleted."""

    model = CurationRecord
    fk_name = "source"
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "change", "before", "after", "note")
    readonly_fields = fields
    ordering = ("-created_at", "-id")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_admin(request.user)


class NodeHistoryInline(HistoryInline):
    fk_name = "node"


def _verdict_action(status: str, label: str):
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        note = request.POST.get("curator_note", "")
        try:
            if queryset.model is Source:
                count = services.sources_set_status(sources=queryset, by=request.user, status=status, note=note)
            else:
                count = services.nodes_curate(
                    nodes=queryset.select_related("map"), by=request.user, status=status, note=note
                )
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, f"{label}: {count}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return admin.action(description=f"{label} (with the note below)")(action)


VERDICT_ACTIONS = [
    _verdict_action(CurationStatus.VERIFIED, "Verify"),
    _verdict_action(CurationStatus.DISPUTED, "Dispute"),
    _verdict_action(CurationStatus.UNVERIFIED, "Reset to unreviewed"),
]


class SourceForm(forms.ModelForm):
    url = forms.URLField(label="URL", required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Source
        fields = ("title", "author", "year", "publisher", "url", "page", "quote", "status", "curator_note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            try:
                services.source_fields_clean(cleaned)
            except ValidationError as error:
                apply_service_errors(self, error)
        return cleaned


@admin.register(Source)
class SourceAdmin(NothingDeleted, CuratorAccess, admin.ModelAdmin):
    """Sources are corrected or disputed, never deleted: evidence points at them."""

    form = SourceForm
    list_display = ("title", "author", "year", "publisher", "status", "statement_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "author", "publisher", "quote", "curator_note")
    actions = VERDICT_ACTIONS
    action_form = CuratorActionForm
    inlines = [HistoryInline]
    change_list_template = "admin/curation/source/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        # Count each statement once: a public map's statement, not every class's copy of it.
        return (
            super().get_queryset(request).annotate(statement_count=Count("nodes", filter=Q(nodes__origin__isnull=True)))
        )

    @admin.display(description="Statements", ordering="statement_count")
    def statement_count(self, source: Source) -> int:
        return source.statement_count

    def save_model(self, request: HttpRequest, obj: Source, form: forms.ModelForm, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = services.source_save(
            by=request.user, source=Source.objects.get(pk=obj.pk) if change else None, **fields
        )
        obj.pk = saved.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.is_admin(request.user)

    def get_urls(self):
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv), name="maps_source_import_csv"),
            *super().get_urls(),
        ]

    def import_csv(self, request: HttpRequest) -> HttpResponse:
        form = SourceCsvForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8")
            except UnicodeDecodeError:
                problems = ["The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”."]
            else:
                try:
                    created = services.sources_import_csv(text=text, by=request.user)
                except services.ImportFailed as failure:
                    problems = [str(problem) for problem in failure.problems]
                else:
                    self.message_user(request, f"Imported {len(created)} sources.", messages.SUCCESS)
                    return redirect("admin:maps_source_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import sources from a CSV file",
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/curation/source/import_csv.html", context)


class HasSourceFilter(admin.SimpleListFilter):
    title = "has a source"
    parameter_name = "has_source"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Node]) -> QuerySet[Node]:
        if self.value() in ("yes", "no"):
            return queryset.filter(source__isnull=self.value() == "no")
        return queryset


class EvidenceNode(Node):
    class Meta:
        proxy = True
        verbose_name = "evidence and claim"
        verbose_name_plural = "evidence and claims"


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Node
        fields = ("source", "curation_status", "curator_note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and {"curation_status", "curator_note"} & set(self.changed_data):
            try:
                services.verdict_clean(status=cleaned["curation_status"], note=cleaned["curator_note"])
            except ValidationError as error:
                apply_service_errors(self, error, fields={"status": "curation_status", "note": "curator_note"})
        return cleaned


@admin.register(EvidenceNode)
class EvidenceAdmin(NothingDeleted, CuratorAccess, admin.ModelAdmin):
    """Claims and evidence of every map, for curating: the verdict and note go to every class's copy."""

    form = EvidenceForm

    list_display = ("text", "kind", "map", "curation_status", "source", "reviewed_at")
    list_filter = ("curation_status", "kind", "map", HasSourceFilter)
    search_fields = ("text", "essay_quote", "curator_note", "source__title")
    list_select_related = ("map", "source")
    actions = VERDICT_ACTIONS
    action_form = CuratorActionForm
    inlines = [NodeHistoryInline]
    fields = ("text", "kind", "map", "essay_quote", "source", "curation_status", "curator_note", "reviewed_at")
    readonly_fields = ("text", "kind", "map", "essay_quote", "reviewed_at")
    raw_id_fields = ("source",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Node]:
        return super().get_queryset(request).filter(kind__in=(NodeKind.CLAIM, NodeKind.EVIDENCE), origin__isnull=True)

    def save_model(self, request: HttpRequest, obj: Node, form: forms.ModelForm, change: bool) -> None:
        current = Node.objects.get(pk=obj.pk)
        if "source" in form.changed_data:
            services.node_attach_source(node=current, by=request.user, source=form.cleaned_data["source"])
        if {"curation_status", "curator_note"} & set(form.changed_data):
            services.node_curate(
                node=current,
                by=request.user,
                status=form.cleaned_data["curation_status"],
                note=form.cleaned_data["curator_note"],
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CurationRecord)
class CurationRecordAdmin(NothingDeleted, CuratorAccess, admin.ModelAdmin):
    list_display = ("created_at", "actor", "change", "source", "node", "note")
    list_filter = ("change",)
    search_fields = ("note", "source__title", "node__text")
    list_select_related = ("actor", "source", "node")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
