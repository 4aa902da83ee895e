"""Rules that came out of review: a student's citation link must be a web address; an archived class's maps
stay read-only even on the settings page; a vote on a measure merged away is refused; the API says which
statements a curator added."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.classrooms.services import classroom_archive, classroom_restore
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.services import Citation, contribution_create
from argmap.moderation.services import map_settings_update, node_merge
from argmap.votes.services import vote_cast


def test_a_citation_link_that_is_not_a_web_address_is_refused(measure, student):
    with pytest.raises(ValidationError) as refused:
        contribution_create(
            author=student,
            target=measure,
            kind=NodeKind.EVIDENCE,
            relation="supports",
            text="Harvests rose in 1956.",
            citation=Citation(title="A blog", url="javascript:alert(1)"),
        )
    assert refused.value.message_dict == {"source_url": ["A source's link starts with http:// or https://."]}
    assert not Node.objects.filter(text="Harvests rose in 1956.").exists()


def test_an_archived_class_map_cannot_be_unlocked_from_its_settings(class_map, classroom, teacher):
    classroom_archive(classroom=classroom, by=teacher)
    archived = Map.objects.get(pk=class_map.pk)
    with pytest.raises(PermissionDenied, match="This class is archived"):
        map_settings_update(map=archived, by=teacher, is_locked=False)
    assert Map.objects.get(pk=class_map.pk).is_locked
    classroom_restore(classroom=classroom, by=teacher)
    assert not Map.objects.get(pk=class_map.pk).is_locked


def test_a_vote_on_a_measure_merged_away_is_refused(class_map, teacher, student):
    first, second = list(class_map.nodes.filter(kind=NodeKind.MEASURE).order_by("pk")[:2])
    stale = Node.objects.get(pk=second.pk)  # the student's page still shows it
    node_merge(survivor=first, duplicates=[second], by=teacher, reason="Same measure.")
    with pytest.raises(PermissionDenied, match="merged or hidden"):
        vote_cast(voter=student, measure=stale, score=4)


def test_the_api_marks_history_a_curator_added(client, class_map, student):
    client.force_login(student)
    added = class_map.nodes.filter(added_by_curator=True).earliest("pk")
    from_essay = class_map.nodes.filter(added_by_curator=False, kind=NodeKind.CLAIM).earliest("pk")
    base = f"/api/maps/{class_map.slug}/nodes/"
    assert client.get(f"{base}{added.pk}/").json()["added_by_curator"] is True
    assert client.get(f"{base}{from_essay.pk}/").json()["added_by_curator"] is False
