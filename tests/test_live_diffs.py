"""A change sends each open page only what changed: the parts touched and the counts, not the whole map."""

from __future__ import annotations

import re

from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast

TEN_KB = 10 * 1024


def swaps(body: str) -> dict[str, str]:
    """Each element a live update swaps into the page, by its id, with how (true: in place of the same id)."""
    found = {}
    for tag in re.findall(r"<\w+[^>]*\bhx-swap-oob=[^>]*>", body):
        how = re.search(r'hx-swap-oob="([^"]*)"', tag).group(1)
        element = re.search(r'\bid="([\w-]+)"', tag)
        found[element.group(1) if element else how] = how  # an insertion's wrapper has no id: named by its target
    return found


def swapped_ids(body: str) -> set[str]:
    return set(swaps(body))


def open_page(client, class_map, open_ids: str = "") -> str:
    """The student opens the map page (arguments of open_ids shown) and gets its ETag, as their browser would."""
    page = client.get(f"/maps/{class_map.slug}/", {"open": open_ids} if open_ids else {})
    assert page.status_code == 200
    return page["ETag"]


def poll(client, class_map, etag: str, open_ids: str = ""):
    answer = client.get(f"/maps/{class_map.slug}/live/", {"open": open_ids}, headers={"If-None-Match": etag})
    assert answer.status_code == 200
    return answer


def test_one_new_statement_sends_its_measure_and_the_counts_in_under_10_kb(
    client, class_map, measure, student, second_student
):
    client.force_login(student)
    etag = open_page(client, class_map, str(measure.pk))
    contribution_create(
        author=second_student, target=measure, kind="claim", relation="opposes", text="The soil blew away by 1960."
    )
    answer = poll(client, class_map, etag, str(measure.pk))
    body = answer.content.decode()
    assert len(answer.content) < TEN_KB, f"{len(answer.content)} bytes"
    assert "The soil blew away by 1960." in body
    new = class_map.nodes.get(text="The soil blew away by 1960.")
    assert f'id="node-{measure.pk}-{new.pk}"' in body
    sent = swaps(body)
    insertions = [how for how in sent if how.startswith(("afterend:#node-", f"afterbegin:#tree-{measure.pk}-"))]
    assert len(insertions) == 1, sent
    del sent[insertions[0]]
    assert sent == {
        "map-stats": "true",
        f"counts-{measure.pk}": "true",
        f"strength-{measure.pk}": "true",
        "live-poller": "true",
    }


def test_one_vote_sends_that_measures_vote_summary_only(client, class_map, measure, student, second_student):
    client.force_login(student)
    vote_cast(voter=student, measure=measure, score=3)  # so the student sees the class's votes
    etag = open_page(client, class_map)
    vote_cast(voter=second_student, measure=measure, score=5)
    answer = poll(client, class_map, etag)
    assert len(answer.content) < TEN_KB, f"{len(answer.content)} bytes"
    assert swapped_ids(answer.content.decode()) == {f"vote-summary-{measure.pk}", "live-poller"}
    assert "<strong>2</strong> votes before the debate" in answer.content.decode()


def test_a_closed_measure_gets_its_counts_and_keeps_its_show_the_arguments_link(
    client, class_map, measure, student, second_student
):
    client.force_login(student)
    etag = open_page(client, class_map)
    contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text="Dust storms.")
    body = poll(client, class_map, etag).content.decode()
    assert f"counts-{measure.pk}" in swapped_ids(body)
    assert "Dust storms." not in body  # it arrives when the student opens the measure
    assert f"arguments-{measure.pk}" not in swapped_ids(body)


def test_the_next_poll_diffs_against_what_the_last_one_sent(client, class_map, measure, student, second_student):
    client.force_login(student)
    etag = open_page(client, class_map, str(measure.pk))
    contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text="First.")
    first = poll(client, class_map, etag, str(measure.pk))
    vote_cast(voter=second_student, measure=measure, score=2)
    second = poll(client, class_map, first["ETag"], str(measure.pk))
    assert f"arguments-{measure.pk}" not in swapped_ids(second.content.decode())


def test_a_page_whose_parts_are_forgotten_gets_every_part(client, class_map, measure, student, second_student):
    client.force_login(student)
    etag = open_page(client, class_map)
    contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text="Again.")
    body = poll(client, class_map, etag.replace("-u", "-x"), "").content.decode()  # an ETag nobody remembers
    measures = class_map.nodes.filter(kind="measure").count()
    assert sum(1 for part in swapped_ids(body) if part.startswith("counts-")) == measures
