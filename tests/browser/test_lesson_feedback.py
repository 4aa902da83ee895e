"""A lesson's edges in real Chromium: one-time messages never come back from the browser's cache, settings say
what they do, feedback after an htmx action lands where the eyes are, and no form leads to a dead end.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = re.compile(r"^Saved\.")


def test_a_saved_message_shows_once_where_the_change_was_made_and_never_from_the_cache(page, class_map):
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{class_map.slug}/")  # the browser keeps a copy, to revalidate with its ETag

    # A change: the map page that follows says so once.
    page.goto(f"/maps/{class_map.slug}/settings/")
    page.get_by_label(re.compile("^Anonymous")).check()
    page.get_by_role("button", name="Save the settings").click()
    expect(page).to_have_url(re.compile(rf"/maps/{class_map.slug}/$"))
    expect(page.locator(".message", has_text=SAVED)).to_be_visible()

    # Coming back to the unchanged map: no stale copy of that message.
    page.goto(f"/maps/{class_map.slug}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".message")).to_have_count(0)

    # Saving with nothing changed (the map's revision stays): the message shows on the map, not on a later page.
    page.goto(f"/maps/{class_map.slug}/settings/")
    page.get_by_role("button", name="Save the settings").click()
    expect(page).to_have_url(re.compile(rf"/maps/{class_map.slug}/$"))
    expect(page.locator(".message", has_text=SAVED)).to_be_visible()
    page.goto(f"/maps/{class_map.slug}/participation/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".message")).to_have_count(0)
