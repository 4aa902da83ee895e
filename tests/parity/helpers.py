"""The parity harness: a row of the table, sending it through the pages or the API from a fresh state, and
what it changed in the database, written without ids or random values so the two runs can be compared.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from argmap.classrooms.models import ClassAuditEntry, Classroom, Membership
from argmap.curation.models import CurationRecord
from argmap.interchange.models import ImportDraft
from argmap.maps.models import Edge, Map, Node, NodeRevision, Source
from argmap.moderation.models import AuditEntry, Flag
from argmap.notifications.models import OpenedNotification, ReadMarker
from argmap.votes.models import Rating, Vote
from tests.helpers import words

JSON = "application/json"
PAGE, API = "page", "api"

State = SimpleNamespace  # what a row's setup built: the map, statements, class or people the row acts on
Data = dict[str, Any] | Callable[[State], dict[str, Any]]

# How a page shows that it refused: a form's errors, an error banner, an htmx error fragment, the admin's note.
ERROR_MARKS = ('role="alert"', 'class="errorlist', "message-error", 'class="errornote')
ERROR_PARTS = (
    r'<p class="message message-error">(.*?)</p>',
    r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>',
    r'<div class="form-errors"[^>]*>(.*?)</div>',
    r'<p class="form-error"[^>]*>(.*?)</p>',
    r'<p class="errornote">(.*?)</p>',
)


@dataclass(frozen=True)
class World:
    """The people and maps of tests/conftest.py, with the join codes and password hashes they started with, so a
    snapshot says "replaced" rather than printing a random value that differs between the two runs."""

    teacher: Any
    other_teacher: Any
    student: Any
    second_student: Any
    outsider: Any
    admin: Any
    class_map_id: int
    essay_map_id: int
    classroom_id: int
    other_classroom_id: int
    join_codes: dict[int, str]
    password_hashes: dict[int, str]

    def person(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class Call:
    """One request: its method, the name of its URL, the URL's arguments and the form data or JSON, from the state."""

    method: str
    url_name: str
    at: Callable[[State], dict[str, Any]] = lambda state: {}
    data: Data = field(default_factory=dict)
    htmx: bool = False

    def url(self, state: State) -> str:
        return reverse(self.url_name, kwargs=self.at(state))

    def body(self, state: State) -> dict[str, Any]:
        return self.data(state) if callable(self.data) else self.data


@dataclass(frozen=True)
class Expect:
    """What a teacher or student would expect: the change lands in these tables, or it is refused."""

    refused: bool
    not_found: bool = False
    tables: frozenset[str] = frozenset()

    def __str__(self) -> str:
        if self.not_found:
            return "not found (404) from both, nothing stored"
        if self.refused:
            return "refused with the same message, nothing stored"
        return f"stored, changing {', '.join(sorted(self.tables))}"


def stores(*tables: str) -> Expect:
    return Expect(refused=False, tables=frozenset(tables))


REFUSED = Expect(refused=True)
NOT_FOUND = Expect(refused=True, not_found=True)


@dataclass(frozen=True)
class Row:
    name: str
    actor: str | None  # a person of the World; None for someone not signed in
    setup: Callable[[World], State]
    page: Call
    api: Call | None  # None: the pages offer this and the API has no operation for it
    expect: Expect

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


Changes = dict[str, tuple[tuple[tuple, ...], tuple[tuple, ...]]]  # table → (records removed, records added)


@dataclass(frozen=True)
class Outcome:
    interface: str
    status: int
    refused: bool
    says: str  # what went wrong, as the page or the API put it
    messages: tuple[str, ...]  # the API's error messages
    words: str  # everything the page shows, to look the API's messages up in
    changes: Changes


def run(row: Row, interface: str, world: World) -> Outcome:
    """Build the row's state, send its request through one interface, read what changed; then undo all of it."""
    call = row.page if interface == PAGE else row.api
    assert call is not None
    with transaction.atomic():
        cache.clear()  # no throttle count or cached session carries over from the other run
        state = row.setup(world)
        before = snapshot(world)
        client = Client(raise_request_exception=False)  # a crash is an outcome to report, not an error of the test
        if row.actor:
            client.force_login(world.person(row.actor))
        url, body = call.url(state), call.body(state)
        send = getattr(client, call.method.lower())
        if interface == PAGE:
            response = send(url, body, follow=True, headers={"HX-Request": "true"} if call.htmx else {})
        else:
            response = send(url, body, content_type=JSON)
        changes = diff(before, snapshot(world))
        transaction.set_rollback(True)
    return _read(interface, response, changes)


