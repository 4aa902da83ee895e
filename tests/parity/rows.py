"""The parity table: every action that both the pages and the API offer, as the same person would do it on each.

Each row names who acts, the state it starts from (tests/parity/states.py), the page's request (the form a
person submits) and the API's (the JSON a client sends), and what a teacher or student expects: the change is
stored (in which tables), or it is refused with one message, or the map is not there for them (404).
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt

from argmap.maps.models import Edge
from tests.parity import states
from tests.parity.calls import (
    A_BOOK,
    ADMIN_FORM,
    BOOK,
    SOURCE_FIELDS,
    edit,
    flag,
    join,
    link,
    moderate,
    on,
    on_class,
    on_flag,
    on_map,
    on_node,
    on_student,
    reply,
    settings_form,
    source_change,
    students,
    verdict,
    vote,
)
from tests.parity.helpers import NOT_FOUND, REFUSED, Call, Row, State, stores
from tests.parity.rows_ratings import RATINGS

REPLIES = [
    reply("a student replies with a supporting claim", "student", states.open_map, stores("maps", "nodes", "edges")),
    reply(
        "a student replies with evidence and its source",
        "student",
        states.open_map,
        stores("maps", "nodes", "edges", "sources"),
        kind="evidence",
        text="Grain output rose by half between 1953 and 1958.",
        source=BOOK,
    ),
    reply(
        "a student replies with a counterclaim",
        "student",
        states.open_map,
        stores("maps", "nodes", "edges"),
        text=states.DUST,
        relation="opposes",
    ),
    reply(
        "a reply that also opposes a second statement",
        "student",
        states.open_map,
        stores("maps", "nodes", "edges"),
        also="maize",
    ),
    reply(
        "a reply from the map page in place (htmx)",
        "student",
        states.open_map,
        stores("maps", "nodes", "edges"),
        htmx=True,
    ),
    reply(
        "a reply on a pre-moderated map waits for approval",
        "student",
        states.pre_moderated,
        stores("maps", "nodes", "edges"),
    ),
    reply(
        "a reply that repeats a point already there",
        "second_student",
        states.with_reply,
        REFUSED,
        text=states.DUST,
        relation="opposes",
    ),
    # The essay's "Stalin's body was removed from Red Square in 1961." hangs under another measure.
    reply(
        "a reply that repeats a statement elsewhere in the map",
        "student",
        states.open_map,
        REFUSED,
        text="stalins body was removed from red square in 1961",
    ),
    reply(
        "a near copy of a statement elsewhere waits for the writer to confirm",
        "student",
        states.open_map,
        REFUSED,
        text="Stalin's body was taken out of Red Square in 1961",
    ),
    reply(
        "a near copy the writer posts anyway",
        "student",
        states.open_map,
        stores("maps", "nodes", "edges"),
        text="Stalin's body was taken out of Red Square in 1961",
        post_anyway=True,
    ),
    reply("a student replies on a locked map", "student", states.locked, REFUSED),
    reply("a student replies on another class's map", "outsider", states.open_map, NOT_FOUND),
]

EDITS = [
    edit(
        "a student edits their own point",
        "student",
        states.with_reply,
        "reply",
        stores("maps", "nodes", "revisions"),
        text="Dust storms ruined many new farms.",
    ),
    edit(
        "a student edits their point after a classmate replied",
        "student",
        states.with_answered_reply,
        "reply",
        REFUSED,
        text="Dust storms ruined some farms.",
    ),
    edit(
        "a student edits a classmate's point",
        "second_student",
        states.with_reply,
        "reply",
        REFUSED,
        text="Dust storms did nothing.",
    ),
    edit(
        "the teacher rewords a student's point",
        "teacher",
        states.with_answered_reply,
        "reply",
        stores("maps", "nodes", "revisions", "audit"),
        text="Dust storms ruined many of the new farms.",
        reason="Say how many.",
    ),
    edit(
        "the teacher rewords the map's question",
        "teacher",
        states.open_map,
        "question",
        REFUSED,
        text="Was Khrushchev a reformer?",
    ),
    # The teacher rewords any statement but the question, replies or not (audited): her own point too.
    edit(
        "the teacher edits her own point after a student replied",
        "teacher",
        states.with_answered_teacher_point,
        "point",
        stores("maps", "nodes", "revisions", "audit"),
        text="Harvests rose for two years.",
    ),
]

LINKS_AND_VOTES = [
    link(
        "a student links their point to a second measure",
        "student",
        states.with_reply,
        stores("maps", "edges"),
        source="reply",
        target="maize",
        relation="opposes",
    ),
    link(
        "a link that would close a loop",
        "student",
        states.with_reply,
        REFUSED,
        source="measure",
        target="reply",
        relation="supports",
    ),
    link(
        "a student links statements on a pre-moderated map",
        "student",
        states.with_pending_reply,
        REFUSED,
        source="measure",
        target="maize",
        relation="supports",
    ),
    vote("a student votes on a measure", "student", states.open_map, stores("maps", "votes")),
    vote("a student votes when voting is closed", "student", states.voting_closed, REFUSED),
    # Locked stops statements, not votes: voting has its own switch.
    vote("a student votes on a locked map while voting is open", "student", states.locked, stores("maps", "votes")),
    vote("a student votes in place when voting is closed (htmx)", "student", states.voting_closed, REFUSED, htmx=True),
    vote("the teacher votes", "teacher", states.open_map, REFUSED),
    vote("a student votes on another class's map", "outsider", states.open_map, NOT_FOUND),
    flag("a student flags a classmate's point", "second_student", stores("maps", "flags")),
    flag("a student flags their own point", "student", REFUSED),
]

MODERATION = [
    moderate(
        "the teacher approves a waiting contribution",
        "teacher",
        states.with_pending_reply,
        "pending",
        "approve",
        stores("maps", "nodes", "edges", "audit"),
    ),
    moderate(
        "the teacher rejects with a reason",
        "teacher",
        states.with_pending_reply,
        "pending",
        "reject",
        stores("maps", "nodes", "audit"),
        reason="Give a year.",
    ),
    moderate(
        "the teacher rejects without a reason", "teacher", states.with_pending_reply, "pending", "reject", REFUSED
    ),
    Row(
        "the teacher approves many at once",
        "teacher",
        states.with_two_pending,
        Call("POST", "moderation:approve_many", on_map, lambda s: {"nodes": [s.pending.pk, s.other_pending.pk]}),
        Call("POST", "api:approve_many", on_map, lambda s: {"nodes": [s.pending.pk, s.other_pending.pk]}),
        stores("maps", "nodes", "edges", "audit"),
    ),
    moderate(
        "the teacher hides a point",
        "teacher",
        states.with_reply,
        "reply",
        "hide",
        stores("maps", "nodes", "audit"),
        reason="Unkind.",
    ),
    moderate(
        "the teacher restores a hidden point",
        "teacher",
        states.with_hidden_reply,
        "reply",
        "restore",
        stores("maps", "nodes", "audit"),
        reason="Dated now.",
    ),
    moderate(
        "a student tries to hide a classmate's point", "second_student", states.with_reply, "reply", "hide", REFUSED
    ),
    moderate(
        "a teacher of another class hides a point", "other_teacher", states.with_reply, "reply", "hide", NOT_FOUND
    ),
    Row(
        "the teacher merges a duplicate into a point",
        "teacher",
        states.with_duplicates,
        Call(
            "POST", "moderation:merge", on("reply"), lambda s: {"duplicates": [s.duplicate.pk], "reason": "Same point."}
        ),
        Call("POST", "api:merge", on("reply"), lambda s: {"duplicates": [s.duplicate.pk], "reason": "Same point."}),
        stores("maps", "nodes", "edges", "audit"),
    ),
    Row(
        "the teacher moves a point under another measure",
        "teacher",
        states.with_reply,
        Call(
            "POST",
            "moderation:move",
            on("reply"),
            lambda s: {"old_target": s.measure.pk, "new_target": s.maize.pk, "relation": "opposes"},
        ),
        Call(
            "POST",
            "api:move",
            on("reply"),
            lambda s: {"old_target": s.measure.pk, "new_target": s.maize.pk, "relation": "opposes"},
        ),
        stores("maps", "edges", "audit"),
    ),
    Row(
        "the teacher dismisses a flag",
        "teacher",
        states.with_flagged_reply,
        Call("POST", "moderation:flag_dismiss", on_flag, {"reason": "Checked: they did."}),
        Call("POST", "api:flag_dismiss", on_flag, {"reason": "Checked: they did."}),
        stores("maps", "flags", "audit"),
    ),
    Row(
        "the teacher locks the map and closes voting",
        "teacher",
        states.open_map,
        Call(
            "POST",
            "moderation:settings",
            on_map,
            settings_form(is_locked=True, voting_open=False, reason="Time is up."),
        ),
        Call("PATCH", "api:settings", on_map, {"is_locked": True, "voting_open": False, "reason": "Time is up."}),
        stores("maps", "audit"),
    ),
    Row(
        "a student changes the map's settings",
        "student",
        states.open_map,
        Call("POST", "moderation:settings", on_map, settings_form(is_locked=True)),
        Call("PATCH", "api:settings", on_map, {"is_locked": True}),
        REFUSED,
    ),
]

CURATION = [
    verdict(
        "an admin disputes evidence with a note",
        "admin",
        stores("maps", "nodes", "curation"),
        status="disputed",
        note="Other counts say 4 million.",
    ),
    verdict("an admin disputes evidence without a note", "admin", REFUSED, status="disputed", note=""),
    verdict("a teacher gives a curation verdict", "teacher", REFUSED, status="verified", note=""),
    Row(
        "an admin gives a statement a source",
        "admin",
        states.essay_statements,
        Call("POST", "curation:source", on_node, lambda s: {"source": s.source.pk}),
        Call("POST", "api:node_source", on_node, lambda s: {"source": s.source.pk}),
        stores("maps", "nodes", "curation"),
    ),
    Row(
        "an admin adds a source to the library",
        "admin",
        states.essay_statements,
        Call("POST", "admin:maps_source_add", data=ADMIN_FORM | {field: "" for field in SOURCE_FIELDS} | A_BOOK),
        Call("POST", "api:sources", data=A_BOOK),
        stores("sources", "curation"),
    ),
    source_change(
        "an admin disputes a source with a note",
        stores("sources", "curation"),
        status="disputed",
        curator_note="Written before the archives opened.",
    ),
    source_change("an admin disputes a source without a note", REFUSED, status="disputed"),
]

CLASSES = [
    Row(
        "a teacher creates a class",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:new", data={"name": "11C History"}),
        Call("POST", "api:classes", data={"name": "11C History"}),
        stores("classes", "members"),
    ),
    Row(
        "a student creates a class",
        "student",
        states.the_class,
        Call("POST", "classrooms:new", data={"name": "Our class"}),
        Call("POST", "api:classes", data={"name": "Our class"}),
        REFUSED,
    ),
    Row(
        "the teacher makes a new join code",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:rotate_code", on_class),
        Call("POST", "api:join_code", on_class),
        stores("classes"),
    ),
    Row(
        "a teacher makes a new code for another teacher's class",
        "teacher",
        states.another_class,
        Call("POST", "classrooms:rotate_code", on_class),
        Call("POST", "api:join_code", on_class),
        NOT_FOUND,
    ),
    students("the teacher creates students", ["Kim T", "Lee W"], stores("people", "members")),
    students("the teacher creates a student whose name is taken", ["Kim T", "Sam K"], REFUSED),
    Row(
        "the teacher starts a debate",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:debate_start", on_class, {"source": "destalinisation", "title": "Second debate"}),
        Call("POST", "api:debates", on_class, {"source": "destalinisation", "title": "Second debate"}),
        stores("maps", "nodes", "edges"),
    ),
    Row(
        "the teacher gives a student a new password",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:password_reset", on_student),
        Call("POST", "api:password_reset", on_student),
        stores("people", "class audit"),
    ),
    Row(
        "a teacher resets the password of another class's student",
        "teacher",
        states.another_class,
        Call("POST", "classrooms:password_reset", on_student),
        Call("POST", "api:password_reset", on_student),
        NOT_FOUND,
    ),
    Row(
        "the teacher closes the class to new students",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:joining", on_class, {"open": "0"}),
        Call("POST", "api:joining", on_class, {"open": False}),
        stores("classes"),
    ),
    Row(
        "the teacher archives the class at the end of the year",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:archive", on_class),
        Call("POST", "api:class_archive", on_class),
        stores("classes", "maps", "audit", "class audit"),
    ),
    Row(
        "the teacher archives a class that is already archived",
        "teacher",
        states.archived_class,
        Call("POST", "classrooms:archive", on_class),
        Call("POST", "api:class_archive", on_class),
        REFUSED,
    ),
    Row(
        "a student archives their class",
        "student",
        states.the_class,
        Call("POST", "classrooms:archive", on_class),
        Call("POST", "api:class_archive", on_class),
        NOT_FOUND,
    ),
    Row(
        "a teacher archives another teacher's class",
        "teacher",
        states.another_class,
        Call("POST", "classrooms:archive", on_class),
        Call("POST", "api:class_archive", on_class),
        NOT_FOUND,
    ),
    Row(
        "the teacher restores an archived class",
        "teacher",
        states.archived_class,
        Call("POST", "classrooms:restore", on_class),
        Call("POST", "api:class_restore", on_class),
        stores("classes", "maps", "audit", "class audit"),
    ),
    Row(
        "the teacher restores a class that is not archived",
        "teacher",
        states.the_class,
        Call("POST", "classrooms:restore", on_class),
        Call("POST", "api:class_restore", on_class),
        REFUSED,
    ),
    Row(
        "the teacher adds students to an archived class",
        "teacher",
        states.archived_class,
        Call("POST", "classrooms:students_add", on_class, {"names": "Kim T"}),
        Call("POST", "api:students", on_class, {"names": ["Kim T"]}),
        REFUSED,
    ),
    Row(
        "the teacher opens an archived class to new students",
        "teacher",
        states.archived_class,
        Call("POST", "classrooms:joining", on_class, {"open": "1"}),
        Call("POST", "api:joining", on_class, {"open": True}),
        REFUSED,
    ),
    Row(
        "the teacher unlocks a student locked out by wrong passwords",
        "teacher",
        lambda world: _locked_out(states.the_class(world)),
        Call("POST", "accounts:student_unlock", on_student),
        Call("POST", "api:student_unlock", on_student),
        stores(),  # the lockout's counts are not anyone's work, and not in the snapshot: tests/test_lockout.py
    ),
    join("a student joins with the class's code", states.the_class, stores("people", "members")),
    join("a student joins with a wrong code", states.the_class, REFUSED, code=lambda state: "QQQQQQ"),
    join("a student joins a class that is closed to new students", states.closed_class, REFUSED),
]


def _with_news(world):
    """The student's counterclaim, answered by a classmate: news for the student."""
    state = states.with_answered_reply(world)
    state.key = f"r{Edge.objects.get(from_node=state.answer).pk}"
    return state


