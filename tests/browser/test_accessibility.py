"""axe-core in real Chromium over the pages each person uses, at the width they use them, and after the htmx
actions that change a page in place: no serious or critical violation anywhere (the stock Django admin aside).

axe-core comes from npm (package-lock.json, installed by `make setup`); its script is evaluated in each page
through Playwright, which the pages' strict Content-Security-Policy does not apply to. Besides axe's default rules
(WCAG 2.0-2.2 A and AA, and best practices), target-size is switched on: WCAG 2.2's 24-by-24 pixel tap targets,
which axe leaves off by default.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from argmap.classrooms.services import classroom_create, debate_start
from argmap.moderation.services import flag_raise, map_settings_update
from argmap.votes.services import rating_cast, vote_cast
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
PHONE = 390
POINT = "The new farms lost their topsoil to the wind within a few years."


@pytest.fixture(scope="session")
def axe_script() -> str:
    if not AXE_SCRIPT.exists():
        reason = f"axe-core not found at {AXE_SCRIPT}: `make setup` installs it from package-lock.json (npm ci)"
        if os.environ.get("ARGMAP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE_SCRIPT.read_text()


class Audit:
    """Runs axe on page after page and keeps every serious or critical violation, to report them all at once."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.found: list[str] = []
        self.checked: list[str] = []

    def check(self, page, where: str) -> None:
        page.wait_for_load_state()
        page.evaluate(self.script)
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        self.checked.append(where)
        for violation in result["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            lines = [f"{where} ({page.url}): {violation['impact']} [{violation['id']}] {violation['help']}"]
            for node in violation["nodes"][:5]:
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}\n      {summary[:300]}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more")
            self.found.append("\n".join(lines))

    def assert_clean(self) -> None:
        assert not self.found, (
            f"axe-core finds serious or critical problems on {len(self.found)} of the checks "
            f"(of {len(self.checked)} pages and states):\n" + "\n".join(self.found)
        )


@pytest.fixture
def audit(axe_script) -> Audit:
    return Audit(axe_script)


@pytest.fixture
def lesson(class_map, measure, teacher, student, second_student):
    """The class's map as a lesson leaves it: pre-moderated, a flag waiting, a point the teacher approved."""
    claim = measure.incoming.filter(relation="supports").first().from_node
    flag_raise(node=claim, by=second_student, reason="unkind", note="")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    return class_map


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_a_visitors_pages_have_no_serious_or_critical_problems(new_page, audit, essay_map, width):
    page = new_page(width=width)
    measure = essay_map.nodes.filter(kind="measure").order_by("pk").first()
    claim = essay_map.nodes.filter(kind="claim").order_by("pk").first()
    for where, url in [
        ("home page", "/"),
        ("help page", "/help/"),
        ("essay map", f"/maps/{essay_map.slug}/"),
        ("essay map, a measure open", f"/maps/{essay_map.slug}/?open={measure.pk}"),
        ("essay reading page", f"/maps/{essay_map.slug}/essay/"),
        ("graph view", f"/maps/{essay_map.slug}/graph/"),
        ("a measure's page", f"/maps/{essay_map.slug}/nodes/{measure.pk}/"),
        ("a claim's page", f"/maps/{essay_map.slug}/nodes/{claim.pk}/"),
        ("sign in", "/accounts/login/"),
        ("join a class", "/join/"),
        ("teacher sign-up", "/accounts/signup/"),
    ]:
        page.goto(url)
        audit.check(page, f"visitor at {width}px: {where}")
    audit.assert_clean()


