"""The graph view (/maps/<slug>/graph/): what each person sees drawn, its live updates, its side panel, its picture
as a file from the page and the API, and the layout cache."""

from __future__ import annotations

import html
import json
import re

import pytest

from argmap.maps import drawing, layout
from argmap.maps.models import NodeKind
from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update, node_hide
from tests.helpers import visible_statements_and_links

NODE = re.compile(r'<a class="graph-node graph-node-(\w+)"[^>]* data-node-id="(\d+)"')
LINK = re.compile(r'<path class="graph-link graph-link-(\w+)" data-source="(\d+)" data-target="(\d+)"')


def drawn(body: str) -> tuple[set[int], set[tuple[int, int]]]:
    nodes = [int(node_id) for _, node_id in NODE.findall(body)]
    links = [(int(source), int(target)) for _, source, target in LINK.findall(body)]
    assert len(nodes) == len(set(nodes))
    assert len(links) == len(set(links))
    return set(nodes), set(links)


def test_a_visitor_sees_every_statement_and_link_of_the_public_map(client, essay_map):
    page = client.get(f"/maps/{essay_map.slug}/graph/")
    assert page.status_code == 200
    body = page.content.decode()
    assert drawn(body) == visible_statements_and_links(essay_map)
    assert len(drawn(body)[0]) == 90
    # Each statement is a link to its page, and the graph links back to the outline.
    measure = essay_map.nodes.filter(kind=NodeKind.MEASURE).first()
    assert f'href="{measure.get_absolute_url()}"' in body
    assert f'href="{essay_map.get_absolute_url()}">Read it as an outline' in body


def test_kinds_differ_by_shape_and_relations_by_line_and_arrowhead(client, essay_map):
    body = client.get(f"/maps/{essay_map.slug}/graph/").content.decode()
    kinds = {kind for kind, _ in NODE.findall(body)}
    assert kinds == {"question", "measure", "claim", "evidence"}
    supports = re.search(r'class="graph-link graph-link-supports"[^>]*>', body).group(0)
    opposes = re.search(r'class="graph-link graph-link-opposes"[^>]*>', body).group(0)
    assert "stroke-dasharray" not in supports
    assert 'marker-end="url(#graph-m-supports)"' in supports
    assert 'stroke-dasharray="7 5"' in opposes
    assert 'marker-end="url(#graph-m-opposes)"' in opposes
    assert "Supports (solid line, arrow)" in body
    assert "Opposes (dashed line, bar)" in body


def test_disputed_evidence_is_marked_with_a_sign_not_colour_alone(client, essay_map):
    disputed = essay_map.nodes.filter(curation_status="disputed").first()
    assert disputed is not None
    body = client.get(f"/maps/{essay_map.slug}/graph/").content.decode()
    item = re.search(rf'data-node-id="{disputed.pk}".*?</a>', body, re.S).group(0)
    assert "⚠ DISPUTED" in item