def _news_key(state):
    return {"key": state.key}


NOTIFICATIONS = [
    Row(
        "a student marks all her notifications read",
        "student",
        _with_news,
        Call("POST", "notifications:read"),
        Call("POST", "api:notifications_read"),
        stores("notifications read"),
    ),
    Row(
        "a student opens one of her notifications",
        "student",
        _with_news,
        Call("POST", "notifications:open", _news_key),
        Call("POST", "api:notification_read", _news_key),
        stores("notifications read"),
    ),
    Row(
        "a classmate opens a student's notification",
        "second_student",
        _with_news,
        Call("POST", "notifications:open", _news_key),
        Call("POST", "api:notification_read", _news_key),
        NOT_FOUND,
    ),
]


def _locked_out(state):
    """The state's student, locked out by five wrong passwords from a school's address."""
    AccessAttempt.objects.create(
        username=state.user.username, ip_address="203.0.113.9", user_agent="", failures_since_start=5
    )
    return state


# Importing a map from a file: read into a preview (a draft), then imported as a new map by its person.

LOOP = "1. A thesis\n1.1. Pro: A reason\n1.1.1. Pro: -> See 1.\n"


def import_form(text: str, destination: str):
    """The import page's form and the API's JSON for the same file, into the state's class or a public map."""

    def page(state: State) -> dict[str, Any]:
        where = str(state.classroom.pk) if destination == "class" else "public"
        return {"text": text, "format": "kialo", "destination": where}

    def api(state: State) -> dict[str, Any]:
        return {"text": text, "format": "kialo", "classroom": state.classroom.pk if destination == "class" else None}

    return page, api


