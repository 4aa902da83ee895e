"""Every door of the site, knocked on by everyone: each URL pattern (pages, API, the admin's model pages) × seven
people × the methods it takes (and the ones it doesn't), against a table of who gets what.

Outside a class, its maps and the class itself are a 404, never a 403: their existence does not leak. A 403 is for
people who may see the thing but not do this to it (a student at the moderation queue of their own class's map).

A meta-test fails when a route exists without a row, and when a row names a route that no longer exists: a new
route is a new door, and someone has to say who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.security.helpers import (
    FORBIDDEN,
    IN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLE_WORDS,
    ROLES,
    SIGN_IN,
    Knocker,
    World,
    admin_object_ids,
    api_methods,
    describe,
    matches,
    site_routes,
)

# The objects a URL names: each scene gives the values for the URL's parts (slug, node_id, …).


@dataclass(frozen=True)
class Scene:
    name: str
    values: Callable[[World], dict[str, object]]


SITE = Scene("the site", lambda w: {})
CLASS_MAP = Scene("the class's map", lambda w: {"slug": w.class_map.slug, "flag_id": w.flag.pk})
CLASS_MEASURE = Scene("a measure of the class's map", lambda w: {"slug": w.class_map.slug, "node_id": w.measure.pk})
CLASSMATE_POINT = Scene(
    "a classmate's point on the class's map",
    lambda w: {"slug": w.class_map.slug, "node_id": w.point.pk, "action": "hide"},
)
PENDING_POINT = Scene(
    "a classmate's point waiting for approval", lambda w: {"slug": w.class_map.slug, "node_id": w.pending.pk}
)
HIDDEN_POINT = Scene(
    "a classmate's point the teacher hid", lambda w: {"slug": w.class_map.slug, "node_id": w.hidden.pk}
)
PUBLIC_MAP = Scene("the public essay map", lambda w: {"slug": w.essay_map.slug})
PUBLIC_MEASURE = Scene(
    "a measure of the public map", lambda w: {"slug": w.essay_map.slug, "node_id": w.public_measure.pk}
)
PUBLIC_POINT = Scene(
    "a claim of the public map", lambda w: {"slug": w.essay_map.slug, "node_id": w.public_point.pk, "action": "hide"}
)
THE_CLASS = Scene("the class (and its student)", lambda w: {"classroom_id": w.classroom.pk, "user_id": w.student.pk})
OTHER_CLASS_STUDENT = Scene(
    "the class, with a student of another class",
    lambda w: {"classroom_id": w.classroom.pk, "user_id": w.other_student.pk},
)
CLASS_MAP_CSV = Scene(
    "the class's map as a CSV download", lambda w: {"slug": w.class_map.slug, "format": "csv", "file_format": "csv"}
)
PUBLIC_MAP_JSON = Scene(
    "the public map as a JSON download", lambda w: {"slug": w.essay_map.slug, "format": "json", "file_format": "json"}
)
EVIDENCE = Scene("a claim to curate", lambda w: {"node_id": w.public_point.pk})
LIBRARY_SOURCE = Scene("a source of the library", lambda w: {"source_id": w.source.pk})


def _teachers_token(w: World) -> dict[str, object]:
    from argmap.accounts.models import ApiToken

    token, _secret = ApiToken.objects.create(w.people["teacher"], expiry=None, name="Marking script")
    return {"token_key": token.token_key}


TEACHERS_TOKEN = Scene("the teacher's API token", _teachers_token)


def _students_notification(w: World) -> dict[str, object]:
    """A classmate's reply to the student's point: news for the student, nobody else's."""
    from argmap.maps.models import Edge
    from argmap.maps.services import node_create

    own = node_create(
        map=w.class_map, kind="claim", text="Kolkhozes got more machines.", target=w.measure, relation="supports",
        author=w.student,
    )  # fmt: skip
    reply = node_create(
        map=w.class_map, kind="claim", text="Machine tractor stations closed.", target=own, relation="supports",
        author=w.point.author,
    )  # fmt: skip
    return {"key": f"r{Edge.objects.get(from_node=reply).pk}"}


STUDENTS_NOTIFICATION = Scene("the student's notification (a classmate replied)", _students_notification)


def _teachers_import(w: World) -> dict[str, object]:
    """A file the class's teacher sent for import and has not confirmed yet: theirs alone."""
    from argmap.interchange.services import import_preview

    draft = import_preview(by=w.people["teacher"], text=KIALO, format="kialo", classroom=w.classroom).draft
    return {"draft_id": draft.pk}