def test_a_class_map_graph_is_not_there_for_anyone_outside_the_class(client, class_map, outsider, measure):
    urls = [
        f"/maps/{class_map.slug}/graph/",
        f"/maps/{class_map.slug}/graph/live/",
        f"/maps/{class_map.slug}/graph.svg",
        f"/maps/{class_map.slug}/graph/nodes/{measure.pk}/",
        f"/api/maps/{class_map.slug}/graph.svg",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_classmates_see_neither_waiting_nor_hidden_points_and_the_teacher_sees_both(
    client, class_map, measure, student, second_student, teacher
):
    shown = contribution_create(
        author=second_student, target=measure, kind="claim", relation="supports", text="Maize fed the cattle."
    )
    node_hide(node=shown, by=teacher, reason="Off topic.")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    waiting = contribution_create(
        author=second_student, target=measure, kind="evidence", relation="opposes", text="Harvests failed in 1963."
    )
    client.force_login(student)
    body = client.get(f"/maps/{class_map.slug}/graph/").content.decode()
    nodes, links = drawn(body)
    assert (nodes, links) == visible_statements_and_links(class_map)
    assert shown.pk not in nodes
    assert waiting.pk not in nodes
    assert "Harvests failed" not in body
    assert "Maize fed" not in body

    client.force_login(second_student)  # their own waiting point, marked as waiting
    nodes, _ = drawn(client.get(f"/maps/{class_map.slug}/graph/").content.decode())
    assert waiting.pk in nodes

    client.force_login(teacher)
    body = client.get(f"/maps/{class_map.slug}/graph/").content.decode()
    nodes, _ = drawn(body)
    assert {shown.pk, waiting.pk} <= nodes
    assert "· HIDDEN" in body
    assert "· WAITING" in body


def test_statement_text_is_escaped_in_the_drawing(client, class_map, measure, student):
    contribution_create(
        author=student, target=measure, kind="claim", relation="supports", text='<script>alert("x")</script> & more'
    )
    client.force_login(student)
    for url in (f"/maps/{class_map.slug}/graph/", f"/maps/{class_map.slug}/graph.svg"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in body


def test_the_poller_gets_304_until_the_map_changes_then_the_new_drawing_out_of_band(
    client, class_map, measure, student, second_student
):
    client.force_login(student)
    page = client.get(f"/maps/{class_map.slug}/graph/")
    etag = page["ETag"]
    live = f"/maps/{class_map.slug}/graph/live/"
    assert client.get(live, headers={"If-None-Match": etag}).status_code == 304
    reply = contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="The soil blew away."
    )
    update = client.get(live, headers={"If-None-Match": etag})
    assert update.status_code == 200
    body = update.content.decode()
    assert 'id="graph-drawing" class="graph-drawing" hx-swap-oob="true"' in body
    # The poller comes back carrying the new ETag, so its next request can be answered 304.
    headers = re.search(r"id=\"graph-poller\".*?hx-headers='([^']*)'", body, re.S).group(1)
    assert json.loads(html.unescape(headers)) == {"If-None-Match": update["ETag"]}
    assert reply.pk in drawn(body)[0]


def test_a_click_opens_the_statement_in_the_panel_with_its_reply_button(client, class_map, measure, student):
    client.force_login(student)
    url = f"/maps/{class_map.slug}/graph/nodes/{measure.pk}/"
    panel = client.get(url, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    body = panel.content.decode()
    assert measure.text in body
    assert f'hx-get="/maps/{class_map.slug}/nodes/{measure.pk}/add/"' in body  # the reply form, loaded on opening
    assert 'id="arguments-panel"' in body
    # Without JavaScript the same address leads to the statement's own page.
    plain = client.get(url)
    assert plain.status_code == 302
    assert plain["Location"] == measure.get_absolute_url()


@pytest.mark.parametrize("prefix", ["/maps/{slug}/graph.svg", "/api/maps/{slug}/graph.svg"])
def test_the_picture_downloads_as_a_standalone_svg(client, essay_map, prefix):
    response = client.get(prefix.format(slug=essay_map.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{essay_map.slug}-graph.svg"'
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<style" not in body
    assert "style=" not in body
    assert "<link" not in body
    assert "<script" not in body
    assert drawn(body) == visible_statements_and_links(essay_map)
    # Its links lead back to the statements on this site, wherever the file is opened.
    assert 'href="http://testserver/maps/' in body


def test_an_unchanged_map_is_not_laid_out_again(client, class_map, measure, student, teacher, monkeypatch):
    calls = []
    real = layout.layered_layout
    monkeypatch.setattr(layout, "layered_layout", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    client.force_login(student)
    url = f"/maps/{class_map.slug}/graph/"
    client.get(url)
    client.get(url)
    client.force_login(teacher)  # sees the same statements: the same layout
    client.get(url)
    assert len(calls) == 1
    contribution_create(author=student, target=measure, kind="claim", relation="supports", text="A new point.")
    client.get(url)
    assert len(calls) == 2


def test_the_cache_key_names_the_map_its_revision_and_what_is_seen(class_map, essay_map):
    from django.contrib.auth.models import AnonymousUser

    from argmap.classrooms.permissions import map_access
    from argmap.maps.selectors import map_graph

    graph = map_graph(map=essay_map, access=map_access(AnonymousUser(), essay_map))
    key = drawing.layout_cache_key(graph)
    assert key.startswith(f"graph-layout:v{drawing.LAYOUT_VERSION}:{essay_map.pk}:r{essay_map.revision}:")
    graph.nodes.pop(next(iter(graph.nodes)))
    assert drawing.layout_cache_key(graph) != key
