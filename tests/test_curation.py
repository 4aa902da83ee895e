"""Curation by admins: who may curate, verdicts and sources reaching every class's copy, the admin, needs_review."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from argmap.classrooms.services import debate_start
from argmap.curation import services
from argmap.curation.models import CurationRecord
from argmap.curation.selectors import needs_review
from argmap.maps.models import CurationStatus, Map, Node, NodeKind, Relation, Source
from argmap.maps.services import Citation, contribution_create
from argmap.moderation.services import flag_raise
from tests.helpers import words

NOTE = "The essay gives no figure for this; check Taubman, chapter 11."
ADMIN_URLS = ["/admin/maps/source/", "/admin/curation/evidencenode/", "/admin/maps/source/import-csv/"]


@pytest.fixture
def evidence(essay_map) -> Node:
    """Evidence of the public map that no one has reviewed and that cites no source yet."""
    return essay_map.nodes.get(kind=NodeKind.EVIDENCE, text__startswith="Khrushchev made investments in agriculture")


@pytest.fixture
def second_copy(other_classroom, other_teacher, essay_map) -> Map:
    """Another class's copy of the essay map."""
    return debate_start(classroom=other_classroom, by=other_teacher, source=essay_map)


def copies_of(node: Node) -> list[Node]:
    return list(Node.objects.filter(origin=node))


# Who may curate