def importing(name: str, actor: str, setup, text: str, destination: str, expect) -> Row:
    page, api = import_form(text, destination)
    return Row(
        name, actor, setup, Call("POST", "maps:import", data=page), Call("POST", "api:imports", data=api), expect
    )


def on_draft(state: State) -> dict[str, Any]:
    return {"draft_id": state.draft.pk}


IMPORTS = [
    importing(
        "the teacher previews a Kialo file for their class",
        "teacher",
        states.the_class,
        states.KIALO,
        "class",
        stores("import drafts"),
    ),
    importing(
        "the teacher previews a file whose links go round in a loop",
        "teacher",
        states.the_class,
        LOOP,
        "class",
        REFUSED,
    ),
    importing(
        "a teacher previews a file for another teacher's class",
        "teacher",
        states.another_class,
        states.KIALO,
        "class",
        NOT_FOUND,
    ),
    importing(
        "a teacher previews a file for their archived class",
        "teacher",
        states.archived_class,
        states.KIALO,
        "class",
        NOT_FOUND,
    ),
    importing(
        "a teacher previews a file as a public map", "teacher", states.the_class, states.KIALO, "public", REFUSED
    ),
    importing(
        "an admin previews a file as a public map",
        "admin",
        states.the_class,
        states.KIALO,
        "public",
        stores("import drafts"),
    ),
    Row(
        "the teacher imports the file they previewed",
        "teacher",
        states.with_import_draft,
        Call("POST", "maps:import_preview", on_draft),
        Call("POST", "api:import_confirm", on_draft),
        stores("maps", "nodes", "edges", "import drafts"),
    ),
    Row(
        "the teacher imports a previewed file a second time",
        "teacher",
        states.with_imported_draft,
        Call("POST", "maps:import_preview", on_draft),
        Call("POST", "api:import_confirm", on_draft),
        REFUSED,
    ),
    Row(
        "another teacher imports a teacher's previewed file",
        "other_teacher",
        states.with_import_draft,
        Call("POST", "maps:import_preview", on_draft),
        Call("POST", "api:import_confirm", on_draft),
        NOT_FOUND,
    ),
]

ROWS = [*REPLIES, *EDITS, *LINKS_AND_VOTES, *RATINGS, *MODERATION, *CURATION, *CLASSES, *NOTIFICATIONS, *IMPORTS]