def test_a_students_pages_on_a_phone_have_no_serious_or_critical_problems(new_page, audit, lesson, measure):
    page = new_page(width=PHONE)
    sign_in(page, "sam", "learn-pass-1")
    claim = measure.incoming.filter(relation="supports").first().from_node
    for where, url in [
        ("home page", "/"),
        ("classes", "/classes/"),
        ("class map, a measure open", f"/maps/{lesson.slug}/?open={measure.pk}#measure-{measure.pk}"),
        ("a measure's page", f"/maps/{lesson.slug}/nodes/{measure.pk}/"),
        ("a claim's page", f"/maps/{lesson.slug}/nodes/{claim.pk}/"),
        ("results", f"/maps/{lesson.slug}/results/"),
        ("search results", f"/maps/{lesson.slug}/find/?q=Stalin"),
        ("notifications", "/notifications/"),
        ("graph view", f"/maps/{lesson.slug}/graph/"),
        ("account", "/accounts/"),
        ("help page", "/help/"),
    ]:
        page.goto(url)
        audit.check(page, f"student at {PHONE}px: {where}")

    # The add form's folded parts, opened.
    page.goto(f"/maps/{lesson.slug}/nodes/{claim.pk}/")
    page.get_by_text("Add a source (for evidence)").click()
    page.get_by_text("It also speaks to another statement").click()
    audit.check(page, f"student at {PHONE}px: a claim's page, the add form opened")
    audit.assert_clean()


IMPORT_FILE = "Discussion Title: Thaw\n\n1. The thaw was real.\n1.1. Pro: Prisoners came home [after 1956](https://example.org).\n"


def test_a_teachers_pages_have_no_serious_or_critical_problems(new_page, audit, lesson, measure, classroom):
    page = new_page()
    sign_in(page, "ms-rivera", "teach-pass-1")
    for where, url in [
        ("classes", "/classes/"),
        ("the class", f"/classes/{classroom.pk}/"),
        ("map with the teacher's tools", f"/maps/{lesson.slug}/?open={measure.pk}#measure-{measure.pk}"),
        ("a measure's page with moderation", f"/maps/{lesson.slug}/nodes/{measure.pk}/"),
        ("moderation queue", f"/maps/{lesson.slug}/moderation/"),
        ("settings", f"/maps/{lesson.slug}/settings/"),
        ("participation", f"/maps/{lesson.slug}/participation/"),
        ("audit log", f"/maps/{lesson.slug}/audit/"),
        ("graph view, with the teacher's view of waiting points", f"/maps/{lesson.slug}/graph/"),
        ("results", f"/maps/{lesson.slug}/results/"),
        ("search results", f"/maps/{lesson.slug}/find/?q=Stalin"),
        ("account", "/accounts/"),
        ("API tokens", "/accounts/tokens/"),
        ("import a map", f"/maps/import/?class={classroom.pk}"),
    ]:
        page.goto(url)
        audit.check(page, f"teacher: {where}")
    page.goto(f"/maps/import/?class={classroom.pk}")
    page.get_by_label("Or paste the file's text").fill(IMPORT_FILE)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Left out or changed")).to_be_visible()
    audit.check(page, "teacher: an import's preview with notes")
    page.goto(f"/maps/import/?class={classroom.pk}")
    page.get_by_label("Or paste the file's text").fill("1. A thesis\n1.1. Pro: -> See 1.9.")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".field-invalid")).to_contain_text("1.9.")
    audit.check(page, "teacher: an import refused, naming the place")

    # The merge and move pickers, opened on a statement's page.
    claim = measure.incoming.filter(relation="supports").first().from_node
    page.goto(f"/maps/{lesson.slug}/nodes/{claim.pk}/")
    page.get_by_text("Merge duplicates into this statement").click()
    page.get_by_text("Move it under another statement").click()
    audit.check(page, "teacher: a claim's page with the merge and move pickers open")

    # A statement's tools, opened on the map.
    page.goto(f"/maps/{lesson.slug}/?open={measure.pk}#measure-{measure.pk}")
    page.locator(f"#measure-{measure.pk} details.card-tool > summary").first.click()
    audit.check(page, "teacher: map with a statement's tools open")
    audit.assert_clean()


def test_a_curators_pages_have_no_serious_or_critical_problems(new_page, audit, admin, essay_map):
    page = new_page()
    sign_in(page, "ada", "curate-pass-1")
    measure = essay_map.nodes.filter(kind="measure").order_by("pk").first()
    for where, url in [
        ("curation", "/curation/"),
        ("the essay map", f"/maps/{essay_map.slug}/?open={measure.pk}"),
        ("the essay map's moderation", f"/maps/{essay_map.slug}/moderation/"),
    ]:
        page.goto(url)
        audit.check(page, f"curator: {where}")
    audit.assert_clean()


