"""Duplicates and the teacher's pickers in real Chromium: a near copy caught one level away from the statement it
repeats, merging found by search, hiding in place on the map."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Edge, Map, Node, NodeKind, Status
from argmap.maps.services import contribution_create
from tests.browser.helpers import sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

ESSAY_FACT = "Stalin's body was removed from Red Square in 1961."
NEAR_COPY = "Stalin's body was taken out of Red Square in 1961"
LIVE_WITHIN_MS = 5_000
# Screenshots for a person to look at, when asked: ARGMAP_SCREENSHOTS=/some/folder.
SCREENSHOTS = os.environ.get("ARGMAP_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=False)


@pytest.fixture
def debate(transactional_db, django_user_model):
    return start_class_debate(django_user_model)


def _image_measure(debate: Map) -> Node:
    """The measure the essay's fact hangs two levels under (fact → claim → measure)."""
    return debate.nodes.get(kind=NodeKind.MEASURE, text="Publicly attacking Stalin's image")


def test_a_near_copy_typed_one_level_away_is_shown_with_a_link_to_the_statement_already_there(new_page, debate):
    fact = debate.nodes.get(text=ESSAY_FACT)
    measure = _image_measure(debate)
    sam = new_page()
    sign_in(sam, "sam", "learn-pass-1")
    sam.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    card = sam.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("What you want to say").fill(NEAR_COPY)
    form.get_by_role("button", name="Add it").click()

    form = card.locator(f"#reply-{measure.pk} form.add-form")
    expect(form).to_contain_text("says nearly the same. Support or oppose that point instead")
    existing = form.get_by_role("link", name=f"“{ESSAY_FACT}”")
    expect(existing).to_be_visible()
    assert existing.get_attribute("href") == fact.get_absolute_url()
    existing.scroll_into_view_if_needed()
    _shot(sam, "near-copy-1280")
    assert not Node.objects.filter(text=NEAR_COPY).exists()

    # An exact copy (case, apostrophe and full stop aside) can't be posted anyway.
    form.get_by_label("What you want to say").fill("stalins body was removed from red square in 1961")
    form.get_by_role("button", name="Add it").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    expect(form).to_contain_text("already says this elsewhere in the map")
    expect(form.get_by_label("Post mine anyway: it says something different")).to_have_count(0)

    # A near copy that says something different is posted once Sam says so.
    form.get_by_label("What you want to say").fill(NEAR_COPY)
    form.get_by_role("button", name="Add it").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("Post mine anyway: it says something different").check()
    form.get_by_role("button", name="Add it").click()
    expect(card.get_by_text("Added. Everyone in the class can see it now.")).to_be_visible()
    assert Node.objects.filter(text=NEAR_COPY, status=Status.VISIBLE).exists()


def test_the_teacher_merges_a_duplicate_found_by_search_and_its_links_move(new_page, debate):
    fact = debate.nodes.get(text=ESSAY_FACT)
    measure = _image_measure(debate)
    sam, alex = (type(debate.owner).objects.get(username=name) for name in ("sam", "alex"))
    copy = contribution_create(
        author=sam, target=measure, kind=NodeKind.EVIDENCE, relation="supports", text=NEAR_COPY, post_anyway=True
    )
    reply = contribution_create(
        author=alex, target=copy, kind=NodeKind.CLAIM, relation="opposes", text="It was reburied, not removed."
    )
    teacher = new_page()
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    teacher.goto(fact.get_absolute_url())
    box = teacher.locator("details.picker-box", has_text="Merge duplicates into this statement")
    box.locator("summary").click()
    search = box.get_by_role("searchbox", name="Find them by their words")
    search.press_sequentially("taken out")
    choices = box.locator(f"#merge-choices-{fact.pk}")
    expect(box.get_by_role("status")).to_have_text("1 statement matches “taken out”.")
    search.press("Enter")  # the search form answers in place too: the teacher stays on the statement's page
    expect(teacher).to_have_url(re.compile(re.escape(fact.get_absolute_url()) + "$"))
    expect(box.get_by_role("status")).to_have_text("1 statement matches “taken out”.")
    duplicate = choices.get_by_role("checkbox", name=re.compile(re.escape(NEAR_COPY)))
    expect(duplicate).to_be_visible()
    expect(choices).to_contain_text("Likely duplicate")
    _shot(teacher, "merge-picker-1280")
    duplicate.check()
    box.get_by_role("button", name="Merge").click()

    expect(teacher.get_by_text("Merged 1 duplicate into this statement.")).to_be_visible()
    assert Node.objects.get(pk=copy.pk).merged_into_id == fact.pk
    assert Edge.objects.get(from_node=reply).to_node_id == fact.pk
    expect(teacher.locator(f"#arguments-{fact.pk}")).to_contain_text("It was reburied, not removed.")


