"""The requests of the parity table: a URL's arguments read from a row's state, and the rows that come in
families (replies, edits, moderation actions, votes…), each family naming the page's form fields and the API's
JSON fields side by side.
"""

from __future__ import annotations

from typing import Any

from tests.parity import states
from tests.parity.helpers import Call, Row, State

# The arguments of each URL, read from the row's state.


def on_map(state: State) -> dict[str, Any]:
    return {"slug": state.map.slug}


def on(name: str):
    """The URL of one statement of the state (`state.reply`, `state.measure`…)."""
    return lambda state: {"slug": state.map.slug, "node_id": getattr(state, name).pk}


def acting(name: str, action: str):
    """The page's URL for a moderation action on one statement."""
    return lambda state: {**on(name)(state), "action": action}


def on_flag(state: State) -> dict[str, Any]:
    return {"slug": state.map.slug, "flag_id": state.flag.pk}


def on_class(state: State) -> dict[str, Any]:
    return {"classroom_id": state.classroom.pk}


def on_student(state: State) -> dict[str, Any]:
    return {"classroom_id": state.classroom.pk, "user_id": state.user.pk}


def on_node(state: State) -> dict[str, Any]:
    return {"node_id": state.node.pk}


def settings_form(**changes: object):
    """The settings page's form as the teacher sends it: every field, ticked boxes as "on"."""

    def data(state: State) -> dict[str, Any]:
        current = {
            name: getattr(state.map, name) for name in ("is_locked", "voting_open", "is_anonymous", "ratings_open")
        }
        ticked = {name: "on" for name, value in (current | changes).items() if value is True}
        form = {"vote_round": state.map.vote_round, "moderation_mode": state.map.moderation_mode}
        return form | ticked | {key: value for key, value in changes.items() if not isinstance(value, bool)}

    return data


# Families of rows that differ only in who, where and what.

BOOK = {"title": "Virgin Lands", "author": "Martin McCauley", "year": 1976, "url": "https://example.org/virgin-lands"}


def reply(
    name: str,
    actor: str,
    setup,
    expect,
    *,
    text: str = states.NEW_TOWNS,
    kind: str = "claim",
    relation: str = "supports",
    source: dict[str, Any] | None = None,
    also: str | None = None,
    htmx: bool = False,
    post_anyway: bool = False,
):
    """A reply under the measure (and, with `also`, to a second statement): the page's form, the API's new node.
    post_anyway: the writer confirms a near copy of a statement already in the map says something different."""
    form = {"relation": relation, "kind": kind, "text": text} | ({"post_anyway": "on"} if post_anyway else {})
    form |= {f"source_{field}": value for field, value in (source or {}).items()}

    def page_data(state: State) -> dict[str, Any]:
        return form | ({"also_target": getattr(state, also).pk, "also_relation": "opposes"} if also else {})

    def api_data(state: State) -> dict[str, Any]:
        body = {"target": state.measure.pk, "kind": kind, "relation": relation, "text": text}
        body |= {"post_anyway": True} if post_anyway else {}
        body |= {"source": source} if source else {}
        return body | ({"also_target": getattr(state, also).pk, "also_relation": "opposes"} if also else {})

    page = Call("POST", "maps:node_add", on("measure"), page_data, htmx=htmx)
    return Row(name, actor, setup, page, Call("POST", "api:nodes", on_map, api_data), expect)


def edit(name: str, actor: str, setup, node: str, expect, *, text: str, reason: str = ""):
    """New words for a statement: the page's edit form, the API's PATCH."""
    words = {"text": text} | ({"reason": reason} if reason else {})
    return Row(
        name,
        actor,
        setup,
        Call("POST", "maps:node_edit", on(node), words),
        Call("PATCH", "api:node", on(node), words),
        expect,
    )


def moderate(name: str, actor: str, setup, node: str, action: str, expect, *, reason: str = ""):
    """Approve, reject, hide or restore: the page's one-click form, the API's action."""
    page = Call("POST", "moderation:node_action", acting(node, action), {"reason": reason})
    api = Call("POST", "api:moderate", on(node), {"action": action, "reason": reason})
    return Row(name, actor, setup, page, api, expect)


def vote(name: str, actor: str, setup, expect, *, htmx: bool = False):
    page = Call("POST", "maps:vote", on("measure"), {"score": 4}, htmx=htmx)
    return Row(name, actor, setup, page, Call("PUT", "api:vote", on("measure"), {"score": 4}), expect)


def link(name: str, actor: str, setup, expect, *, source: str, target: str, relation: str):
    page = Call(
        "POST", "maps:node_link", on(source), lambda s: {"relation": relation, "to_node": getattr(s, target).pk}
    )
    api = Call(
        "POST",
        "api:links",
        on_map,
        lambda s: {"source": getattr(s, source).pk, "target": getattr(s, target).pk, "relation": relation},
    )
    return Row(name, actor, setup, page, api, expect)


def flag(name: str, actor: str, expect):
    note = {"reason": "wrong", "note": "The storms came later."}
    page, api = Call("POST", "moderation:flag", on("reply"), note), Call("POST", "api:flags", on("reply"), note)
    return Row(name, actor, states.with_reply, page, api, expect)


def verdict(name: str, actor: str, expect, *, status: str, note: str):
    body = {"status": status, "note": note}
    page, api = Call("POST", "curation:verdict", on_node, body), Call("POST", "api:verdict", on_node, body)
    return Row(name, actor, states.essay_statements, page, api, expect)


# What the admin's source form sends: every field, and the empty management form of its read-only history.
ADMIN_FORM = {"history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0", "history-MIN_NUM_FORMS": "0"}
SOURCE_FIELDS = ("title", "author", "year", "publisher", "url", "page", "quote", "status", "curator_note")
A_BOOK = {"title": "The Virgin Lands Campaign", "author": "Michaela Pohl", "year": 1999, "status": "unverified"}


def source_change(name: str, expect, **changes: str):
    def form(state: State) -> dict[str, Any]:
        current = {field: getattr(state.source, field) or "" for field in SOURCE_FIELDS}
        return ADMIN_FORM | current | changes

    page = Call("POST", "admin:maps_source_change", lambda s: {"object_id": s.source.pk}, form)
    api = Call("PATCH", "api:source", lambda s: {"source_id": s.source.pk}, changes)
    return Row(name, "admin", states.with_new_source, page, api, expect)


def students(name: str, names: list[str], expect):
    page = Call("POST", "classrooms:students_add", on_class, {"names": "\n".join(names)})
    return Row(
        name, "teacher", states.the_class, page, Call("POST", "api:students", on_class, {"names": names}), expect
    )


PASSWORD = "orange-kite-42"


def join(name: str, setup, expect, *, code=lambda state: state.classroom.join_code):
    """Someone not signed in joins a class: the page asks for the password twice, the API once."""

    def page_data(state: State) -> dict[str, Any]:
        return {"join_code": code(state), "display_name": "Kim T", "password1": PASSWORD, "password2": PASSWORD}

    def api_data(state: State) -> dict[str, Any]:
        return {"join_code": code(state), "display_name": "Kim T", "password": PASSWORD}

    return Row(
        name,
        None,
        setup,
        Call("POST", "accounts:join", data=page_data),
        Call("POST", "api:join", data=api_data),
        expect,
    )
