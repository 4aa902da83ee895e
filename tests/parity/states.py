"""Starting states for the parity table: each builds, from the shared people and maps, what one row acts on.

They run inside the savepoint of each run, so the page and the API each start from the same fresh state. They
load everything afresh from the database: the previous run's changes were rolled back under Python's feet.
"""

from __future__ import annotations

from argmap.classrooms.models import Classroom
from argmap.classrooms.services import classroom_archive, joining_set
from argmap.curation.services import source_save
from argmap.interchange.services import import_confirm, import_preview
from argmap.maps.models import Map, Node, NodeKind, Source
from argmap.maps.services import contribution_create
from argmap.moderation.services import flag_raise, map_settings_update, node_hide
from tests.parity.helpers import State, World

DUST = "Dust storms ruined the new farms."
DUST_AGAIN = "The dust storms wrecked the farms on the new land."
NEW_TOWNS = "New towns grew on the steppe."
KIALO = """Discussion Title: Was the Virgin Lands scheme worth it?

1. The Virgin Lands scheme was worth it.
1.1. Pro: Grain output rose sharply in the first years.
1.1.1. Con: The harvests collapsed after 1960 when the soil eroded.
1.2. Con: It drew money away from the older farming regions.
"""


def open_map(world: World, **settings: object) -> State:
    """The class's copy of the essay map, with the settings given changed first, and the statements rows use."""
    map = Map.objects.select_related("classroom").get(pk=world.class_map_id)
    if settings:
        map_settings_update(map=map, by=world.teacher, **settings)
    nodes = Node.objects.filter(map=map)
    return State(
        map=map,
        classroom=map.classroom,
        question=nodes.get(kind=NodeKind.QUESTION),
        measure=nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands"),
        maize=nodes.get(kind=NodeKind.MEASURE, text__contains="maize"),
    )


def pre_moderated(world: World) -> State:
    return open_map(world, moderation_mode="pre")


def locked(world: World) -> State:
    return open_map(world, is_locked=True)


def voting_closed(world: World) -> State:
    return open_map(world, voting_open=False)


def _reply(author, target: Node, text: str = DUST, relation: str = "opposes") -> Node:
    return contribution_create(author=author, target=target, kind="claim", relation=relation, text=text)


def with_reply(world: World, **settings: object) -> State:
    """A student's counterclaim under the Virgin Lands measure."""
    state = open_map(world, **settings)
    state.reply = _reply(world.student, state.measure)
    return state


def with_answered_reply(world: World) -> State:
    """The student's counterclaim, which a classmate has answered."""
    state = with_reply(world)
    state.answer = _reply(world.second_student, state.reply, "Only in the driest years.")
    return state


def with_answered_teacher_point(world: World) -> State:
    """A claim the teacher wrote herself, which a student has answered."""
    state = open_map(world)
    state.point = _reply(world.teacher, state.measure, "Harvests rose at first.", relation="supports")
    state.answer = _reply(world.second_student, state.point, "Only for two years.")
    return state


def with_pending_reply(world: World) -> State:
    """A pre-moderated map with a student's claim waiting for approval."""
    state = with_reply(world, moderation_mode="pre")
    state.pending = state.reply
    return state


def with_two_pending(world: World) -> State:
    state = with_pending_reply(world)
    state.other_pending = _reply(world.second_student, state.measure, NEW_TOWNS, relation="supports")
    return state


def with_hidden_reply(world: World) -> State:
    state = with_reply(world)
    node_hide(node=state.reply, by=world.teacher, reason="Give a date for the storms.")
    return state


def with_flagged_reply(world: World) -> State:
    """The student's counterclaim, flagged by a classmate as factually wrong."""
    state = with_reply(world)
    state.flag = flag_raise(node=state.reply, by=world.second_student, reason="wrong", note="The storms came later.")
    return state


def with_duplicates(world: World) -> State:
    """Two students said the same thing in different words; the second one already has a reply of its own."""
    state = with_reply(world)
    state.duplicate = _reply(world.second_student, state.measure, DUST_AGAIN)
    state.answer = _reply(world.student, state.duplicate, "Kazakhstan lost topsoil for years.")
    return state


def essay_statements(world: World) -> State:
    """A piece of evidence of the public essay map that nobody has reviewed, and a source of the library."""
    essay = Map.objects.get(pk=world.essay_map_id)
    evidence = Node.objects.filter(map=essay, kind=NodeKind.EVIDENCE, curation_status="unverified").order_by("pk")
    return State(map=essay, node=evidence.first(), source=Source.objects.order_by("title").first())


def with_new_source(world: World) -> State:
    """A source an admin has just added to the library."""
    source = source_save(by=world.admin, title="Virgin Lands", author="Martin McCauley", year=1976)
    return State(source=source)


def the_class(world: World) -> State:
    """The teacher's class, and one of its students."""
    return State(classroom=Classroom.objects.get(pk=world.classroom_id), user=world.student)


def closed_class(world: World) -> State:
    """The teacher's class, closed to new students."""
    state = the_class(world)
    joining_set(classroom=state.classroom, by=world.teacher, open=False)
    return state


def archived_class(world: World) -> State:
    """The teacher's class, with its debate, archived at the end of the year."""
    state = the_class(world)
    state.classroom = classroom_archive(classroom=state.classroom, by=world.teacher)
    return state


def another_class(world: World) -> State:
    """A class of another teacher, and one of its students."""
    return State(classroom=Classroom.objects.get(pk=world.other_classroom_id), user=world.outsider)


def with_import_draft(world: World) -> State:
    """The teacher's class, and a Kialo file the teacher has previewed for it."""
    state = the_class(world)
    state.draft = import_preview(by=world.teacher, text=KIALO, format="kialo", classroom=state.classroom).draft
    return state


def with_imported_draft(world: World) -> State:
    state = with_import_draft(world)
    import_confirm(draft=state.draft, by=world.teacher)
    return state
