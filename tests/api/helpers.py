"""Plain functions the API tests share: addresses, adding a statement through the API, the map's revision."""

from __future__ import annotations

from django.test import Client

from argmap.maps.models import Map, Node, NodeKind

JSON = "application/json"


def api(map: Map, tail: str = "") -> str:
    return f"/api/maps/{map.slug}/{tail}"


def revision_of(map: Map) -> int:
    return Map.objects.get(pk=map.pk).revision


def add(client, map: Map, **data):
    return client.post(api(map, "nodes/"), data, content_type=JSON)


def counterclaim(measure: Node, text: str = "Dust storms ruined the new farms.") -> dict:
    return {"target": measure.pk, "kind": "claim", "relation": "opposes", "text": text}


def maize(map: Map) -> Node:
    return map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")


def reply_by(student, measure: Node, text: str = "Frist try") -> Node:
    """A counterclaim the student wrote under measure, added through the API."""
    client = Client()
    client.force_login(student)
    assert add(client, measure.map, **counterclaim(measure, text)).status_code == 201
    return Node.objects.get(text=text)


def results(response) -> list:
    """The items of a list answer's page, after checking the answer is a 200 in the API's page shape."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body), body
    return body["results"]