TEACHERS_IMPORT = Scene("a file the teacher sent for import", _teachers_import)
KIALO = "1. The Virgin Lands scheme was worth it.\n1.1. Pro: Grain output rose.\n"


def _import_into_class(w: World) -> dict:
    return {"text": KIALO, "format": "kialo", "classroom": w.classroom.pk}


@dataclass(frozen=True)
class Knock:
    scene: Scene
    method: str
    expect: dict[str, str]
    data: Callable[[World], dict] | None = None


def on(scene: Scene, *, data: Callable[[World], dict] | None = None, **methods: dict[str, str]) -> list[Knock]:
    """The knocks on one scene of a route: a method (GET=…, POST=…) → what each person gets."""
    return [Knock(scene, method, expect, data) for method, expect in methods.items()]


# Policies: who gets what, with the exceptions named. A superuser gets what staff get unless said otherwise.


def people(outcome: str, **exceptions: str) -> dict[str, str]:
    expect = dict.fromkeys(ROLES, outcome)
    expect.update(exceptions)
    if "staff" in exceptions and "superuser" not in exceptions:
        expect["superuser"] = exceptions["staff"]
    return expect


def everyone(outcome: str) -> dict[str, str]:
    """Anyone, signed in or not."""
    return people(outcome)


def signed_in(outcome: str, *, visitor: str, **exceptions: str) -> dict[str, str]:
    """Anyone signed in; the visitor is turned away at the door."""
    return people(outcome, visitor=visitor, **exceptions)


def members(outcome: str, *, visitor: str, **exceptions: str) -> dict[str, str]:
    """The class's students and teacher, and staff; everyone outside the class finds nothing there."""
    return people(outcome, visitor=visitor, other_student=NOT_FOUND, other_teacher=NOT_FOUND, **exceptions)


def class_teacher(outcome: str, *, visitor: str, **exceptions: str) -> dict[str, str]:
    """The class's teacher and staff; the class's students may see the map but not this (403)."""
    return members(outcome, visitor=visitor, student=FORBIDDEN, **exceptions)


def class_runner(outcome: str, *, visitor: str) -> dict[str, str]:
    """Running a class (codes, students, passwords, debates): its teacher and staff; a 404 for everyone else,
    the class's own students included."""
    return members(outcome, visitor=visitor, student=NOT_FOUND)


def moderators_see(outcome: str) -> dict[str, str]:
    """What waits for approval or was hidden: the class's teacher and staff see it; to classmates it isn't there."""
    return members(outcome, visitor=NOT_FOUND, student=NOT_FOUND)


def teachers(outcome: str, *, visitor: str) -> dict[str, str]:
    return people(outcome, visitor=visitor, student=FORBIDDEN, other_student=FORBIDDEN)


def staff_only(outcome: str, *, visitor: str) -> dict[str, str]:
    return people(FORBIDDEN, visitor=visitor, staff=outcome)


def public_map_moderators(outcome: str, *, visitor: str) -> dict[str, str]:
    """Moderating a public map: only staff; every teacher and student may read it but not moderate it."""
    return people(FORBIDDEN, visitor=visitor, staff=outcome)


# Minimal valid input, for writes whose input is checked before who is asking: without it an outsider's empty
# request would be answered 400 before the map's lookup could answer 404.


def _new_claim(w: World) -> dict:
    return {"target": w.measure.pk, "kind": "claim", "relation": "supports", "text": "New towns grew on the steppe."}


def _new_public_claim(w: World) -> dict:
    return {**_new_claim(w), "target": w.public_measure.pk}


def _link(w: World) -> dict:
    return {"source": w.point.pk, "target": w.other_measure.pk, "relation": "opposes"}


def _public_link(w: World) -> dict:
    return {"source": w.public_point.pk, "target": w.public_other_measure.pk, "relation": "opposes"}


def _merge(w: World) -> dict:
    return {"duplicates": [w.second_point.pk]}


def _move(w: World) -> dict:
    return {"old_target": w.measure.pk, "new_target": w.other_measure.pk}


def _public_move(w: World) -> dict:
    return {"old_target": w.public_measure.pk, "new_target": w.public_other_measure.pk}


def _reworded(w: World) -> dict:
    return {"text": "Dust storms wrecked the new farms."}


def _hide(w: World) -> dict:
    return {"action": "hide"}


