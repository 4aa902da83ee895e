"""Fixtures shared by the moderation tests: a reply, a pending one, a flag, a hidden one."""

from __future__ import annotations

import pytest

from argmap.maps.models import Node
from argmap.maps.services import contribution_create
from argmap.moderation.models import Flag
from argmap.moderation.services import (
    flag_raise,
    map_settings_update,
    node_hide,
)


@pytest.fixture
def reply(measure, student) -> Node:
    """A student's visible counterclaim under the measure."""
    return contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Dust storms ruined the new farms."
    )


@pytest.fixture
def pending_reply(class_map, measure, teacher, student) -> Node:
    """A student's claim on a pre-moderated map, waiting for the teacher."""
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    return contribution_create(
        author=student, target=measure, kind="claim", relation="supports", text="New towns grew on the steppe."
    )


@pytest.fixture
def flag(reply, second_student) -> Flag:
    return flag_raise(node=reply, by=second_student, reason="wrong", note="The storms came later.")


@pytest.fixture
def hidden_reply(reply, teacher) -> Node:
    return node_hide(node=reply, by=teacher, reason="Give a date for the storms.")


@pytest.fixture
def strained(measure) -> Node:
    """An essay counterclaim under the measure, with one piece of evidence that hangs only from it."""
    return measure.map.nodes.get(text__startswith="Because it was so closely tied to Khrushchev")


@pytest.fixture
def harvest(measure) -> Node:
    return measure.map.nodes.get(text__startswith="The harvest of 1955 failed")


@pytest.fixture
def maize(measure) -> Node:
    return measure.map.nodes.get(kind="measure", text__contains="maize")
