"""Find and take out, in real Chromium: a student searches the class map as they type and follows a result; the
search works without JavaScript; arguments sort by newest; the teacher downloads the class map and prints it."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest
from playwright.sync_api import expect

from argmap.interchange import argmap_json
from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update
from tests.browser.helpers import sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

STORMS = "Dust storms ruined the new farms on the steppe."
WAITING = "The 1956 harvest on the new land was a record."
# Screenshots for a person to look at (the lead's review); kept out of the repository unless asked for.
SHOTS = os.environ.get("ARGMAP_SCREENSHOTS", "")


@pytest.fixture
def debate(transactional_db, django_user_model):
    debate = start_class_debate(django_user_model)
    teacher = debate.classroom.teacher
    people = {user.username: user for user in django_user_model.objects.filter(username__in=("sam", "alex"))}
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    contribution_create(author=people["alex"], target=measure, kind="claim", relation="opposes", text=STORMS)
    map_settings_update(map=debate, by=teacher, moderation_mode="pre")
    contribution_create(author=people["sam"], target=measure, kind="claim", relation="supports", text=WAITING)
    return debate


def _read(download) -> str:
    with open(download.value.path(), encoding="utf-8-sig") as file:
        return file.read()


def _shot(page, name: str, **options) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), **options)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_student_types_words_sees_the_statement_and_follows_the_link(new_page, debate, width):
    page = new_page(width=width)
    sign_in(page, "alex", "learn-pass-1")
    page.goto(f"/maps/{debate.slug}/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Find statements in this map").press_sequentially("dust storms", delay=20)
    results = page.locator("#search-results")
    expect(results).to_contain_text("1 statement with “dust storms”.")
    result = results.locator(".search-item", has_text=STORMS)
    expect(result).to_contain_text("About: The Virgin Lands scheme to grow grain on new land")
    assert page.evaluate("window.notReloaded") is True  # the results came in place, as typed
    _shot(page, f"search-{width}.png")

    # Sam's point waiting for approval is nobody else's to find.
    page.get_by_label("Find statements in this map").fill("1956 harvest record")
    expect(results).to_contain_text("Nothing in this map says “1956 harvest record”.")

    page.get_by_label("Find statements in this map").fill("dust storms")
    results.get_by_role("link", name=STORMS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(STORMS)


def test_the_search_works_without_javascript(page_without_js, live_server, debate):
    page = page_without_js
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("learn-pass-1")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/maps/{debate.slug}/")
    page.get_by_label("Find statements in this map").fill("harvest record")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page).to_have_url(re.compile(r"/find/\?q=harvest\+record$"))
    item = page.locator(".search-item", has_text=WAITING)
    expect(item).to_contain_text("Waiting for approval")  # Sam's own point, found by Sam


def test_a_student_sorts_a_measures_arguments_newest_first(page, debate):
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    sign_in(page, "alex", "learn-pass-1")
    page.goto(f"/maps/{debate.slug}/nodes/{measure.pk}/")
    first = page.locator(".arguments-body > ul > li .argument-text").first
    expect(first).not_to_have_text(STORMS)
    page.get_by_label("Sort the arguments").select_option(label="Newest first")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?sort=newest"))
    expect(page.locator(".arguments-body .argument-text").first).to_have_text(STORMS)
    expect(page.get_by_label("Sort the arguments")).to_have_value("newest")


def test_the_teacher_downloads_the_class_map_from_the_map_page(page, debate):
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/")
    page.get_by_text("Download or print this map").click()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV (for a spreadsheet)", exact=True).click()
    assert csv_download.value.suggested_filename == f"{debate.slug}.csv"
    text = _read(csv_download)
    rows = list(csv.DictReader(io.StringIO(text)))
    by_text = {row["Text"]: row for row in rows}
    assert by_text[STORMS]["Author"] == "Alex P"
    assert by_text[STORMS]["Measure"] == "The Virgin Lands scheme to grow grain on new land"
    assert WAITING not in by_text, "a download holds what the map shows, unless the teacher asks for more"
    assert len(rows) == debate.nodes.filter(status="visible").count()

    with page.expect_download() as everything:
        page.get_by_role("link", name="CSV (for a spreadsheet), with hidden and waiting").click()
    assert everything.value.suggested_filename == f"{debate.slug}-with-hidden.csv"
    rows = list(csv.DictReader(io.StringIO(_read(everything))))
    assert {row["Text"]: row for row in rows}[WAITING]["Status"] == "waiting for approval"  # marked as such
    assert len(rows) == debate.nodes.count()

    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON (argmap's own, to import again)", exact=True).click()
    document = argmap_json.parse(json.loads(_read(json_download)))
    assert STORMS in {node.text for node in document.nodes}
    assert document.map["title"] == debate.title


def test_a_student_downloads_only_what_they_may_see(page, debate):
    sign_in(page, "alex", "learn-pass-1")
    page.goto(f"/maps/{debate.slug}/")
    page.get_by_text("Download or print this map").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Argdown (text outline)", exact=True).click()
    text = _read(download)
    assert STORMS in text
    assert WAITING not in text


def test_the_print_view_shows_the_outline_with_every_argument_and_no_controls(page, debate):
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/")
    page.get_by_text("Download or print this map").click()
    page.get_by_role("link", name="Print: every argument opened, ready to print").click()
    expect(page).to_have_url(re.compile(r"\?open=all$"))
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".teacher-nav")).to_be_hidden()
    expect(page.get_by_label("Find statements in this map")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    card = page.locator(f"#measure-{measure.pk}")
    expect(card.get_by_role("link", name=STORMS)).to_be_visible()
    colour = page.evaluate("getComputedStyle(document.querySelector('.measure-title a')).color")
    assert colour == "rgb(0, 0, 0)"
    _shot(page, "print.png")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    if SHOTS:
        with open(os.path.join(SHOTS, "print.pdf"), "wb") as file:
            file.write(pdf)