def test_pages_changed_in_place_by_htmx_have_no_serious_or_critical_problems(new_page, audit, lesson, measure):
    sam = new_page(width=PHONE)
    sign_in(sam, "sam", "learn-pass-1")
    sam.goto(f"/maps/{lesson.slug}/?open={measure.pk}#measure-{measure.pk}")
    card = sam.locator(f"#measure-{measure.pk}")

    # Sam adds a point (it waits for approval on this pre-moderated map).
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill(POINT)
    form.get_by_role("button", name="Add it").click()
    expect(card.locator(".add-done")).to_be_visible()
    audit.check(sam, f"student at {PHONE}px: the map after adding a point")

    # Sam votes; the class's votes appear in place of the form's question.
    card.locator(".vote-form").get_by_text("Mostly successful", exact=True).click()
    card.locator(".vote-form").get_by_role("button", name=re.compile("^Vote")).click()
    expect(card.locator(".bars")).to_be_visible()
    audit.check(sam, f"student at {PHONE}px: the map after voting")

    # The teacher approves Sam's point in place on the queue.
    teacher = new_page()
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    teacher.goto(f"/maps/{lesson.slug}/moderation/")
    item = teacher.locator(".queue-item", has_text=POINT)
    item.get_by_role("button", name=re.compile("^Approve")).click()
    expect(teacher.get_by_role("button", name=re.compile(f"^Approve “{POINT[:20]}"))).to_have_count(0)
    expect(teacher.get_by_text(re.compile(r"^Approved\b")).first).to_be_visible()
    audit.check(teacher, "teacher: the queue after approving in place")

    # The teacher hides a statement in place on the map.
    teacher.goto(f"/maps/{lesson.slug}/?open={measure.pk}#measure-{measure.pk}")
    tool = teacher.locator(f"#measure-{measure.pk} details.card-tool").first
    tool.locator("summary").click()
    tool.get_by_role("button", name=re.compile("^Hide")).click()
    expect(teacher.locator(f"#measure-{measure.pk} details.card-tool").first).to_contain_text("Hidden")
    audit.check(teacher, "teacher: the map after hiding in place")

    # Sam searches as they type, then opens the notifications (the approval is there).
    sam.goto(f"/maps/{lesson.slug}/")
    sam.get_by_label("Find statements in this map").fill("Stalin")
    expect(sam.locator("#search-results .search-item").first).to_be_visible()
    audit.check(sam, f"student at {PHONE}px: the map with search results typed in place")
    sam.locator(".news-summary").click()
    expect(sam.locator(".news-list")).to_be_visible()
    audit.check(sam, f"student at {PHONE}px: the notifications opened in the header")
    audit.assert_clean()


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_the_results_dashboard_has_no_serious_or_critical_problems(
    new_page, audit, class_map, teacher, student, second_student, essay_map, width
):
    """The results with votes to rank and chart, and the teacher's two classes side by side (issue 11, "results")."""
    debate_start(classroom=classroom_create(teacher=teacher, name="10C History"), by=teacher, source=essay_map)
    measures = list(class_map.nodes.filter(kind="measure").order_by("pk")[:4])
    for measure, score in zip(measures, (5, 1, 3, 4), strict=True):
        measure.map = class_map
        vote_cast(voter=student, measure=measure, score=score)
        vote_cast(voter=second_student, measure=measure, score=max(1, score - 1))
    page = new_page(width=width)
    sign_in(page, "ms-rivera", "teach-pass-1")
    page.goto(f"/maps/{class_map.slug}/results/")
    expect(page.locator(".chart-svg")).to_be_visible()
    expect(page.locator("#classes")).to_be_visible()
    audit.check(page, f"teacher at {width}px: the results dashboard with two classes side by side")
    student_page = new_page(width=width)
    sign_in(student_page, "sam", "learn-pass-1")
    student_page.goto(f"/maps/{class_map.slug}/results/")
    audit.check(student_page, f"student at {width}px: the results dashboard")
    audit.assert_clean()


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_the_rating_control_has_no_serious_or_critical_problems(
    new_page, audit, class_map, measure, teacher, student, second_student, width
):
    """Ratings on (issue 11, "ratings"): each claim's 1–5 control, its saved state and the class's distribution."""
    map_settings_update(map=class_map, by=teacher, ratings_open=True)
    claim = measure.incoming.filter(relation="supports", from_node__kind="claim").first().from_node
    claim.map = class_map
    rating_cast(rater=second_student, node=claim, score=4)
    page = new_page(width=width)
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{class_map.slug}/?open={measure.pk}#measure-{measure.pk}")
    audit.check(page, f"student at {width}px: the map with ratings on, a measure open")
    panel = page.locator(f"#rating-{measure.pk}-{claim.pk}")
    panel.get_by_role("radio", name="2 Weak").check()
    panel.get_by_role("button", name=re.compile("^Rate")).click()
    expect(panel).to_contain_text("Your rating: 2")
    panel.locator(".rating-distribution > summary").click()
    expect(panel.locator(".bars")).to_be_visible()
    audit.check(page, f"student at {width}px: a claim rated, the class's ratings opened")
    page.goto(f"/maps/{class_map.slug}/nodes/{claim.pk}/")
    audit.check(page, f"student at {width}px: a rated claim's page")
    audit.assert_clean()


