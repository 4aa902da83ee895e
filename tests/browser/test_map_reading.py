"""A reader opens the essay map, expands a measure, follows a statement to its passage in the essay and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Node, NodeKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def essay_map(transactional_db):
    from django.core.management import call_command

    from argmap.maps.models import Map

    call_command("loaddata", "destalinisation", verbosity=0)
    return Map.objects.get(slug="destalinisation")


def test_a_reader_expands_a_measure_and_follows_a_counterclaim_to_the_essay_and_back(page, essay_map):
    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    counterclaim = measure.incoming.filter(relation="opposes").first().from_node

    page.goto(f"/maps/{essay_map.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(essay_map.question)
    card = page.locator(f"#measure-{measure.pk}")
    expect(card.get_by_text(counterclaim.text)).to_have_count(0)

    card.locator("summary").click()  # htmx loads the argument tree into the card
    argument = card.locator(".argument-con", has_text=counterclaim.text).first
    expect(argument).to_be_visible()
    expect(argument).to_contain_text("Counterclaim")
    assert page.url.endswith(f"/maps/{essay_map.slug}/"), "expanding must not reload the page"

    argument.get_by_role("link", name="Essay passage").first.click()
    expect(page).to_have_url(
        f"{page.url.split('/maps/')[0]}/maps/{essay_map.slug}/essay/?node={counterclaim.pk}#passage-{counterclaim.pk}"
    )
    current = page.locator("mark.passage-current")
    expect(current.first).to_be_visible()
    assert "".join(current.all_text_contents()) == counterclaim.essay_quote

    page.get_by_role("link", name="Back to the statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(counterclaim.text)
    expect(page.get_by_text(counterclaim.essay_quote)).to_be_visible()


def test_without_javascript_a_measure_still_opens(page_without_js, essay_map):
    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    supporter = measure.incoming.filter(relation="supports").first().from_node
    page = page_without_js
    page.goto(f"/maps/{essay_map.slug}/")
    card = page.locator(f"#measure-{measure.pk}")
    card.locator("summary").click()
    card.get_by_role("link", name="Show the arguments").click()
    expect(page.locator(f"#measure-{measure.pk}").get_by_text(supporter.text).first).to_be_visible()


def test_every_essay_marker_leads_to_its_statement(page, essay_map):
    node = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    page.goto(f"/maps/{essay_map.slug}/essay/")
    expect(page.locator("mark.passage").first).to_be_visible()
    page.locator(f'a.passage-ref[href="/maps/{essay_map.slug}/nodes/{node.pk}/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(node.text)
