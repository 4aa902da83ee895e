"""The graph view in real Chromium: one shape per statement and one line per link the student may see, a statement
opened in the side panel and answered there, zoom and pan, and a classmate's reply drawn without a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Node, Status
from argmap.maps.services import contribution_create
from tests.browser.helpers import STUDENT_PASSWORD, sign_in, start_class_debate
from tests.helpers import visible_statements_and_links

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 5_000


@pytest.fixture
def debate(transactional_db, django_user_model):
    return start_class_debate(django_user_model)


def drawn(page) -> tuple[set[int], set[tuple[int, int]]]:
    nodes = page.locator("a.graph-node").evaluate_all("els => els.map(el => Number(el.getAttribute('data-node-id')))")
    links = page.locator("path.graph-link").evaluate_all(
        "els => els.map(el => [Number(el.getAttribute('data-source')), Number(el.getAttribute('data-target'))])"
    )
    return set(nodes), {tuple(link) for link in links}


def test_the_graph_draws_each_visible_statement_and_link_once(new_page, debate, django_user_model):
    sam = django_user_model.objects.get(username="sam")
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    # A classmate's point that the teacher hid: not drawn for Sam.
    hidden = contribution_create(
        author=django_user_model.objects.get(username="alex"),
        target=measure,
        kind="claim",
        relation="opposes",
        text="A point the teacher took down.",
    )
    Node.objects.filter(pk=hidden.pk).update(status=Status.HIDDEN)
    nodes, links = visible_statements_and_links(debate)
    assert hidden.pk not in nodes

    page = new_page()
    sign_in(page, sam.username, STUDENT_PASSWORD)
    page.goto(f"/maps/{debate.slug}/graph/")
    expect(page.locator("a.graph-node")).to_have_count(len(nodes))
    expect(page.locator("path.graph-link")).to_have_count(len(links))
    assert drawn(page) == (nodes, links)
    expect(page.get_by_text("A point the teacher took down.")).to_have_count(0)


def test_zoom_buttons_keys_and_dragging_change_what_is_in_view(page, debate):
    page.goto("/maps/destalinisation/graph/")
    drawing = page.locator("#graph-svg")
    before = drawing.get_attribute("viewBox")
    page.get_by_role("button", name="Fit the whole graph in view").click()
    fitted = drawing.get_attribute("viewBox")
    assert fitted != before
    page.get_by_role("button", name="Zoom in").click()
    expect(drawing).not_to_have_attribute("viewBox", fitted)
    zoomed = drawing.get_attribute("viewBox")
    page.locator("#graph-viewport").focus()
    page.keyboard.press("ArrowRight")
    expect(drawing).not_to_have_attribute("viewBox", zoomed)
    x_before, x_after = float(zoomed.split()[0]), float(drawing.get_attribute("viewBox").split()[0])
    assert x_after > x_before
    # Dragging moves the drawing the other way.
    box = page.locator("#graph-viewport").bounding_box()
    moved = drawing.get_attribute("viewBox")
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 260, steps=5)
    page.mouse.up()
    assert float(drawing.get_attribute("viewBox").split()[0]) < float(moved.split()[0])


def test_a_statement_opens_in_the_panel_and_a_reply_there_appears_in_the_outline(new_page, debate):
    page = new_page()
    sign_in(page, "sam", STUDENT_PASSWORD)
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    page.goto(f"/maps/{debate.slug}/graph/")
    page.evaluate("window.notReloaded = true")
    # By keyboard: the statement's link in the drawing, then Enter.
    page.locator(f'a.graph-node[data-node-id="{measure.pk}"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator("#graph-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(measure.text)
    assert page.evaluate("window.notReloaded") is True
    assert page.url.endswith("/graph/")

    panel.locator(f"#reply-panel-{measure.pk} > summary").click()
    form = panel.locator("form.add-form")
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill("Dust storms blew the topsoil off the new farms.")
    form.get_by_role("button", name="Add it").click()
    expect(panel.get_by_text("Added. Everyone in the class can see it now.")).to_be_visible()
    # The graph draws it (the poller, or the page's own map-changed event), still without a reload.
    expect(page.locator("a.graph-node", has_text="Dust storms blew the")).to_have_count(1, timeout=LIVE_WITHIN_MS)
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("link", name="Read it as an outline").click()
    expect(page).to_have_url(re.compile(rf"/maps/{debate.slug}/$"))
    page.goto(f"/maps/{debate.slug}/?open={measure.pk}")
    outline = page.locator(f"#arguments-{measure.pk}")
    expect(outline.get_by_role("link", name="Dust storms blew the topsoil off the new farms.")).to_be_visible()


def test_the_graph_follows_a_classmates_reply_without_a_reload(new_page, debate, django_user_model):
    page = new_page()
    sign_in(page, "sam", STUDENT_PASSWORD)
    page.goto(f"/maps/{debate.slug}/graph/")
    page.get_by_role("button", name="Zoom in").click()
    view = page.locator("#graph-svg").get_attribute("viewBox")
    count = page.locator("a.graph-node").count()
    page.evaluate("window.notReloaded = true")

    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    reply = contribution_create(
        author=django_user_model.objects.get(username="alex"),
        target=measure,
        kind="evidence",
        relation="supports",
        text="Grain output rose in the first years.",
    )
    expect(page.locator(f'a.graph-node[data-node-id="{reply.pk}"]')).to_have_count(1, timeout=LIVE_WITHIN_MS)
    expect(page.locator("a.graph-node")).to_have_count(count + 1)
    expect(page.locator(f'path.graph-link[data-source="{reply.pk}"][data-target="{measure.pk}"]')).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    # The reader's zoom is kept across the redraw.
    expect(page.locator("#graph-svg")).to_have_attribute("viewBox", view)


def test_without_javascript_the_graph_is_drawn_and_each_statement_is_a_link(page_without_js, debate):
    from argmap.maps.models import Map

    essay = Map.objects.get(slug="destalinisation")
    page_without_js.goto(f"/maps/{essay.slug}/graph/")
    nodes, _ = visible_statements_and_links(essay)
    expect(page_without_js.locator("a.graph-node")).to_have_count(len(nodes))
    measure = essay.nodes.get(kind="measure", text__contains="Virgin Lands")
    link = page_without_js.locator(f'a.graph-node[data-node-id="{measure.pk}"]')
    page_without_js.goto(link.get_attribute("href"))
    expect(page_without_js.get_by_role("heading", level=1)).to_have_text(measure.text)
    expect(page_without_js.get_by_role("button", name=re.compile("Zoom"))).to_have_count(0)


def test_the_outline_leads_to_the_graph(page, debate):
    page.goto("/maps/destalinisation/")
    page.get_by_role("link", name="See it as a graph").click()
    expect(page).to_have_url(re.compile(r"/maps/destalinisation/graph/$"))
    expect(page.locator("a.graph-node").first).to_be_attached()
