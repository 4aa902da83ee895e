"""Forms for curators: a verdict with its note, a source for a statement, a CSV of sources."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.helpers import ActionForm

from argmap.curation.services import CSV_MAX_BYTES
from argmap.maps.models import CurationStatus, Source


class VerdictForm(forms.Form):
    status = forms.ChoiceField(label="Verdict", choices=CurationStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Curator's note (students see it)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachSourceForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Source from the library",
        queryset=Source.objects.none(),
        required=False,
        empty_label="No source",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("title")


class SourceCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A header row naming the columns: title (required), author, year, publisher, url, page, quote, "
        f"status, curator_note. UTF-8, at most {CSV_MAX_BYTES // 1024 // 1024} MB.",
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > CSV_MAX_BYTES:
            megabytes = file.size / 1024 / 1024
            raise forms.ValidationError(
                f"The file is {megabytes:.1f} MB; import at most {CSV_MAX_BYTES // 1024 // 1024} MB at a time "
                "(split it into several files)."
            )
        return file


class CuratorActionForm(ActionForm):
    """The admin's action bar, with a note for verify, dispute and reset."""

    curator_note = forms.CharField(label="Curator's note", required=False, max_length=1000)