def _read(interface: str, response: HttpResponse, changes: Changes) -> Outcome:
    status = response.status_code
    if interface == API:
        is_json = response.get("Content-Type", "").startswith(JSON)
        body = response.json() if status >= 400 and is_json else {}
        # duplicate_of is data beside the messages (the statement already there: its id, address, words), which
        # the page gives as a link rather than in words.
        messages = tuple(
            _strings({k: v for k, v in body.items() if k != "duplicate_of"} if isinstance(body, dict) else body)
        )
        return Outcome(API, status, status >= 400, " / ".join(messages), messages, "", changes)
    markup = response.content.decode()
    refused = status >= 400 or any(mark in markup for mark in ERROR_MARKS)
    return Outcome(PAGE, status, refused, _page_says(markup) if refused else "", (), words(markup), changes)


def _page_says(markup: str) -> str:
    parts = [words(found) for pattern in ERROR_PARTS for found in re.findall(pattern, markup, re.S)]
    if not parts:  # a 403 or 404 page says it in its card; a crash in its heading
        card = re.search(r'<div class="narrow card">(.*?)</div>', markup, re.S)
        parts = [words(card.group(1) if card else markup)[:200]]
    return " / ".join(parts)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def snapshot(world: World) -> dict[str, Counter]:
    """Everything a row could change, one record per row of each table, named by words rather than ids."""
    maps = dict(Map.objects.values_list("pk", "title"))
    people = {user.pk: user for user in get_user_model().objects.all()}
    nodes = {node.pk: node for node in Node.objects.defer("essay_quote")}
    sources = {source.pk: source for source in Source.objects.all()}
    classes = {classroom.pk: classroom for classroom in Classroom.objects.all()}

    def name(pk: int | None) -> str:
        return people[pk].name if pk else ""

    # A statement is named by its first words, so a link to it or a vote on it reads the same after an edit.
    first_words = {}
    for revision in NodeRevision.objects.order_by("-replaced_at", "-id"):
        first_words[revision.node_id] = revision.text

    def text(pk: int | None) -> str:
        return first_words.get(pk, nodes[pk].text) if pk in nodes else ""

    def readable(value: Any, key: str = "") -> Any:
        """An audit entry's before/after with node and source ids replaced by their words."""
        if isinstance(value, dict):
            return {name: readable(item, name) for name, item in value.items()}
        if key == "moved_links":
            return sorted([text(source), text(target)] for _, source, target in value)
        if key in ("node", "merged_into", "to_node") and isinstance(value, int):
            return text(value)
        if key == "source" and isinstance(value, int):
            return sources[value].title
        return value

    def as_json(value: Any) -> str:
        return json.dumps(readable(value), sort_keys=True, ensure_ascii=False)

    def code(classroom: Classroom) -> str:
        original = world.join_codes.get(classroom.pk)
        return "new" if original is None else "original" if classroom.join_code == original else "replaced"

    def password(user: Any) -> str:
        original = world.password_hashes.get(user.pk)
        return "new" if original is None else "original" if user.password == original else "replaced"

    tables = {
        "maps": (
            (
                m.title,
                m.visibility,
                m.classroom.name if m.classroom_id else "",
                m.moderation_mode,
                m.is_anonymous,
                m.voting_open,
                m.is_locked,
                m.vote_round,
                f"revision {m.revision}",
            )
            for m in Map.objects.select_related("classroom").defer("source_document", "description")
        ),
        "nodes": (
            (
                maps[n.map_id],
                n.kind,
                text(n.pk),
                n.status,
                name(n.author_id),
                f"edited: {n.text}" if n.edited_at else "",
                n.moderation_note,
                text(n.merged_into_id),
                n.curation_status,
                n.curator_note,
                "reviewed" if n.reviewed_at else "",
                sources[n.source_id].title if n.source_id else "",
            )
            for n in nodes.values()
        ),
        "edges": (
            (maps[e.map_id], text(e.from_node_id), text(e.to_node_id), e.relation, e.status, name(e.author_id))
            for e in Edge.objects.all()
        ),
        "revisions": (
            (maps[nodes[r.node_id].map_id], r.text, name(r.edited_by_id)) for r in NodeRevision.objects.all()
        ),
        "votes": ((maps[v.map_id], text(v.measure_id), name(v.voter_id), v.round, v.score) for v in Vote.objects.all()),
        "ratings": ((maps[r.map_id], text(r.node_id), name(r.rater_id), r.score) for r in Rating.objects.all()),
        "flags": (
            (
                maps[nodes[f.node_id].map_id],
                text(f.node_id),
                name(f.raised_by_id),
                f.reason,
                f.note,
                f.status,
                name(f.resolved_by_id),
            )
            for f in Flag.objects.all()
        ),
        "audit": (
            (maps[a.map_id], name(a.actor_id), a.action, text(a.node_id), as_json(a.before), as_json(a.after), a.reason)
            for a in AuditEntry.objects.all()
        ),
        "curation": (
            (
                f"{text(c.node_id)} ({maps[nodes[c.node_id].map_id]})" if c.node_id else sources[c.source_id].title,
                name(c.actor_id),
                c.change,
                as_json(c.before),
                as_json(c.after),
                c.note,
            )
            for c in CurationRecord.objects.all()
        ),
        "sources": (
            (s.title, s.author, s.year, s.publisher, s.url, s.page, s.quote, s.status, s.curator_note)
            for s in sources.values()
        ),
        "classes": (
            (c.name, name(c.teacher_id), f"join code {code(c)}", c.joining_open, c.status) for c in classes.values()
        ),
        "class audit": (
            (classes[a.classroom_id].name, name(a.actor_id), a.action, name(a.subject_id), a.note, as_json(a.details))
            for a in ClassAuditEntry.objects.all()
        ),
        "members": (
            (classes[m.classroom_id].name, name(m.user_id), m.role)
            for m in Membership.objects.only("classroom_id", "user_id", "role")
        ),
        "people": (
            (u.name, u.is_teacher, u.is_staff, u.is_active, f"password {password(u)}", u.must_change_password)
            for u in people.values()
        ),
        "import drafts": (
            (
                name(d.owner_id),
                d.classroom.name if d.classroom_id else "public",
                d.format,
                d.title,
                d.keep_rebuttals,
                maps[d.map_id] if d.map_id else "not imported",
            )
            for d in ImportDraft.objects.select_related("classroom")
        ),
        "notifications read": (
            *(
                (name(m.user_id), "all read" if m.seen_up_to else "", f"version {m.version}")
                for m in ReadMarker.objects.all()
            ),
            *((name(o.user_id), f"opened a {o.source}") for o in OpenedNotification.objects.all()),
        ),
    }
    return {table: Counter(records) for table, records in tables.items()}


def diff(before: dict[str, Counter], after: dict[str, Counter]) -> Changes:
    """Per table that changed: the records that went and the records that came."""
    changes = {}
    for table in before:
        removed, added = before[table] - after[table], after[table] - before[table]
        if removed or added:
            changes[table] = (tuple(sorted(removed.elements(), key=repr)), tuple(sorted(added.elements(), key=repr)))
    return changes


def describe(changes: Changes, *, limit: int = 6) -> str:
    """The changes as lines a person can read in a failure, long texts cut short."""
    if not changes:
        return "    nothing"

    def short(record: tuple) -> str:
        return "(" + ", ".join(repr(v if not isinstance(v, str) or len(v) < 50 else v[:47] + "…") for v in record) + ")"

    lines = []
    for table, (removed, added) in sorted(changes.items()):
        for sign, records in (("-", removed), ("+", added)):
            lines += [f"    {table} {sign} {short(record)}" for record in records[:limit]]
            if len(records) > limit:
                lines.append(f"    {table} {sign} … and {len(records) - limit} more")
    return "\n".join(lines)
