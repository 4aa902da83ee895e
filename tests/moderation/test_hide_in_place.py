"""Hiding and restoring from a card on the map: in place with htmx, and without JavaScript back at the same
statement with the same arguments open."""

from __future__ import annotations

from argmap.maps.models import Node, Status
from argmap.moderation.templatetags.card_tools import map_return_url


def action_url(node: Node, action: str) -> str:
    return f"/maps/{node.map.slug}/moderation/nodes/{node.pk}/{action}/"


def test_the_return_address_keeps_what_was_open_and_adds_the_cards_measure(class_map):
    url = class_map.get_absolute_url()
    assert map_return_url(map=class_map, node_id=9, tree_root=4, open_param="") == f"{url}?open=4#node-4-9"
    assert map_return_url(map=class_map, node_id=9, tree_root="4", open_param="7,4") == f"{url}?open=4,7#node-4-9"
    assert map_return_url(map=class_map, node_id=4, tree_root="card", open_param="") == f"{url}#measure-4"
    assert map_return_url(map=class_map, node_id=9, tree_root="3", open_param="all") == f"{url}?open=all#node-3-9"
    assert map_return_url(map=class_map, node_id=9, tree_root="general", open_param="x") == f"{url}#node-general-9"


def test_the_map_page_cards_post_back_to_themselves(client, measure, reply, teacher):
    client.force_login(teacher)
    page = client.get(f"{measure.map.get_absolute_url()}?open={measure.pk}").content.decode()
    back = f"{measure.map.get_absolute_url()}?open={measure.pk}#node-{measure.pk}-{reply.pk}"
    assert f'name="next" value="{back}"' in page
    assert f'name="card" value="{measure.pk}"' in page
    assert 'hx-target="closest details"' in page


def test_without_javascript_hiding_comes_back_to_the_same_statement(client, measure, reply, teacher):
    client.force_login(teacher)
    back = f"{measure.map.get_absolute_url()}?open={measure.pk}#node-{measure.pk}-{reply.pk}"
    response = client.post(action_url(reply, "hide"), {"next": back, "card": str(measure.pk)})
    assert response.status_code == 302
    assert response["Location"] == back
    assert Node.objects.get(pk=reply.pk).status == Status.HIDDEN


def test_with_htmx_the_card_turns_hidden_with_a_restore_button_and_its_message_focused(client, measure, reply, teacher):
    client.force_login(teacher)
    back = f"{measure.map.get_absolute_url()}?open={measure.pk}#node-{measure.pk}-{reply.pk}"
    response = client.post(
        action_url(reply, "hide"), {"next": back, "card": str(measure.pk)}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "map-changed" in response["HX-Trigger"]
    assert body.lstrip().startswith(f'<details class="card-tool" id="mod-{measure.pk}-{reply.pk}" open>')
    assert "hx-preserve" not in body  # so the answer replaces the page's preserved copy
    assert 'role="status" tabindex="-1" autofocus>Hidden: the class can' in body
    assert f"/moderation/nodes/{reply.pk}/restore/" in body
    assert f'name="next" value="{back}"' in body
    assert Node.objects.get(pk=reply.pk).status == Status.HIDDEN

    restored = client.post(
        action_url(reply, "restore"), {"next": back, "card": str(measure.pk)}, headers={"HX-Request": "true"}
    )
    assert "Restored: the class can see it again." in restored.content.decode()
    assert f"/moderation/nodes/{reply.pk}/hide/" in restored.content.decode()
    assert Node.objects.get(pk=reply.pk).status == Status.VISIBLE


def test_a_refusal_shows_on_the_card(client, measure, reply, teacher):
    client.force_login(teacher)
    client.post(action_url(reply, "hide"))
    response = client.post(action_url(reply, "hide"), {"card": str(measure.pk)}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "already hidden" in body
    assert f"/moderation/nodes/{reply.pk}/restore/" in body


def test_an_odd_card_value_is_the_queues_answer(client, measure, reply, teacher):
    client.force_login(teacher)
    response = client.post(action_url(reply, "hide"), {"card": "<b>"}, headers={"HX-Request": "true"})
    assert "card-tool" not in response.content.decode()