def _unkind(w: World) -> dict:
    return {"reason": "unkind"}


def _score(w: World) -> dict:
    return {"score": 3}


def _class_name(w: World) -> dict:
    return {"name": "9C History"}


# The table. Pages: a visitor is sent to sign in where the page needs an account, and finds nothing (404) on a
# class's map. API: a visitor gets a 403 where the operation needs an account.

ROWS: dict[str, list[Knock]] = {
    # Maps and statements.
    "maps:list": on(SITE, GET=everyone(OK)),
    "maps:help": on(SITE, GET=everyone(OK)),
    "maps:detail": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:live": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:essay": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:results": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    # The graph view, its poller, its picture: whoever may read the map. Its side panel is htmx; without it, a
    # statement's panel sends the reader on to the statement's page.
    "maps:graph": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:graph_live": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:graph_svg": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:graph_node": (
        on(CLASSMATE_POINT, GET=members(REDIRECT, visitor=NOT_FOUND))
        + on(PENDING_POINT, GET=moderators_see(REDIRECT))
        + on(HIDDEN_POINT, GET=moderators_see(REDIRECT))
        + on(PUBLIC_POINT, GET=everyone(REDIRECT))
    ),
    # Finding and downloading: whoever may read the map, each seeing (and taking away) only what they may see.
    "maps:find": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "maps:download": on(CLASS_MAP_CSV, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP_JSON, GET=everyone(OK)),
    # Importing a map from a file: teachers (into their classes) and staff; a draft is its sender's alone.
    "maps:import": on(SITE, GET=teachers(OK, visitor=SIGN_IN), POST=teachers(IN, visitor=SIGN_IN)),
    "maps:import_preview": on(
        TEACHERS_IMPORT,
        GET=people(NOT_FOUND, visitor=SIGN_IN, teacher=OK),
        POST=people(NOT_FOUND, visitor=SIGN_IN, teacher=IN),
    ),
    "maps:node": (
        on(CLASSMATE_POINT, GET=members(OK, visitor=NOT_FOUND))
        + on(PENDING_POINT, GET=moderators_see(OK))
        + on(HIDDEN_POINT, GET=moderators_see(OK))
        + on(PUBLIC_POINT, GET=everyone(OK))
    ),
    # Adding to a map: its class's students and teacher; staff read class maps but don't argue in them (403), and
    # a public map is a template nobody adds to.
    "maps:node_add": (
        on(
            CLASS_MEASURE,
            GET=members(REDIRECT, visitor=SIGN_IN, staff=FORBIDDEN),  # without htmx: to the statement's form
            POST=members(IN, visitor=SIGN_IN, staff=FORBIDDEN),
        )
        + on(PUBLIC_MEASURE, GET=signed_in(FORBIDDEN, visitor=SIGN_IN), POST=signed_in(FORBIDDEN, visitor=SIGN_IN))
    ),
    "maps:node_link": (
        on(CLASSMATE_POINT, POST=members(IN, visitor=SIGN_IN, staff=FORBIDDEN))
        + on(PUBLIC_POINT, POST=signed_in(FORBIDDEN, visitor=SIGN_IN))
    ),
    # Rewording a classmate's point: not the student (only their own, until a reply); the teacher and staff may.
    "maps:node_edit": (
        on(CLASSMATE_POINT, GET=class_teacher(OK, visitor=SIGN_IN), POST=class_teacher(IN, visitor=SIGN_IN))
        + on(
            PUBLIC_POINT,
            GET=public_map_moderators(OK, visitor=SIGN_IN),
            POST=public_map_moderators(IN, visitor=SIGN_IN),
        )
    ),
    # A refused vote (a teacher's, staff's, or on a public map) is a redirect back with the reason, so "in" here
    # means "reached the vote's rules"; outside the class it is a 404 like everything else on the map.
    "maps:vote": (
        on(CLASS_MEASURE, data=_score, POST=members(IN, visitor=SIGN_IN))
        + on(PUBLIC_MEASURE, data=_score, POST=signed_in(IN, visitor=SIGN_IN))
    ),
    # Rating a claim (issue 11) follows the vote: a refusal inside the class is a redirect back with the reason.
    "maps:rate": (
        on(CLASSMATE_POINT, data=_score, POST=members(IN, visitor=SIGN_IN))
        + on(PUBLIC_POINT, data=_score, POST=signed_in(IN, visitor=SIGN_IN))
    ),
    # Moderation pages and actions.
    "moderation:queue": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=SIGN_IN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=SIGN_IN))
    ),
    # The teacher's poll (tools-bar counts, the queue's lists) is no page to be refused: not there for anyone else.
    "moderation:live": (on(CLASS_MAP, GET=moderators_see(OK)) + on(PUBLIC_MAP, GET=people(NOT_FOUND, staff=OK))),
    "moderation:approve_many": (
        on(CLASS_MAP, POST=class_teacher(IN, visitor=SIGN_IN))
        + on(PUBLIC_MAP, POST=public_map_moderators(IN, visitor=SIGN_IN))
    ),
    "moderation:node_action": (
        on(CLASSMATE_POINT, POST=class_teacher(IN, visitor=SIGN_IN))
        + on(PUBLIC_POINT, POST=public_map_moderators(IN, visitor=SIGN_IN))
    ),
    "moderation:flag_dismiss": on(CLASS_MAP, POST=class_teacher(IN, visitor=SIGN_IN)),
    "moderation:settings": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=SIGN_IN), POST=class_teacher(IN, visitor=SIGN_IN))
        + on(
            PUBLIC_MAP,
            GET=public_map_moderators(OK, visitor=SIGN_IN),
            POST=public_map_moderators(IN, visitor=SIGN_IN),
        )
    ),
    "moderation:audit": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=SIGN_IN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=SIGN_IN))
    ),
    "moderation:participation": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=SIGN_IN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=SIGN_IN))
    ),
    "moderation:participation_csv": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=SIGN_IN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=SIGN_IN))
    ),
    # Flags are the class's students': the teacher and staff act instead, and a public map has no class (403).
    "moderation:flag": (
        on(CLASSMATE_POINT, data=_unkind, POST=members(FORBIDDEN, visitor=SIGN_IN, student=IN))
        + on(PUBLIC_POINT, data=_unkind, POST=signed_in(FORBIDDEN, visitor=SIGN_IN))
    ),
    "moderation:merge": (
        on(CLASSMATE_POINT, POST=class_teacher(IN, visitor=SIGN_IN))
        + on(PUBLIC_POINT, POST=public_map_moderators(IN, visitor=SIGN_IN))
    ),
    "moderation:move": (
        on(CLASSMATE_POINT, POST=class_teacher(IN, visitor=SIGN_IN))
        + on(PUBLIC_POINT, POST=public_map_moderators(IN, visitor=SIGN_IN))
    ),
    # The merge and move pickers' search lists statements waiting for approval: nobody else learns it exists.
    "moderation:pick": (
        on(CLASSMATE_POINT, GET=moderators_see(OK)) + on(PUBLIC_POINT, GET=people(NOT_FOUND, staff=OK))
    ),
    # Classes.
    "classrooms:list": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "classrooms:new": on(SITE, GET=teachers(OK, visitor=SIGN_IN), POST=teachers(IN, visitor=SIGN_IN)),
    "classrooms:detail": on(THE_CLASS, GET=members(OK, visitor=SIGN_IN)),
    "classrooms:rotate_code": on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN)),
    "classrooms:joining": on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN)),
    "classrooms:students_add": on(
        THE_CLASS, GET=class_runner(OK, visitor=SIGN_IN), POST=class_runner(IN, visitor=SIGN_IN)
    ),
    "classrooms:password_reset": (
        on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN))
        + on(OTHER_CLASS_STUDENT, POST=signed_in(NOT_FOUND, visitor=SIGN_IN))
    ),
    "classrooms:debate_start": on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN)),
    "classrooms:archive": on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN)),
    "classrooms:restore": on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN)),
    # A person's own account, password and data: anyone signed in, each their own.
    "accounts:account": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "accounts:password_change": on(SITE, GET=signed_in(OK, visitor=SIGN_IN), POST=signed_in(IN, visitor=SIGN_IN)),
    "accounts:my_data": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "accounts:my_data_json": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "accounts:my_data_csv": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "accounts:student_unlock": (
        on(THE_CLASS, POST=class_runner(IN, visitor=SIGN_IN))
        + on(OTHER_CLASS_STUDENT, POST=signed_in(NOT_FOUND, visitor=SIGN_IN))
    ),
    # API tokens: teachers and admins hold them; a token is revoked by its owner only.
    "accounts:tokens": on(SITE, GET=teachers(OK, visitor=SIGN_IN), POST=teachers(IN, visitor=SIGN_IN)),
    "accounts:token_revoke": on(TEACHERS_TOKEN, POST=people(NOT_FOUND, visitor=SIGN_IN, teacher=IN)),
    # Notifications: everyone signed in has a list (a student's own news; empty for others); one notification
    # opens for its student only (to the statement), and is nobody else's to see (404).
    "notifications:list": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "notifications:count": on(SITE, GET=signed_in(OK, visitor="204")),
    "notifications:panel": on(SITE, GET=signed_in(OK, visitor=SIGN_IN)),
    "notifications:read": on(SITE, POST=signed_in(IN, visitor=SIGN_IN)),
    "notifications:open": on(STUDENTS_NOTIFICATION, POST=people(NOT_FOUND, visitor=SIGN_IN, student=REDIRECT)),
    # Curation.
    "curation:list": on(SITE, GET=staff_only(OK, visitor=SIGN_IN)),
    "curation:verdict": on(EVIDENCE, POST=staff_only(IN, visitor=SIGN_IN)),
    "curation:source": on(EVIDENCE, POST=staff_only(IN, visitor=SIGN_IN)),
    # Accounts: open doors, by design.
    "accounts:login": on(
        SITE, GET=people(REDIRECT, visitor=OK), POST=people(REDIRECT, visitor=OK)
    ),  # signed in: sent on; a wrong sign-in shows the form again
    "accounts:logout": on(SITE, GET=everyone(NOT_ALLOWED), POST=everyone(REDIRECT)),
    "accounts:signup": on(SITE, GET=everyone(OK), POST=everyone(IN)),
    "accounts:join": on(SITE, GET=everyone(OK), POST=everyone(IN)),
    # Shown once, right after joining; anyone else is sent to their classes, whatever the method.
    "accounts:welcome": on(SITE, GET=everyone(REDIRECT), POST=everyone(REDIRECT)),
    "favicon.ico": on(SITE, GET=everyone(REDIRECT), POST=everyone(REDIRECT)),
    # The API: the same rules as the pages.
    "api:schema": on(SITE, GET=everyone(OK)),
    "api:docs": on(SITE, GET=everyone(OK)),
    "api:maps": on(SITE, GET=everyone(OK)),
    "api:map": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "api:download": (on(CLASS_MAP_CSV, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP_JSON, GET=everyone(OK))),
    "api:graph_svg": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "api:nodes": (
        on(
            CLASS_MAP,
            data=_new_claim,
            GET=members(OK, visitor=NOT_FOUND),
            POST=members(IN, visitor=FORBIDDEN, staff=FORBIDDEN),
        )
        + on(PUBLIC_MAP, data=_new_public_claim, GET=everyone(OK), POST=everyone(FORBIDDEN))
    ),
    "api:node": (
        on(
            CLASSMATE_POINT,
            data=_reworded,
            GET=members(OK, visitor=NOT_FOUND),
            PATCH=class_teacher(IN, visitor=FORBIDDEN),
        )
        + on(PENDING_POINT, GET=moderators_see(OK))
        + on(HIDDEN_POINT, GET=moderators_see(OK))
        + on(PUBLIC_POINT, data=_reworded, GET=everyone(OK), PATCH=public_map_moderators(IN, visitor=FORBIDDEN))
    ),
    # Only the class's students vote; the API answers a refused vote with a 403 and the reason.
    "api:vote": (
        on(CLASS_MEASURE, data=_score, PUT=members(FORBIDDEN, visitor=FORBIDDEN, student=IN))
        + on(PUBLIC_MEASURE, data=_score, PUT=everyone(FORBIDDEN))
    ),
    "api:links": (
        on(CLASS_MAP, data=_link, POST=members(IN, visitor=FORBIDDEN, staff=FORBIDDEN))
        + on(PUBLIC_MAP, data=_public_link, POST=everyone(FORBIDDEN))
    ),
    # Rating (issue 11): the matrix's maps keep ratings off (the default), so even a student is refused.
    "api:rating": (
        on(CLASSMATE_POINT, data=_score, PUT=members(FORBIDDEN, visitor=FORBIDDEN))
        + on(PUBLIC_POINT, data=_score, PUT=everyone(FORBIDDEN))
    ),
    "api:ratings": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "api:results": on(CLASS_MAP, GET=members(OK, visitor=NOT_FOUND)) + on(PUBLIC_MAP, GET=everyone(OK)),
    "api:queue": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=FORBIDDEN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=FORBIDDEN))
    ),
    "api:approve_many": (
        on(CLASS_MAP, POST=class_teacher(IN, visitor=FORBIDDEN))
        + on(PUBLIC_MAP, POST=public_map_moderators(IN, visitor=FORBIDDEN))
    ),
    "api:moderate": (
        on(CLASSMATE_POINT, data=_hide, POST=class_teacher(IN, visitor=FORBIDDEN))
        + on(PUBLIC_POINT, data=_hide, POST=public_map_moderators(IN, visitor=FORBIDDEN))
    ),
    # Flags are the students' (a teacher or staff acts instead): 403 for everyone else who may read the map.
    "api:flags": (
        on(CLASSMATE_POINT, data=_unkind, POST=members(FORBIDDEN, visitor=FORBIDDEN, student=IN))
        + on(PUBLIC_POINT, data=_unkind, POST=everyone(FORBIDDEN))
    ),
    "api:flag_dismiss": on(CLASS_MAP, POST=class_teacher(IN, visitor=FORBIDDEN)),
    "api:merge": on(CLASSMATE_POINT, data=_merge, POST=class_teacher(IN, visitor=FORBIDDEN)),
    "api:move": (
        on(CLASSMATE_POINT, data=_move, POST=class_teacher(IN, visitor=FORBIDDEN))
        + on(PUBLIC_POINT, data=_public_move, POST=public_map_moderators(IN, visitor=FORBIDDEN))
    ),
    "api:settings": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=FORBIDDEN), PATCH=class_teacher(IN, visitor=FORBIDDEN))
        + on(
            PUBLIC_MAP,
            GET=public_map_moderators(OK, visitor=FORBIDDEN),
            PATCH=public_map_moderators(IN, visitor=FORBIDDEN),
        )
    ),
    "api:audit": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=FORBIDDEN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=FORBIDDEN))
    ),
    "api:participation": (
        on(CLASS_MAP, GET=class_teacher(OK, visitor=FORBIDDEN))
        + on(PUBLIC_MAP, GET=public_map_moderators(OK, visitor=FORBIDDEN))
    ),
    "api:curation": on(SITE, GET=staff_only(OK, visitor=FORBIDDEN)),
    "api:verdict": on(EVIDENCE, POST=staff_only(IN, visitor=FORBIDDEN)),
    "api:node_source": on(EVIDENCE, POST=staff_only(IN, visitor=FORBIDDEN)),
    "api:sources": on(SITE, GET=staff_only(OK, visitor=FORBIDDEN), POST=staff_only(IN, visitor=FORBIDDEN)),
    "api:source": on(LIBRARY_SOURCE, PATCH=staff_only(IN, visitor=FORBIDDEN)),
    "api:classes": on(
        SITE, data=_class_name, GET=signed_in(OK, visitor=FORBIDDEN), POST=teachers(IN, visitor=FORBIDDEN)
    ),
    "api:class": on(THE_CLASS, GET=members(OK, visitor=FORBIDDEN)),
    "api:join_code": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:joining": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:students": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:debates": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:password_reset": (
        on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN))
        + on(OTHER_CLASS_STUDENT, POST=signed_in(NOT_FOUND, visitor=FORBIDDEN))
    ),
    "api:student_unlock": (
        on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN))
        + on(OTHER_CLASS_STUDENT, POST=signed_in(NOT_FOUND, visitor=FORBIDDEN))
    ),
    "api:join": on(SITE, POST=everyone(IN)),
    # Any other address under /api/: a JSON 404 for everyone, whatever the method.
    "^api/": on(SITE, GET=everyone(NOT_FOUND), POST=everyone(NOT_FOUND)),
    "api:class_archive": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:class_restore": on(THE_CLASS, POST=class_runner(IN, visitor=FORBIDDEN)),
    "api:my_data": on(SITE, GET=signed_in(OK, visitor=FORBIDDEN)),
    "api:notifications": on(SITE, GET=signed_in(OK, visitor=FORBIDDEN)),
    # Importing through the API: into a class its teacher (or staff) runs; anyone else's class is a 404.
    "api:imports": on(
        SITE, data=_import_into_class, POST=class_runner(IN, visitor=FORBIDDEN) | {"other_teacher": NOT_FOUND}
    ),
    "api:import": on(TEACHERS_IMPORT, GET=people(NOT_FOUND, visitor=FORBIDDEN, teacher=OK)),
    "api:import_confirm": on(TEACHERS_IMPORT, POST=people(NOT_FOUND, visitor=FORBIDDEN, teacher=IN)),
    "api:notifications_read": on(SITE, POST=signed_in(OK, visitor=FORBIDDEN)),
    "api:notification_read": on(STUDENTS_NOTIFICATION, POST=people(NOT_FOUND, visitor=FORBIDDEN, student=OK)),
}


