"""Helpers and fixtures shared by the moderation tests: a reply, a pending one, a flag, a hidden one."""

from __future__ import annotations

import html
import re

import pytest

from argmap.maps.models import Map, Node
from argmap.maps.services import contribution_create
from argmap.moderation import services
from argmap.moderation.models import AuditEntry, Flag
from argmap.moderation.services import (
    flag_raise,
    map_settings_update,
    node_hide,
)

MODERATOR_ONLY = "Only the class's teacher can moderate this map."


def words(markup: str) -> str:
    """The words a person reads in some markup: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def seen(response) -> str:
    return words(response.content.decode())


def revision(map: Map) -> int:
    return Map.objects.get(pk=map.pk).revision


def latest_audit(map: Map) -> AuditEntry:
    return AuditEntry.objects.filter(map=map).order_by("-created_at", "-id").first()


def audit_tuple(entry: AuditEntry) -> tuple:
    return (entry.actor, entry.action, entry.node, entry.before, entry.after, entry.reason)


def action_url(node: Node, action: str) -> str:
    return f"/maps/{node.map.slug}/moderation/nodes/{node.pk}/{action}/"


def queue_url(map: Map) -> str:
    return f"/maps/{map.slug}/moderation/"


def map_url(map: Map) -> str:
    return f"/maps/{map.slug}/?open=all"


def node_url(node: Node) -> str:
    return f"/maps/{node.map.slug}/nodes/{node.pk}/"


def settings_form(map: Map, **changes: object) -> dict[str, object]:
    """The settings form as the teacher sends it: every field, ticked boxes as "on"."""
    current = {name: getattr(map, name) for name in services.MAP_SETTINGS} | changes
    data: dict[str, object] = {"vote_round": current["vote_round"], "moderation_mode": current["moderation_mode"]}
    data |= {name: "on" for name in ("is_locked", "voting_open", "is_anonymous") if current[name]}
    return data


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
