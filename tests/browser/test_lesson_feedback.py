"""A lesson's edges in real Chromium: one-time messages never come back from the browser's cache, settings say
what they do, feedback after an htmx action lands where the eyes are, and no form leads to a dead end.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update
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


# Feedback where the eyes are


def _open_add_form_at_the_bottom(page, measure):
    page.goto(f"/maps/{measure.map.slug}/nodes/{measure.pk}/#add")
    form = page.locator(f"#add-form-{measure.pk}")
    form.get_by_role("button", name="Add it").scroll_into_view_if_needed()
    return form


@pytest.mark.parametrize("width", [390, 1280])
def test_the_confirmation_after_adding_a_point_is_in_view_and_focused(new_page, measure, student, width):
    page = new_page(width=width, height=800)
    sign_in(page, "sam", "learn-pass-1")
    form = _open_add_form_at_the_bottom(page, measure)
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill("The new farms lost their topsoil to the wind within years.")
    form.get_by_role("button", name="Add it").click()
    done = page.locator(".add-done")
    expect(done).to_contain_text("Added. Everyone in the class can see it now.")
    expect(done).to_be_focused()
    expect(done).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("width", [390, 1280])
def test_an_error_after_adding_a_point_is_in_view_and_focused(new_page, measure, student, width):
    page = new_page(width=width, height=800)
    sign_in(page, "sam", "learn-pass-1")
    form = _open_add_form_at_the_bottom(page, measure)
    form.get_by_role("button", name="Add it").click()  # nothing typed
    error = page.locator(f"#add-form-{measure.pk} .errorlist").first
    expect(error).to_be_visible()
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport(ratio=1)


def test_the_vote_confirmation_shows_once_focused_and_not_after_a_reload(new_page, measure, student):
    page = new_page(width=390, height=800)
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{measure.map.slug}/#measure-{measure.pk}")
    panel = page.locator(f"#vote-panel-{measure.pk}")
    panel.get_by_text("Mostly successful").click()
    panel.get_by_role("button", name=re.compile("^Vote")).click()
    saved = page.locator(f"#vote-panel-{measure.pk} [data-feedback]")
    expect(saved).to_have_text("Saved.")
    expect(saved).to_be_focused()
    expect(saved).to_be_in_viewport()
    page.reload()
    expect(page.locator(f"#vote-panel-{measure.pk}")).to_contain_text("Your vote: 4")
    expect(page.locator(f"#vote-panel-{measure.pk} [data-feedback]")).to_have_count(0)


def test_on_a_phone_the_confirmation_that_replaces_a_reply_form_on_the_map_is_in_view(new_page, measure, student):
    # Without static/js/feedback.js the short confirmation ends above the view (the tall form it replaced is gone).
    page = new_page(width=390, height=800)
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{measure.map.slug}/")
    card = page.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill("Farmers hated the quotas.")
    form.get_by_role("button", name="Add it").click()
    done = card.locator(".add-done")
    expect(done).to_contain_text("Added. Everyone in the class can see it now.")
    expect(done).to_be_focused()
    expect(done).to_be_in_viewport(ratio=1)


def test_a_refusal_htmx_does_not_swap_in_is_shown_in_its_own_words(new_page, class_map, measure, student):
    page = new_page(width=390, height=800)
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{class_map.slug}/")
    card = page.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("What you want to say").fill("Farmers hated the quotas.")
    # The teacher locks the map meanwhile: the answer is a 403 page, which htmx does not swap in.
    type(class_map).objects.filter(pk=class_map.pk).update(is_locked=True)
    form.get_by_role("button", name="Add it").click()
    notice = page.locator("#notices [role=alert]")
    expect(notice).to_have_text("This map is locked: nobody can add or change statements now.")
    expect(notice).to_be_in_viewport(ratio=1)


def test_the_settings_say_what_students_could_do_as_boxes_are_ticked_and_warn_before_saving(page, class_map):
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{class_map.slug}/settings/")
    sentence = page.locator("#students-can")
    expect(sentence).to_contain_text("Right now students can add points, replies and links")
    page.get_by_label(re.compile("^Locked")).check()
    expect(sentence).to_contain_text("Right now students can vote on each measure (round: before the debate)")
    page.get_by_label("Voting is open").uncheck()
    expect(sentence).to_contain_text("Careful: Students can't add, change or vote on anything now")
    class_map.refresh_from_db()
    assert not class_map.is_locked  # nothing saved yet
    expect(page.get_by_label("Voting is open")).to_be_focused()  # the preview never takes the focus
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".message-warning")).to_contain_text("the map is locked and voting is closed")


def test_on_a_phone_the_teacher_sees_the_approval_where_the_item_was(new_page, class_map, measure, teacher, student):
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    for text in ("Farmers hated the quotas.", "Prices rose fast in shops.", "Writers still got censored."):
        contribution_create(author=student, target=measure, kind="claim", relation="opposes", text=text)
    page = new_page(width=390, height=700)
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{class_map.slug}/moderation/")
    item = page.locator(".queue-item", has_text="Writers still got censored.")
    item.get_by_role("button", name=re.compile("^Approve")).click()
    done = page.get_by_text("Approved. The class can see it now.")
    expect(done).to_be_focused()
    expect(done).to_be_in_viewport(ratio=1)