# The admin. Everyone but staff is sent to the admin's sign-in. Staff accounts that are not superusers (curators)
# have no per-model grants: they reach what CuratorAccess opens to them. The superuser sees the rest, changed only
# where the site has no service for it; nothing people made is ever deleted.

NOTHING = "nothing"  # 403 on every page
VIEW = "view"  # the list and each object, read-only
CHANGE = "change"  # the list, adding, changing
CHANGE_NOT_ADD = "change, not add"
EVERYTHING = "everything, deleting included"

ADMIN_MODELS: dict[str, tuple[str, str]] = {
    # model admin: (what a curator (staff) may do, what a superuser may do)
    "auth_group": (NOTHING, EVERYTHING),  # Django's own; groups are nobody's work
    "accounts_user": (NOTHING, CHANGE),  # accounts are deactivated, never deleted
    "maps_map": (NOTHING, VIEW),  # shown, changed on the site through the services
    "maps_node": (NOTHING, VIEW),
    "maps_edge": (NOTHING, VIEW),
    "classrooms_classroom": (NOTHING, VIEW),
    "maps_source": (CHANGE, CHANGE),  # the curators' library
    "curation_evidencenode": (CHANGE_NOT_ADD, CHANGE_NOT_ADD),  # verdicts, notes and sources
    "curation_curationrecord": (VIEW, VIEW),  # the history: read-only
}

