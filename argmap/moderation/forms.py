"""Forms for moderating: a reason, a flag, a merge, a move, the map's settings."""

from __future__ import annotations

import copy
from typing import Any

from django import forms

from argmap.maps.models import Map, ModerationMode, Node, Relation, VoteRound
from argmap.moderation.models import FlagReason
from argmap.moderation.services import REASON_MAX_LENGTH


def _choices(nodes: list[Node]) -> list[tuple[int, str]]:
    return [(node.pk, f"{node.reference}: {node.text[:70]}{'…' if len(node.text) > 70 else ''}") for node in nodes]


def reason_field(help_text: str = "The author sees it. Kept in the audit log.") -> forms.CharField:
    return forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        error_messages={"max_length": f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer."},
    )


class ReasonForm(forms.Form):
    reason = reason_field()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What's wrong with it?",
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are flagging it.", "invalid_choice": "Choose one of the reasons."},
    )
    note = forms.CharField(label="Anything to add? (optional)", required=False, max_length=200)


class MergeForm(forms.Form):
    duplicates = forms.TypedMultipleChoiceField(
        label="Statements that say the same thing as this one",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one duplicate.", "invalid_choice": "Choose statements of this map."},
    )
    reason = reason_field("Kept in the audit log.")

    def __init__(self, *args: Any, others: list[Node], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_merge_%s")  # a statement's page holds the link and move forms too
        super().__init__(*args, **kwargs)
        self.others = {node.pk: node for node in others}
        self.fields["duplicates"].choices = _choices(others)

    @property
    def duplicate_nodes(self) -> list[Node]:
        return [self.others[pk] for pk in self.cleaned_data["duplicates"]]


class MoveForm(forms.Form):
    old_target = forms.TypedChoiceField(label="Take it from under", coerce=int)
    new_target = forms.TypedChoiceField(
        label="and put it under",
        coerce=int,
        error_messages={"required": "Choose where it goes.", "invalid_choice": "Choose a statement of this map."},
    )
    relation = forms.ChoiceField(label="where it", choices=Relation.choices, initial=Relation.SUPPORTS)

    def __init__(self, *args: Any, targets: list[Node], others: list[Node], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_move_%s")  # the link form's "relation" is id_relation
        super().__init__(*args, **kwargs)
        self.nodes = {node.pk: node for node in [*targets, *others]}
        self.fields["old_target"].choices = _choices(targets)
        self.fields["new_target"].choices = [("", "Choose…"), *_choices(others)]

    def node(self, field: str) -> Node:
        return self.nodes[self.cleaned_data[field]]


class MapSettingsForm(forms.Form):
    is_locked = forms.BooleanField(
        label="Locked: no new statements, replies, links or edits",
        required=False,
        help_text="Voting has its own switch below: a locked map still takes votes while voting is open.",
    )
    voting_open = forms.BooleanField(label="Voting is open", required=False)
    ratings_open = forms.BooleanField(
        label="Students rate the arguments",
        required=False,
        help_text="Each student rates how convincing each claim and piece of evidence is, from 1 to 5, while voting "
        "is open.",
    )
    vote_round = forms.ChoiceField(label="Voting round", choices=VoteRound.choices, widget=forms.RadioSelect)
    moderation_mode = forms.ChoiceField(
        label="New contributions", choices=ModerationMode.choices, widget=forms.RadioSelect
    )
    is_anonymous = forms.BooleanField(label="Anonymous: classmates see pseudonyms, you see real names", required=False)
    reason = reason_field("Optional. Kept in the audit log.")

    def as_map(self, map: Map) -> Map:
        """A copy of map with the settings as ticked, unsaved: to say what they would let students do."""
        preview = copy.copy(map)
        for name, value in self.cleaned_data.items():
            if name != "reason":
                setattr(preview, name, value)
        return preview
