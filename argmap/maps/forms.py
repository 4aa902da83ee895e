"""Forms for adding to a map: a claim, evidence or counterclaim, a second link, an edit."""

from __future__ import annotations

from typing import Any

from django import forms

from argmap.maps.models import TEXT_MAX_LENGTH, Node, NodeKind, Relation
from argmap.maps.services import Citation

# Offered only to those who may give context (see permissions.can_give_context).
CONTEXT_CHOICE = (Relation.CONTEXT, "◆ Gives context (an aim, a motive, background: counted neither for nor against)")


class ContributionForm(forms.Form):
    relation = forms.ChoiceField(
        label="Your point",
        choices=[
            (Relation.SUPPORTS, "▲ Supports it"),
            (Relation.OPPOSES, "▼ Opposes it (a counterclaim)"),
        ],
        widget=forms.RadioSelect,
        initial=Relation.SUPPORTS,
        error_messages={"required": "Choose whether your point supports or opposes it."},
    )
    kind = forms.ChoiceField(
        label="It is",
        choices=[
            (NodeKind.CLAIM, "A claim: a reason or a judgement"),
            (NodeKind.EVIDENCE, "Evidence: a fact, a figure, a source"),
        ],
        widget=forms.RadioSelect,
        initial=NodeKind.CLAIM,
        error_messages={"required": "Choose a claim or a piece of evidence."},
    )
    text = forms.CharField(
        label="What you want to say",
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        help_text=f"One point, in your own words, up to {TEXT_MAX_LENGTH} characters.",
        error_messages={
            "required": "Write something first: the text can't be empty.",
            "max_length": f"Keep it to {TEXT_MAX_LENGTH} characters or fewer.",
        },
    )
    source_title = forms.CharField(label="Source title", required=False, max_length=300)
    source_author = forms.CharField(label="Author", required=False, max_length=200)
    source_year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1,
        max_value=2100,
        error_messages={"invalid": "Write the year as a number, like 1956."},
    )
    source_url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "That link doesn't look like a web address."},
    )
    also_target = forms.TypedChoiceField(
        label="It also speaks to (optional)", required=False, coerce=int, empty_value=None
    )
    also_relation = forms.ChoiceField(
        label="and it",
        required=False,
        choices=[(Relation.SUPPORTS, "supports it"), (Relation.OPPOSES, "opposes it")],
        initial=Relation.SUPPORTS,
    )
    # Shown only once the map has answered that a statement says nearly the same (services.DuplicateStatement).
    post_anyway = forms.BooleanField(label="Post mine anyway: it says something different", required=False)

    def __init__(
        self, *args: Any, others: list[Node] | None = None, context_allowed: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.others = {node.pk: node for node in others or []}
        if context_allowed:  # permissions.can_give_context: the teacher's choice, not the students'
            self.fields["relation"].choices = [*self.fields["relation"].choices, CONTEXT_CHOICE]
            self.fields["also_relation"].choices = [
                *self.fields["also_relation"].choices,
                (Relation.CONTEXT, "gives it context"),
            ]
        self.fields["also_target"].choices = [("", "Nothing else")] + [
            (node.pk, f"{node.reference}: {_short(node.text)}") for node in others or []
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_source = any(cleaned.get(name) for name in ("source_author", "source_year", "source_url"))
        if has_source and not cleaned.get("source_title"):
            self.add_error("source_title", "Give the source a title, or leave all of its boxes empty.")
        if cleaned.get("source_title") and cleaned.get("kind") != NodeKind.EVIDENCE:
            self.add_error("kind", "Only evidence takes a source: choose “Evidence”, or leave the source empty.")
        return cleaned

    @property
    def citation(self) -> Citation | None:
        data = self.cleaned_data
        if not data.get("source_title"):
            return None
        return Citation(
            title=data["source_title"],
            author=data.get("source_author") or "",
            year=data.get("source_year"),
            url=data.get("source_url") or "",
        )

    @property
    def also_node(self) -> Node | None:
        return self.others.get(self.cleaned_data.get("also_target"))


class LinkForm(forms.Form):
    relation = forms.ChoiceField(
        label="This statement also",
        choices=[(Relation.SUPPORTS, "supports"), (Relation.OPPOSES, "opposes")],
        error_messages={"required": "Choose supports or opposes."},
    )
    to_node = forms.TypedChoiceField(
        label="the statement",
        coerce=int,
        error_messages={
            "required": "Choose the statement it speaks to.",
            "invalid_choice": "Choose a statement from this map.",
        },
    )

    def __init__(
        self, *args: Any, others: list[Node] | None = None, context_allowed: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.others = {node.pk: node for node in others or []}
        if context_allowed:
            self.fields["relation"].choices = [*self.fields["relation"].choices, (Relation.CONTEXT, "gives context to")]
        self.fields["to_node"].choices = [("", "Choose…")] + [
            (node.pk, f"{node.reference}: {_short(node.text)}") for node in others or []
        ]

    @property
    def target(self) -> Node:
        return self.others[self.cleaned_data["to_node"]]


class EditForm(forms.Form):
    text = forms.CharField(
        label="Your words",
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        error_messages={
            "required": "Write something first: the text can't be empty.",
            "max_length": f"Keep it to {TEXT_MAX_LENGTH} characters or fewer.",
        },
    )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
