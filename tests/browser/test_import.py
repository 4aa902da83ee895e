"""Bringing a discussion from another tool, in real Chromium: a teacher uploads a Kialo export, reads the preview,
imports it into her class, and takes the class's map away again as Argdown."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from argmap.interchange import argdown
from argmap.maps.models import Map
from tests.browser.helpers import TEACHER_PASSWORD, sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("ARGMAP_SCREENSHOTS", "")
LONG = (
    "Grain output rose sharply in the first years: the new lands gave 27 million tonnes in 1956, "
    + "a record harvest that fed the towns and let the state stop buying grain abroad for a while. " * 6
).strip()
KIALO = f"""Discussion Title: Was the Virgin Lands scheme worth it?

1. The Virgin Lands scheme was worth it.
1.1. Pro: {LONG}
1.1.1. Con: The harvests collapsed after 1960 when the soil eroded, see [the 1963 report](https://example.org/report).
1.1.1.1. Pro: Dust storms blew the topsoil away \\(1962–1965\\).
1.2. Con: It drew money away from the older farming regions.
1.2.1. Pro: -> See 1.1.1.
"""


def test_a_teacher_imports_a_kialo_discussion_into_her_class_and_downloads_it_as_argdown(
    new_page, transactional_db, django_user_model, tmp_path
):
    debate = start_class_debate(django_user_model)
    path = tmp_path / "virgin-lands.txt"
    path.write_text(KIALO, encoding="utf-8")
    page = new_page()
    sign_in(page, "ms-rivera", TEACHER_PASSWORD)
    page.goto(debate.classroom.get_absolute_url())
    page.get_by_role("link", name="Import a map from a file").click()
    expect(page.get_by_role("heading", name="Import a map")).to_be_visible()
    expect(page.get_by_label("Import into")).to_have_value(str(debate.classroom.pk))
    page.get_by_label("File to import").set_input_files(path)
    page.get_by_role("button", name="Preview the import").click()

    preview = page.locator(".import-preview")
    expect(preview.get_by_role("heading", name="Was the Virgin Lands scheme worth it?")).to_be_visible()
    expect(preview).to_contain_text("it becomes a debate of 10B History")
    expect(preview.get_by_role("list", name="What the map will hold")).to_contain_text("5 statements")
    expect(preview).to_contain_text("2 measures")
    expect(preview.locator(".import-measures")).to_contain_text("It drew money away from the older farming regions.")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "import-preview.png"), full_page=True)
    assert not Map.objects.filter(title="Was the Virgin Lands scheme worth it?").exists(), "nothing saved yet"

    page.get_by_role("button", name="Import into 10B History").click()
    expect(page.get_by_text("“Was the Virgin Lands scheme worth it?” is imported for 10B History.")).to_be_visible()
    imported = Map.objects.get(title="Was the Virgin Lands scheme worth it?")
    assert imported.classroom == debate.classroom
    expect(page.get_by_role("link", name=LONG[:40], exact=False).first).to_be_visible()

    page.get_by_text("Download or print this map").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Argdown (text outline)", exact=True).click()
    assert download.value.suggested_filename == f"{imported.slug}.argdown"
    with open(download.value.path(), encoding="utf-8") as file:
        text = file.read()
    read_back = argdown.from_argdown(text).document
    texts = {node.text for node in read_back.nodes}
    assert LONG in texts, "the long text is kept whole"
    assert "Dust storms blew the topsoil away (1962–1965)." in texts, "Kialo's escapes are undone"
    assert "The harvests collapsed after 1960 when the soil eroded, see the 1963 report." in texts
    assert len(read_back.edges) == imported.edges.count()
