"""Fetch an import draft for the person asking, in one call: a 404 for anyone but the person who sent the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from argmap.interchange.models import ImportDraft

if TYPE_CHECKING:
    from argmap.classrooms.permissions import Person


def draft_for_sender(person: Person, draft_id: int) -> ImportDraft:
    """The person's own draft, with its class and map; anyone else's is not there for them (404)."""
    draft = ImportDraft.objects.select_related("classroom", "map").filter(pk=draft_id, owner_id=person.pk).first()
    if draft is None:
        raise Http404("No such import.")
    return draft