ADMIN_PAGE_PATTERNS = {
    "changelist": "admin:{model}_changelist",
    "add": "admin:{model}_add",
    "change": "admin:{model}_change",
    "delete": "admin:{model}_delete",
    "history": "admin:{model}_history",
}


def _admin_page(page: str, rights: str) -> tuple[str, str]:
    """What a person with these rights gets from one of a model admin's pages: (GET, POST with nothing filled)."""
    readable = rights != NOTHING
    changes = rights in (CHANGE, CHANGE_NOT_ADD, EVERYTHING)
    if page in ("changelist", "history"):
        return (OK, IN) if readable else (FORBIDDEN, FORBIDDEN)
    if page == "add":
        return (OK, IN) if rights in (CHANGE, EVERYTHING) else (FORBIDDEN, FORBIDDEN)
    if page == "change":
        return (OK if readable else FORBIDDEN, IN if changes else FORBIDDEN)
    if page == "delete":
        return (OK, IN) if rights == EVERYTHING else (FORBIDDEN, FORBIDDEN)
    raise AssertionError(page)


def _admin_only(*, staff: str, superuser: str | None = None) -> dict[str, str]:
    return people(SIGN_IN, staff=staff, superuser=superuser or staff)


def _admin_rows() -> dict[str, list[Knock]]:
    rows: dict[str, list[Knock]] = {}
    for model, (curator, superuser) in ADMIN_MODELS.items():
        scene = Scene(f"a {model} in the admin", lambda w, model=model: {"object_id": admin_object_ids(w)[model]})
        for page, name in ADMIN_PAGE_PATTERNS.items():
            (staff_get, staff_post), (root_get, root_post) = _admin_page(page, curator), _admin_page(page, superuser)
            rows[name.format(model=model)] = on(
                scene,
                GET=_admin_only(staff=staff_get, superuser=root_get),
                POST=_admin_only(staff=staff_post, superuser=root_post),
            )
        # The bare object address redirects to its change page, for anyone the admin lets in.
        app, _, model_name = model.partition("_")
        rows[f"admin/{app}/{model_name}/<path:object_id>/"] = on(
            scene, GET=_admin_only(staff=REDIRECT), POST=_admin_only(staff=REDIRECT)
        )
    admin_site = Scene(
        "the admin",
        lambda w: {
            "app_label": "maps",
            "url": "no-such-page/",
            "content_type_id": ContentType.objects.get_for_model(w.classroom).pk,
            "object_id": w.classroom.pk,
            "id": w.student.pk,
        },
    )
    rows.update(
        {
            "admin:index": on(admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=OK)),
            "admin:app_list": on(admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=OK)),
            # Its own sign-in: open to everyone (staff already signed in are sent on to the index; a sign-in with
            # nothing filled shows the form again). Signing out: for staff, by POST only; anyone else is sent to
            # the admin's index, which sends them to sign in.
            "admin:login": on(admin_site, GET=people(OK, staff=REDIRECT), POST=everyone(OK)),
            "admin:logout": on(
                admin_site, GET=people(REDIRECT, staff=NOT_ALLOWED), POST=people(REDIRECT, staff=REDIRECT)
            ),
            "admin:password_change": on(admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=OK)),
            "admin:password_change_done": on(
                admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=NOT_ALLOWED)
            ),
            "admin:jsi18n": on(admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=NOT_ALLOWED)),
            "admin:view_on_site": on(admin_site, GET=_admin_only(staff=REDIRECT), POST=_admin_only(staff=REDIRECT)),
            "admin/(?P<url>.*)$": on(admin_site, GET=_admin_only(staff=NOT_FOUND), POST=_admin_only(staff=NOT_FOUND)),
            "admin:maps_source_import_csv": on(admin_site, GET=_admin_only(staff=OK), POST=_admin_only(staff=IN)),
            # Setting an account's password: the superuser's (the user admin is closed to curators).
            "admin:auth_user_password_change": on(
                admin_site,
                GET=_admin_only(staff=FORBIDDEN, superuser=OK),
                POST=_admin_only(staff=FORBIDDEN, superuser=IN),
            ),
        }
    )
    return rows