@pytest.mark.parametrize("who", ["student", "teacher", "visitor"])
def test_only_admins_may_curate_through_the_services(request, who, evidence, class_map):
    person = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    source = Source.objects.first()
    original = (source.title, source.status)
    writes = [
        lambda: services.node_curate(node=evidence, by=person, status=CurationStatus.VERIFIED),
        lambda: services.nodes_curate(nodes=[evidence], by=person, status=CurationStatus.VERIFIED),
        lambda: services.node_attach_source(node=evidence, by=person, source=source),
        lambda: services.source_save(by=person, title="Khrushchev Remembers"),
        lambda: services.source_save(by=person, source=source, title="Changed"),
        lambda: services.sources_set_status(sources=[source], by=person, status=CurationStatus.DISPUTED, note=NOTE),
        lambda: services.sources_import_csv(text="title\nKhrushchev Remembers\n", by=person),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    evidence.refresh_from_db()
    source.refresh_from_db()
    assert (evidence.curation_status, evidence.source, evidence.reviewed_at) == ("unverified", None, None)
    assert (source.title, source.status) == original
    assert not Source.objects.filter(title="Khrushchev Remembers").exists()
    assert CurationRecord.objects.count() == 0


def test_the_curation_page_opens_for_an_admin_with_the_evidence_to_review(
    client, admin, evidence, django_assert_max_num_queries
):
    client.force_login(admin)
    # The session, the admin, the statements with their maps and sources, the source library.
    with django_assert_max_num_queries(4):
        response = client.get("/curation/")
    assert response.status_code == 200
    assert "Evidence to review" in words(response)
    assert evidence.text in words(response)


@pytest.mark.parametrize("who", ["teacher", "student"])
def test_teachers_and_students_are_refused_the_curation_pages(client, request, who, evidence, class_map):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/curation/").status_code == 403
    verdict = {"status": "verified", "note": NOTE}
    assert client.post(f"/curation/nodes/{evidence.pk}/verdict/", verdict).status_code == 403
    source = Source.objects.first()
    assert client.post(f"/curation/nodes/{evidence.pk}/source/", {"source": source.pk}).status_code == 403
    evidence.refresh_from_db()
    assert (evidence.curation_status, evidence.source) == ("unverified", None)


@pytest.mark.parametrize("path", ["/curation/", "/curation/nodes/1/verdict/", "/curation/nodes/1/source/"])
def test_a_visitor_is_sent_to_sign_in(client, essay_map, path):
    response = client.post(path) if path != "/curation/" else client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={path}")


@pytest.mark.parametrize("who", ["teacher", "student"])
@pytest.mark.parametrize("path", ADMIN_URLS)
def test_the_admin_site_sends_people_who_are_not_staff_to_its_sign_in(client, request, who, path, essay_map):
    client.force_login(request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/admin/login/?next={path}")


def test_a_staff_curator_without_model_permissions_can_open_the_source_library_and_the_evidence(client, admin):
    client.force_login(admin)
    assert client.get("/admin/maps/source/").status_code == 200
    assert client.get("/admin/curation/evidencenode/").status_code == 200


# Verdicts and sources through /curation/


def test_a_verdict_reaches_the_public_statement_and_every_class_copy_with_one_history_row(
    client, admin, evidence, class_map, second_copy
):
    revision = class_map.revision
    client.force_login(admin)
    response = client.post(
        f"/curation/nodes/{evidence.pk}/verdict/", {"status": "disputed", "note": NOTE, "filter": "unreviewed"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/curation/?filter=unreviewed"
    family = [Node.objects.get(pk=evidence.pk), *copies_of(evidence)]
    assert {node.map for node in family} == {evidence.map, class_map, second_copy}
    for node in family:
        assert (node.curation_status, node.curator_note) == ("disputed", NOTE)
        assert node.reviewed_at is not None
    record = CurationRecord.objects.get()
    assert (record.node, record.actor, record.change, record.note) == (evidence, admin, "curation", NOTE)
    assert record.before == {"curation_status": "unverified", "curator_note": ""}
    assert record.after == {"curation_status": "disputed", "curator_note": NOTE}
    assert "Marked disputed" in words(client.get(response["Location"]))
    assert Map.objects.get(pk=class_map.pk).revision > revision  # open class pages pick the verdict up


def test_a_verdict_given_on_a_class_copy_reaches_the_public_statement(client, admin, evidence, class_map):
    copy = class_map.nodes.get(origin=evidence)
    client.force_login(admin)
    client.post(f"/curation/nodes/{copy.pk}/verdict/", {"status": "verified", "note": "Checked."})
    evidence.refresh_from_db()
    assert (evidence.curation_status, evidence.curator_note) == ("verified", "Checked.")


def test_disputing_without_a_note_is_refused_with_a_message(client, admin, evidence, class_map):
    client.force_login(admin)
    response = client.post(
        f"/curation/nodes/{evidence.pk}/verdict/", {"status": "disputed", "note": "   "}, follow=True
    )
    assert response.status_code == 200
    assert "Say why it is disputed" in words(response)
    assert {node.curation_status for node in [Node.objects.get(pk=evidence.pk), *copies_of(evidence)]} == {"unverified"}
    assert CurationRecord.objects.count() == 0


def test_a_verdict_without_a_choice_or_on_a_measure_is_refused(client, admin, evidence, measure):
    client.force_login(admin)
    unchosen = client.post(f"/curation/nodes/{evidence.pk}/verdict/", {"note": NOTE}, follow=True)
    assert "This field is required." in words(unchosen)
    on_measure = client.post(
        f"/curation/nodes/{measure.origin_id}/verdict/", {"status": "verified", "note": NOTE}, follow=True
    )
    assert "Only claims and evidence are curated." in words(on_measure)
    assert CurationRecord.objects.count() == 0


def test_attaching_a_source_reaches_every_class_copy(client, admin, evidence, class_map, second_copy):
    # The book is cited for several chapters, one citation each: the first will do.
    source = Source.objects.filter(title__startswith="Khrushchev: The Man and His Era").earliest("pk")
    client.force_login(admin)
    response = client.post(f"/curation/nodes/{evidence.pk}/source/", {"source": source.pk}, follow=True)
    assert "Source saved" in words(response)
    assert {node.source for node in [Node.objects.get(pk=evidence.pk), *copies_of(evidence)]} == {source}
    record = CurationRecord.objects.get()
    assert (record.actor, record.change, record.before, record.after) == (
        admin,
        "source",
        {"source": None},
        {"source": source.pk},
    )
    client.post(f"/curation/nodes/{evidence.pk}/source/", {"source": ""})
    assert {node.source for node in [Node.objects.get(pk=evidence.pk), *copies_of(evidence)]} == {None}


def test_the_curation_writes_accept_only_post_and_the_list_only_get(client, admin, evidence):
    client.force_login(admin)
    assert client.get(f"/curation/nodes/{evidence.pk}/verdict/").status_code == 405
    assert client.get(f"/curation/nodes/{evidence.pk}/source/").status_code == 405
    assert client.post("/curation/").status_code == 405
    assert client.post("/curation/nodes/999999/verdict/", {"status": "verified"}).status_code == 404


# The Django admin


def test_a_bulk_dispute_of_sources_writes_a_history_row_for_each(client, superuser, essay_map):
    chosen = list(Source.objects.order_by("pk")[:3])
    client.force_login(superuser)
    response = client.post(
        "/admin/maps/source/",
        {"action": "mark_disputed", "_selected_action": [source.pk for source in chosen], "curator_note": NOTE},
        follow=True,
    )
    assert "Dispute: 3." in words(response)
    for source in chosen:
        source.refresh_from_db()
        assert (source.status, source.curator_note) == ("disputed", NOTE)
        record = source.history.get()
        assert (record.actor, record.change, record.note) == (superuser, "status", NOTE)
        assert record.before["status"] == "verified"
        assert record.after == {"status": "disputed", "curator_note": NOTE}
    assert Source.objects.filter(status="verified").count() == Source.objects.count() - 3


def test_a_bulk_dispute_of_evidence_writes_a_history_row_for_each_and_reaches_the_copies(
    client, superuser, essay_map, class_map
):
    chosen = list(essay_map.nodes.filter(kind=NodeKind.EVIDENCE, curation_status="unverified"))
    assert len(chosen) >= 2
    client.force_login(superuser)
    response = client.post(
        "/admin/curation/evidencenode/",
        {"action": "mark_disputed", "_selected_action": [node.pk for node in chosen], "curator_note": NOTE},
        follow=True,
    )
    assert f"Dispute: {len(chosen)}." in words(response)
    for node in chosen:
        assert CurationRecord.objects.filter(node=node, actor=superuser, note=NOTE).count() == 1
        assert {(n.curation_status, n.curator_note) for n in [Node.objects.get(pk=node.pk), *copies_of(node)]} == {
            ("disputed", NOTE)
        }


def test_a_bulk_dispute_of_evidence_without_a_note_changes_nothing(client, superuser, evidence):
    client.force_login(superuser)
    response = client.post(
        "/admin/curation/evidencenode/",
        {"action": "mark_disputed", "_selected_action": [evidence.pk], "curator_note": ""},
        follow=True,
    )
    assert "Say why it is disputed" in words(response)
    evidence.refresh_from_db()
    assert evidence.curation_status == "unverified"
    assert CurationRecord.objects.count() == 0


def test_editing_a_source_in_the_admin_writes_a_history_row_with_before_and_after(client, superuser, essay_map):
    source = Source.objects.filter(title="Gulag: A History").earliest("pk")
    client.force_login(superuser)
    form = {
        "title": "Gulag: A History",
        "author": source.author,
        "year": "2004",
        "publisher": source.publisher,
        "url": source.url,
        "page": "ch. 24",
        "quote": source.quote,
        "status": source.status,
        "curator_note": source.curator_note,
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/maps/source/{source.pk}/change/", form)
    assert response.status_code == 302
    before = (source.year, source.page)
    source.refresh_from_db()
    assert (source.year, source.page) == (2004, "ch. 24")
    record = source.history.get()
    assert (record.actor, record.change) == (superuser, "edited")
    assert record.before == {"year": before[0], "page": before[1]}
    assert record.after == {"year": 2004, "page": "ch. 24"}
    page = client.get(f"/admin/maps/source/{source.pk}/change/")
    assert "ch. 24" in words(page)


def test_adding_a_source_in_the_admin_writes_its_creation_to_the_history(client, superuser):
    client.force_login(superuser)
    form = {"title": "Khrushchev Remembers", "author": "Nikita Khrushchev", "year": "1970", "url": "archive.org"}
    response = client.post(
        "/admin/maps/source/add/",
        {**form, "status": "unverified", "history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    source = Source.objects.get(title="Khrushchev Remembers")
    assert (source.year, source.url) == (1970, "https://archive.org")
    record = source.history.get()
    assert (record.actor, record.change, record.after["author"]) == (superuser, "created", "Nikita Khrushchev")


def test_a_verdict_and_a_source_given_in_the_evidence_change_form_reach_the_copies(
    client, superuser, evidence, class_map
):
    source = Source.objects.filter(title="Gulag: A History").earliest("pk")
    client.force_login(superuser)
    response = client.post(
        f"/admin/curation/evidencenode/{evidence.pk}/change/",
        {
            "source": str(source.pk),
            "curation_status": "verified",
            "curator_note": "Private discussion is described by Taubman.",
            "curation_history-TOTAL_FORMS": "0",
            "curation_history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    copy = class_map.nodes.get(origin=evidence)
    assert (copy.curation_status, copy.source, copy.curator_note) == (
        "verified",
        source,
        "Private discussion is described by Taubman.",
    )
    assert sorted(evidence.curation_history.values_list("change", flat=True)) == ["curation", "source"]


def test_sources_cannot_be_deleted_in_the_admin_even_by_a_superuser(client, superuser, essay_map):
    source = Source.objects.first()
    client.force_login(superuser)
    assert client.get(f"/admin/maps/source/{source.pk}/delete/").status_code == 403
    assert client.post(f"/admin/maps/source/{source.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/maps/source/")
    assert 'value="delete_selected"' not in changelist.content.decode()
    client.post("/admin/maps/source/", {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_evidence_list_in_the_admin_shows_public_statements_only(client, superuser, evidence, class_map):
    client.force_login(superuser)
    response = client.get("/admin/curation/evidencenode/", {"has_source": "no", "kind__exact": "evidence"})
    assert response.status_code == 200
    assert words(response).count(evidence.text) == 1
    assert "Five million prisoners" not in words(response)


# What needs a look


def test_needs_review_lists_each_public_statement_that_needs_a_look_once(
    admin, essay_map, class_map, student, second_student, evidence
):
    sputnik = essay_map.nodes.get(text__startswith="In 1957 the satellite Sputnik")
    copy = class_map.nodes.get(origin=sputnik)
    flag_raise(node=copy, by=student, reason="wrong", note="It was 1957, but was it a success?")
    flag_raise(node=copy, by=second_student, reason="wrong")
    sourced_but_unreviewed = essay_map.nodes.get(text="Khrushchev made investments in agriculture.")
    services.node_attach_source(node=sourced_but_unreviewed, by=admin, source=Source.objects.first())
    verified = essay_map.nodes.get(text__startswith="In 1961 the Soviet astronaut Yuri Gagarin")

    listed = list(needs_review())
    ids = [node.pk for node in listed]
    assert len(ids) == len(set(ids))
    assert all(node.origin_id is None for node in listed)
    assert evidence.pk in ids  # no source
    assert sputnik.pk in ids  # flagged as factually wrong in a class's copy
    assert sourced_but_unreviewed.pk in ids  # never reviewed
    assert verified.pk not in ids
    assert copy.pk not in ids
    assert [node.pk for node in needs_review(filter="flagged")] == [sputnik.pk]
    assert sourced_but_unreviewed.pk in [node.pk for node in needs_review(filter="unreviewed")]
    assert sourced_but_unreviewed.pk not in [node.pk for node in needs_review(filter="no-source")]


def test_needs_review_lists_a_students_own_evidence_of_a_class_map(student, class_map, measure):
    own = contribution_create(
        author=student,
        target=measure,
        kind=NodeKind.EVIDENCE,
        relation=Relation.SUPPORTS,
        text="The 1956 harvest was a record.",
        citation=Citation(title="Khrushchev Remembers"),
    )
    assert own.pk in [node.pk for node in needs_review(filter="unreviewed")]


def test_the_curation_page_marks_flagged_evidence_and_filters_it(client, admin, essay_map, class_map, student):
    sputnik = essay_map.nodes.get(text__startswith="In 1957 the satellite Sputnik")
    flag_raise(node=class_map.nodes.get(origin=sputnik), by=student, reason="wrong")
    client.force_login(admin)
    response = client.get("/curation/", {"filter": "flagged"})
    assert response.status_code == 200
    text = words(response)
    assert sputnik.text in text
    assert "Flagged as factually wrong" in text
    assert "Khrushchev made investments in agriculture" not in text
