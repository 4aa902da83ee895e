"""Parity rows for the class's ratings of claims and evidence (issue 11): the map page's form and the API's PUT."""

from __future__ import annotations

from argmap.maps.models import Edge, NodeKind, Relation
from tests.parity import states
from tests.parity.calls import on, on_map, settings_form
from tests.parity.helpers import NOT_FOUND, REFUSED, Call, Row, State, World, stores


def _with_claim(state: State) -> State:
    """The essay's first claim supporting the Virgin Lands measure, as state.claim; the student's own point too."""
    edge = Edge.objects.filter(to_node=state.measure, relation=Relation.SUPPORTS, from_node__kind=NodeKind.CLAIM)
    state.claim = edge.order_by("pk").first().from_node
    return state


def ratings_on(world: World) -> State:
    return _with_claim(states.open_map(world, ratings_open=True))


def ratings_off(world: World) -> State:
    return _with_claim(states.open_map(world))


def ratings_on_voting_closed(world: World) -> State:
    return _with_claim(states.open_map(world, ratings_open=True, voting_open=False))


def own_point_with_ratings_on(world: World) -> State:
    state = states.with_reply(world, ratings_open=True)
    state.claim = state.reply
    return state


def rate(name: str, actor: str, setup, expect, *, htmx: bool = False) -> Row:
    page = Call("POST", "maps:rate", on("claim"), {"score": 2}, htmx=htmx)
    return Row(name, actor, setup, page, Call("PUT", "api:rating", on("claim"), {"score": 2}), expect)


RATINGS = [
    rate("a student rates a claim", "student", ratings_on, stores("maps", "ratings")),
    rate("a student rates a claim in place (htmx)", "student", ratings_on, stores("maps", "ratings"), htmx=True),
    rate("a student rates when the teacher has not turned ratings on", "student", ratings_off, REFUSED),
    rate("a student rates when voting is closed", "student", ratings_on_voting_closed, REFUSED),
    rate("a student rates their own point", "student", own_point_with_ratings_on, REFUSED),
    rate("the teacher rates a claim", "teacher", ratings_on, REFUSED),
    rate("a student rates on another class's map", "outsider", ratings_on, NOT_FOUND),
    Row(
        "the teacher turns ratings on",
        "teacher",
        states.open_map,
        Call("POST", "moderation:settings", on_map, settings_form(ratings_open=True)),
        Call("PATCH", "api:settings", on_map, {"ratings_open": True}),
        stores("maps", "audit"),
    ),
]