ROWS.update(_admin_rows())

# Routes with no row, each with why.
NO_ROW = {
    "admin:autocomplete": "Django's own: answers select widgets of model admins with autocomplete_fields, which none "
    "of argmap's has; it checks the asking model admin's view permission itself",
}

PAGE_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _unlisted(route_key: str, knocks: list[Knock]) -> list[Knock]:
    """The methods the route must refuse (405), knocked on the route's first scene. A visitor is turned away before
    the method is looked at where the route needs an account (sign-in for pages, 403 for the API)."""
    listed = {knock.method for knock in knocks}
    methods = API_METHODS if route_key.startswith("api:") else PAGE_METHODS
    guards = {knock.expect["visitor"] for knock in knocks} & {SIGN_IN, FORBIDDEN}
    visitor = guards.pop() if len(guards) == 1 else NOT_ALLOWED
    return [
        Knock(knocks[0].scene, method, people(NOT_ALLOWED, visitor=visitor))
        for method in methods
        if method not in listed
    ]


ROUTES = site_routes()


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(ROUTES)
    missing = sorted(routes - set(ROWS) - set(NO_ROW))
    stale = sorted((set(ROWS) | set(NO_ROW)) - routes)
    assert not missing, "routes with no row in the matrix (say who may open them):\n" + "\n".join(
        f"  {key}  ({ROUTES[key].pattern})" for key in missing
    )
    assert not stale, "rows for routes that no longer exist:\n" + "\n".join(f"  {key}" for key in stale)