def test_the_merge_picker_reads_well_on_a_phone(new_page, debate):
    fact = debate.nodes.get(text=ESSAY_FACT)
    sam = type(debate.owner).objects.get(username="sam")
    contribution_create(
        author=sam,
        target=_image_measure(debate),
        kind=NodeKind.EVIDENCE,
        relation="supports",
        text=NEAR_COPY,
        post_anyway=True,
    )
    teacher = new_page(width=390, height=844)
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    teacher.goto(fact.get_absolute_url())
    box = teacher.locator("details.picker-box", has_text="Merge duplicates into this statement")
    box.locator("summary").click()
    box.get_by_role("searchbox", name="Find them by their words").focus()
    # Keyboard only: the first choice is the likely duplicate, one Tab past the Search button.
    teacher.keyboard.press("Tab")
    teacher.keyboard.press("Tab")
    first = box.get_by_role("checkbox").first
    expect(first).to_be_focused()
    teacher.keyboard.press("Space")
    expect(first).to_be_checked()
    box.scroll_into_view_if_needed()
    _shot(teacher, "merge-picker-390")
    assert teacher.evaluate("document.documentElement.scrollWidth") <= 390


def test_hiding_from_the_map_stays_in_place_and_keeps_the_focus_through_the_live_refresh(new_page, debate):
    measure = debate.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    other = measure.incoming.filter(relation="supports").first().from_node
    teacher = new_page()
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    teacher.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    target = teacher.locator(f"#node-{measure.pk}-{other.pk}")
    target.locator(f"#mod-{measure.pk}-{other.pk} > summary").click()
    scrolled = teacher.evaluate("window.scrollY")
    target.get_by_role("button", name=re.compile("^Hide")).click()
    note = target.get_by_text("Hidden: the class can't see it now.")
    expect(note).to_be_focused()
    # The live refresh redraws the card as hidden; the tools and the focus stay where they are.
    expect(target.locator(".tag-hidden")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(note).to_be_focused()
    assert abs(teacher.evaluate("window.scrollY") - scrolled) < 200
    _shot(teacher, "hidden-in-place")
    target.get_by_role("button", name=re.compile("^Restore")).click()
    expect(target.get_by_text("Restored: the class can see it again.")).to_be_focused()
    expect(target.locator(".tag-hidden")).to_have_count(0, timeout=LIVE_WITHIN_MS)
    assert Node.objects.get(pk=other.pk).status == Status.VISIBLE


def test_without_javascript_hiding_comes_back_to_the_same_statement_with_its_arguments_open(
    page_without_js, live_server, debate
):
    measure = debate.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    other = measure.incoming.filter(relation="supports").first().from_node
    page = page_without_js
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    target = page.locator(f"#node-{measure.pk}-{other.pk}")
    target.locator(f"#mod-{measure.pk}-{other.pk} > summary").click()
    target.get_by_role("button", name=re.compile("^Hide")).click()
    expect(page).to_have_url(re.compile(rf"\?open={measure.pk}#node-{measure.pk}-{other.pk}$"))
    expect(page.locator(f"#node-{measure.pk}-{other.pk} .tag-hidden")).to_be_visible()
    assert Node.objects.get(pk=other.pk).status == Status.HIDDEN


def test_without_javascript_the_teacher_searches_picks_and_merges(page_without_js, debate):
    fact = debate.nodes.get(text=ESSAY_FACT)
    sam = type(debate.owner).objects.get(username="sam")
    copy = contribution_create(
        author=sam,
        target=_image_measure(debate),
        kind=NodeKind.EVIDENCE,
        relation="supports",
        text=NEAR_COPY,
        post_anyway=True,
    )
    page = page_without_js
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(fact.get_absolute_url())
    box = page.locator("details.picker-box", has_text="Merge duplicates into this statement")
    box.locator("summary").click()
    box.get_by_role("searchbox", name="Find them by their words").fill("red square 1961")
    box.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/pick/\?for=merge&q=red\+square\+1961$"))
    expect(page.get_by_role("heading", name="Merge duplicates into this statement")).to_be_visible()
    _shot(page, "merge-picker-no-js")
    page.get_by_role("checkbox", name=re.compile(re.escape(NEAR_COPY))).check()
    page.get_by_role("button", name="Merge").click()
    expect(page.get_by_text("Merged 1 duplicate into this statement.")).to_be_visible()
    assert Node.objects.get(pk=copy.pk).merged_into_id == fact.pk
