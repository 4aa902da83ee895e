"""The teacher's live view in real Chromium: the tools bar's counts, the title's count and the queue keep up by
themselves while students add points on a pre-moderated map, without losing what the teacher is typing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from argmap.maps.models import ModerationMode, Node, Status
from argmap.maps.services import contribution_create
from tests.browser.helpers import sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

# The teacher's pages poll every 3 seconds.
LIVE_WITHIN_MS = 8_000
EARLIER = "Thousands of prisoners came home from the labour camps."
NEW_POINT = "Poets such as Yevtushenko read their verse to crowds in football stadiums."


@pytest.fixture
def debate(transactional_db, django_user_model):
    return start_class_debate(django_user_model, moderation_mode=ModerationMode.PRE)


def _measure(debate):
    return debate.nodes.get(kind="measure", text__contains="Virgin Lands")


def _add_point_as_a_student(page, debate, text):
    measure = _measure(debate)
    page.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    card = page.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("▲ Supports it").check()
    form.get_by_label("What you want to say").fill(text)
    form.get_by_role("button", name="Add it").click()
    expect(card.get_by_text("Added. It waits for your teacher's approval before the class sees it.")).to_be_visible()


def test_the_counts_and_the_queue_keep_up_without_a_reload_and_keep_what_the_teacher_types(new_page, debate):
    earlier = contribution_create(
        author=debate.classroom.memberships.get(user__username="alex").user,
        target=_measure(debate),
        kind="claim",
        relation="supports",
        text=EARLIER,
    )
    on_map, at_queue, other_window, sam = new_page(), new_page(), new_page(), new_page()
    for page in (on_map, at_queue, other_window):
        sign_in(page, "ms-rivera", "teach-pass-1")
    sign_in(sam, "sam", "learn-pass-1")

    # One waiting point so far: the tools bar and the title say so.
    on_map.goto(f"/maps/{debate.slug}/")
    tools = on_map.get_by_role("navigation", name="Teacher's tools for this map")
    expect(tools.get_by_role("link", name=re.compile("^Moderation"))).to_contain_text("1 waiting")
    expect(on_map).to_have_title(re.compile(r"^\(1\) "))

    # At the queue, the teacher starts typing a reason to reject the earlier point, and stays in the field.
    at_queue.goto(f"/maps/{debate.slug}/moderation/")
    reason = at_queue.locator(f"#queue-{earlier.pk}").get_by_label("Reason (the author sees it)")
    reason.fill("Which camps? Name")
    for page in (on_map, at_queue):
        page.evaluate("window.notReloaded = true")

    # Sam adds a point: the count rises on the map page and in the title, and the point appears in the queue.
    _add_point_as_a_student(sam, debate, NEW_POINT)
    new = Node.objects.get(text=NEW_POINT)
    assert new.status == Status.PENDING
    expect(tools).to_contain_text("2 waiting", timeout=LIVE_WITHIN_MS)
    expect(on_map).to_have_title(re.compile(r"^\(2\) "), timeout=LIVE_WITHIN_MS)
    arrived = at_queue.locator(f"#queue-{new.pk}")
    expect(arrived).to_contain_text(NEW_POINT, timeout=LIVE_WITHIN_MS)
    expect(arrived).to_contain_text("by Sam K")
    expect(at_queue.get_by_role("heading", name="Waiting for approval (2)")).to_be_visible()
    expect(at_queue).to_have_title(re.compile(r"^\(2\) "), timeout=LIVE_WITHIN_MS)
    # …and the half-typed reason is still there, with the keyboard still in it.
    expect(reason).to_have_value("Which camps? Name")
    expect(reason).to_be_focused()

    # Approved in another window, the new point leaves the open queue; the counts fall.
    other_window.goto(f"/maps/{debate.slug}/moderation/")
    other_window.locator(f"#queue-{new.pk}").get_by_role("button", name=re.compile("^Approve")).click()
    expect(other_window.get_by_text("Approved. The class can see it now.")).to_be_visible()
    expect(arrived).to_have_count(0, timeout=LIVE_WITHIN_MS)
    expect(at_queue.get_by_role("heading", name="Waiting for approval (1)")).to_be_visible()
    expect(reason).to_have_value("Which camps? Name")
    expect(tools).to_contain_text("1 waiting", timeout=LIVE_WITHIN_MS)
    expect(on_map).to_have_title(re.compile(r"^\(1\) "), timeout=LIVE_WITHIN_MS)
    for page in (on_map, at_queue):
        assert page.evaluate("window.notReloaded") is True

    # The teacher finishes the reason and rejects: nothing waits, and the title drops its count.
    reason.press("End")
    reason.type(" them, please.")
    at_queue.locator(f"#queue-{earlier.pk}").get_by_role("button", name=re.compile("^Reject")).click()
    expect(at_queue.get_by_text("Rejected. Its author sees your reason.")).to_be_visible()
    expect(at_queue.get_by_text("Nothing is waiting.")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(at_queue).not_to_have_title(re.compile(r"^\("), timeout=LIVE_WITHIN_MS)
    assert Node.objects.get(pk=earlier.pk).moderation_note == "Which camps? Name them, please."


def test_tick_all_waiting_works_from_the_keyboard(page, debate):
    alex = debate.classroom.memberships.get(user__username="alex").user
    texts = ("Grain harvests fell in 1963.", "Prisoners came home after 1956.", "Poets read to stadium crowds.")
    for text in texts:
        contribution_create(author=alex, target=_measure(debate), kind="claim", relation="supports", text=text)
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/moderation/")
    tick_all = page.get_by_label("Tick all waiting")
    tick_all.focus()
    page.keyboard.press("Space")
    for box in page.locator("#queue-pending").get_by_role("checkbox").all():
        expect(box).to_be_checked()
    # Unticking one leaves "Tick all" half-ticked, not ticked.
    page.locator("#queue-pending").get_by_role("checkbox").first.uncheck()
    expect(tick_all).not_to_be_checked()
    assert tick_all.evaluate("box => box.indeterminate") is True
    tick_all.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Approve the ticked contributions").click()
    expect(page.get_by_text("Approved 3 contributions.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting.")).to_be_visible()


def test_without_javascript_the_teacher_approves_all_waiting_with_one_button(page_without_js, debate):
    alex = debate.classroom.memberships.get(user__username="alex").user
    for text in ("Grain harvests fell in 1963.", "Prisoners came home after 1956."):
        contribution_create(author=alex, target=_measure(debate), kind="claim", relation="supports", text=text)
    page = page_without_js
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/moderation/")
    expect(page.get_by_label("Tick all waiting")).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("^Moderation"))).to_contain_text("2 waiting")
    page.get_by_role("button", name="Approve all waiting").click()
    expect(page.get_by_text("Approved 2 contributions.")).to_be_visible()
    assert not Node.objects.filter(map=debate, status=Status.PENDING).exists()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _serious_or_critical(page) -> list[str]:
    page.evaluate(AXE.read_text())
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.impact, v.id, v.nodes.length])")
    return [f"{impact} {rule} ×{count}" for impact, rule, count in found if impact in ("serious", "critical")]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make setup installs it)")
def test_the_queue_passes_axe_after_an_in_place_approval_and_a_live_update(new_page, debate):
    alex = debate.classroom.memberships.get(user__username="alex").user
    first = contribution_create(author=alex, target=_measure(debate), kind="claim", relation="supports", text=EARLIER)
    page = new_page()
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{debate.slug}/moderation/")
    page.locator(f"#queue-{first.pk}").get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved. The class can see it now.")).to_be_visible()
    later = contribution_create(author=alex, target=_measure(debate), kind="claim", relation="supports", text=NEW_POINT)
    expect(page.locator(f"#queue-{later.pk}")).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert _serious_or_critical(page) == []