# Phone widths: what axe cannot judge, measured.


def test_on_a_phone_vote_bars_span_the_width_and_say_their_numbers(new_page, class_map, measure, student, teacher):
    second = class_map.nodes.filter(kind="measure").exclude(pk=measure.pk).order_by("pk").first()
    vote_cast(voter=student, measure=measure, score=4)
    vote_cast(voter=student, measure=second, score=2)
    page = new_page(width=PHONE)
    sign_in(page, "sam", "learn-pass-1")

    for where, url, bars in [
        ("the map", f"/maps/{class_map.slug}/#measure-{measure.pk}", page.locator(f"#vote-summary-{measure.pk} .bars")),
        ("the results", f"/maps/{class_map.slug}/results/", page.locator(f"#result-{measure.pk} .bars").first),
    ]:
        page.goto(url)
        full = bars.get_by_role("row", name=re.compile("Mostly successful"))
        empty = bars.get_by_role("row", name=re.compile("Mixed"))
        expect(full).to_contain_text("1 (100%)")
        expect(empty).to_contain_text("0 (0%)")
        track = full.locator(".bar").bounding_box()
        filled = full.locator(".bar-fill").bounding_box()
        assert track["width"] >= PHONE // 2, f"on {where} the bar is {track['width']:.0f}px wide on a {PHONE}px phone"
        assert filled["width"] >= track["width"] - 4, f"on {where} a 100% bar is not full"
        assert empty.locator(".bar-fill").bounding_box()["width"] <= 1


@pytest.mark.parametrize("width", [360, PHONE])
def test_on_a_phone_the_signed_in_header_keeps_to_two_rows(new_page, class_map, student, width):
    page = new_page(width=width)
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{class_map.slug}/")
    nav = page.get_by_role("navigation", name="Main")
    brand = nav.get_by_role("link", name="argmap").bounding_box()
    classes = nav.get_by_role("link", name="Classes").bounding_box()
    sign_out = nav.get_by_role("button", name=re.compile("Sign out")).bounding_box()
    account = nav.get_by_role("link", name=re.compile("Your account")).bounding_box()
    assert abs(classes["y"] - brand["y"]) < brand["height"], "the links share the brand's row"
    assert abs(sign_out["y"] - account["y"]) < account["height"], "the name and Sign out share a row"
    assert nav.bounding_box()["height"] < 110, "the header is two rows, not three or more"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing sticks out sideways"


def test_the_graph_with_a_statement_open_in_its_panel_has_no_serious_or_critical_problems(
    new_page, audit, lesson, measure
):
    """The graph view (issue 11, "graph") after a click: the side panel with the statement and its reply form."""
    page = new_page()
    sign_in(page, "sam", "learn-pass-1")
    page.goto(f"/maps/{lesson.slug}/graph/")
    page.locator(f'a.graph-node[data-node-id="{measure.pk}"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator("#graph-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(measure.text)
    panel.locator(f"#reply-panel-{measure.pk} > summary").click()
    expect(panel.locator("form.add-form")).to_be_visible()
    audit.check(page, "student at 1280px: the graph with a statement open in the side panel")
    audit.assert_clean()
