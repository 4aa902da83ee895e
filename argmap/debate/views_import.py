"""Bringing a map from a file: a teacher uploads (or pastes) a file for one of their classes, sees what it would
become, and imports it; admins import public maps the same way. The services read, check and save; these pages
only show the form, the preview and what went wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from argmap.classrooms import lookups, permissions
from argmap.classrooms.models import Classroom
from argmap.interchange import readers, services
from argmap.interchange.argmap_json import DocumentError
from argmap.interchange.lookups import draft_for_sender

AUTO = ""
FORMAT_CHOICES = [(AUTO, "Work it out from the file"), *((key, name) for key, (name, _) in readers.READERS.items())]
PUBLIC = "public"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        required=False,
        help_text="An argmap JSON download, an AIF or OVA file, a Kialo text export, or an Argdown file.",
    )
    text = forms.CharField(
        label="Or paste the file's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="For example, copy a Kialo discussion's text export here.",
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, required=False)
    destination = forms.ChoiceField(
        label="Import into",
        error_messages={"required": "Choose a class.", "invalid_choice": "Choose one of your classes in the list."},
    )
    title = forms.CharField(label="Title of the new map (optional)", max_length=200, required=False)
    keep_rebuttals = forms.BooleanField(
        label="Import two statements that attack each other, leaving out the second direction",
        required=False,
        help_text="A map can't go round in circles. Without this, a file with such a pair is refused, naming it.",
    )

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classrooms = {str(classroom.pk): classroom for classroom in permissions.import_destinations(person)}
        choices = [(key, classroom.name) for key, classroom in self.classrooms.items()]
        if permissions.can_import_map(person, None):
            choices.append((PUBLIC, "A public map (everyone can read it)"))
        self.fields["destination"].choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            try:
                cleaned["text"] = readers.decode(upload.read(readers.MAX_BYTES + 1), name=f"“{upload.name}”")
            except DocumentError as error:
                self.add_error("file", error.problems)
            cleaned["file_name"] = upload.name
        elif not (cleaned.get("text") or "").strip():
            self.add_error("file", "Choose a file, or paste its text in the box below.")
        return cleaned

    @property
    def classroom(self) -> Classroom | None:
        return self.classrooms.get(self.cleaned_data["destination"])


@login_required
@require_http_methods(["GET", "POST"])
def map_import(request: HttpRequest) -> HttpResponse:
    """The form: a file (or its text pasted), its format, which class; a preview follows, nothing is saved yet."""
    if not permissions.can_open_import(request.user):
        raise PermissionDenied(permissions.WHY_NOT_IMPORT)
    initial = {"destination": request.GET.get("class", "")}
    form = ImportForm(request.POST or None, request.FILES or None, person=request.user, initial=initial)
    if request.method == "POST":
        _check_destination(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            preview = services.import_preview(
                by=request.user,
                text=form.cleaned_data["text"],
                format=form.cleaned_data["format"],
                file_name=form.cleaned_data.get("file_name", ""),
                classroom=form.classroom,
                title=form.cleaned_data["title"],
                keep_rebuttals=form.cleaned_data["keep_rebuttals"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else "file", problems)
        else:
            return redirect("maps:import_preview", draft_id=preview.draft.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "maps/import.html",
        {"form": form, "has_destination": bool(form.fields["destination"].choices)},
        status=status,
    )


def _check_destination(request: HttpRequest, form: ImportForm) -> None:
    """A class outside the person's own is a 404, as in the API (its existence does not leak); a public map asked
    for by someone who may not make one is refused in the permissions' words."""
    destination = request.POST.get("destination", "")
    if destination == PUBLIC and not permissions.can_import_map(request.user, None):
        raise PermissionDenied(permissions.WHY_NOT_IMPORT)
    # The form's classes are permissions.import_destinations, as the API's lookup; an id of any size is a 404.
    if destination.isdigit() and destination not in form.classrooms:
        raise Http404(lookups.NO_SUCH_CLASS)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, draft_id: int) -> HttpResponse:
    """What the file would become (counts, what is left out, the first measures); the button imports it."""
    draft = draft_for_sender(request.user, draft_id)
    if request.method == "POST":
        try:
            map = services.import_confirm(draft=draft, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("maps:import_preview", draft_id=draft.pk)
        messages.success(request, f"“{map.title}” is imported{' for ' + map.classroom.name if map.classroom else ''}.")
        return redirect(map)
    preview = services.import_draft_preview(draft=draft)
    return render(request, "maps/import_preview.html", {"preview": preview, "draft": draft})
