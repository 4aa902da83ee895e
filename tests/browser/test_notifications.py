"""A student is told, in the header and without reloading, what her teacher did to her points."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import ModerationMode
from argmap.maps.services import contribution_create
from argmap.moderation.services import node_reject
from tests.browser.helpers import sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 10_000
APPROVED = "The new farms lost their topsoil within a few years."
REJECTED = "Khrushchev ploughed the whole of Siberia."
# As notifications quote them: the sentence around a quote takes its closing full stop.
APPROVED_SAID, REJECTED_SAID = (
    "“The new farms lost their topsoil within a few years”",
    "“Khrushchev ploughed the whole of Siberia”",
)
REASON = "Check the map: the Virgin Lands were in Kazakhstan."


@pytest.fixture
def debate(transactional_db, django_user_model):
    debate = start_class_debate(django_user_model, students=(("sam", "Sam K"),), moderation_mode=ModerationMode.PRE)
    sam = django_user_model.objects.get(username="sam")
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    for text in (APPROVED, REJECTED):
        contribution_create(author=sam, target=measure, kind="claim", relation="opposes", text=text)
    return debate


def test_a_student_sees_her_approval_and_rejection_arrive_in_the_header_and_opens_the_statement(new_page, debate):
    teacher, sam = new_page(), new_page()
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    sign_in(sam, "sam", "learn-pass-1")
    sam.goto("/")
    sam.evaluate("window.notReloaded = true")
    count = sam.locator("#news-count")
    expect(count).to_have_text("")

    # The teacher approves Sam's point in her own window: Sam's header counts it, without a reload.
    teacher.goto(f"/maps/{debate.slug}/moderation/")
    item = teacher.locator(".queue-item", has_text=APPROVED)
    item.get_by_role("button", name=re.compile("^Approve")).click()
    expect(teacher.get_by_text("Approved. The class can see it now.")).to_be_visible()
    expect(count).to_have_text("1 new notification", timeout=LIVE_WITHIN_MS)
    assert sam.evaluate("window.notReloaded") is True

    # The compact list in the header says it in plain words; opening it leads to the statement.
    sam.locator("#news-menu > summary").click()
    approval = sam.get_by_role("button", name=re.compile(f"Ms Rivera approved your point {APPROVED_SAID}"))
    expect(approval).to_be_visible()
    sam.keyboard.press("Escape")  # it closes as a menu does, back on its button
    expect(approval).to_be_hidden()
    expect(sam.locator("#news-menu > summary")).to_be_focused()
    sam.keyboard.press("Enter")
    approval.click()
    expect(sam).to_have_url(re.compile(rf"/maps/{debate.slug}/nodes/\d+/$"))
    expect(sam.get_by_role("heading", name=APPROVED)).to_be_visible()
    expect(sam.locator("#news-count")).to_have_text("")  # opened, so read

    # A rejection arrives the same way, with the teacher's reason.
    sam.evaluate("window.notReloaded = true")
    item = teacher.locator(".queue-item", has_text=REJECTED)
    item.get_by_label("Reason (the author sees it)").fill(REASON)
    item.get_by_role("button", name=re.compile("^Reject")).click()
    expect(sam.locator("#news-count")).to_have_text("1 new notification", timeout=LIVE_WITHIN_MS)
    assert sam.evaluate("window.notReloaded") is True
    sam.locator("#news-menu > summary").click()
    expect(sam.get_by_text(f"Your point {REJECTED_SAID} was not accepted: {REASON}")).to_be_visible()


def test_without_javascript_the_page_lists_them_and_marks_them_read(page_without_js, debate):
    page = page_without_js
    sign_in(page, "sam", "learn-pass-1")
    point = debate.nodes.get(text=REJECTED)
    node_reject(node=point, by=debate.classroom.teacher, reason=REASON)
    page.locator("#news-menu > summary").click()
    page.get_by_role("link", name="See your notifications").click()
    expect(page.get_by_role("heading", name="1 new")).to_be_visible()
    expect(page.get_by_text(f"was not accepted: {REASON}")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("heading", name="Nothing new")).to_be_visible()
    page.get_by_role("button", name=re.compile("was not accepted")).click()
    expect(page).to_have_url(re.compile(rf"/maps/{debate.slug}/nodes/{point.pk}/$"))
