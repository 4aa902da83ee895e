"""Forms a teacher fills in: a new class, a batch of students, a new debate."""

from __future__ import annotations

from typing import Any

from django import forms

from argmap.maps.models import Map


class ClassroomForm(forms.Form):
    name = forms.CharField(
        label="Class name",
        max_length=100,
        help_text="For example “10B History” or “Year 11 Set 2”.",
        error_messages={"required": "Give the class a name."},
    )


class StudentBatchForm(forms.Form):
    names = forms.CharField(
        label="Students' names, one per line",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Each student gets a sign-in name and a first password, on a sheet you can print.",
        error_messages={"required": "Write one student's name per line."},
    )

    @property
    def name_list(self) -> list[str]:
        return [line for line in self.cleaned_data["names"].splitlines() if line.strip()]


class DebateForm(forms.Form):
    source = forms.ChoiceField(
        label="Map to debate",
        error_messages={"required": "Choose a map.", "invalid_choice": "Choose one of the maps in the list."},
    )
    title = forms.CharField(label="Title for your class (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, maps: list[Map], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.maps = {map.slug: map for map in maps}
        self.fields["source"].choices = [(map.slug, map.title) for map in maps]

    @property
    def source_map(self) -> Map:
        return self.maps[self.cleaned_data["source"]]