def test_the_api_rows_list_exactly_the_methods_each_operation_takes():
    wrong = []
    for key, route in ROUTES.items():
        if route.is_api and key in ROWS:
            listed = {knock.method for knock in ROWS[key]}
            if listed != api_methods(route):
                wrong.append(f"  {key}: the row lists {sorted(listed)}, the view takes {sorted(api_methods(route))}")
    assert not wrong, "API rows out of step with their views:\n" + "\n".join(wrong)


@pytest.mark.parametrize("route_key", sorted(ROWS))
def test_each_person_gets_what_the_table_says(route_key: str, world: World, knocker: Knocker):
    route = ROUTES.get(route_key)
    if route is None:
        pytest.skip(f"{route_key} no longer exists (the meta-test reports it)")
    knocks = ROWS[route_key] + _unlisted(route_key, ROWS[route_key])
    wrong = []
    for knock in knocks:
        values = knock.scene.values(world)
        url = route.url(values)
        data = knock.data(world) if knock.data else None
        for role in ROLES:
            expected = knock.expect[role]
            response = knocker.send(role, knock.method, url, data, as_json=route.is_api)
            if not matches(expected, response):
                wrong.append(
                    f"  {knock.method} {url} ({knock.scene.name}) as {ROLE_WORDS[role]}: "
                    f"expected {expected}, got {describe(response)}"
                )
    assert not wrong, f"{route_key} ({route.pattern}):\n" + "\n".join(wrong)
