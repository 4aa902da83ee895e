"""The one place that decides who may do what to which map, node or class; web views and the API ask it.

Roles, per map: a visitor (anyone, signed in or not, outside the map's class), a student or a
teacher of the map's class, and an admin (staff). A class's map is invisible outside its class:
views turn a refusal to view into a 404, so the map's existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from argmap.classrooms.models import Classroom, ClassStatus, Membership, Role
from argmap.maps.models import Map, ModerationMode, Node, NodeKind, Status, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Person = AbstractBaseUser | AnonymousUser


MODERATORS_ONLY = "Only the class's teacher can moderate this map."
# What "locked" means, in one sentence: statements stop changing; voting has its own switch.
LOCKED = "This map is locked: nobody can add or change statements now."


class MapRole(StrEnum):
    VISITOR = "visitor"
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


class Action(StrEnum):
    VIEW = "view"
    CONTRIBUTE = "contribute"
    VOTE = "vote"
    MODERATE = "moderate"
    SEE_RESULTS = "see_results"


@dataclass(frozen=True)
class MapAccess:
    """What one person may do on one map, worked out once per request."""

    map: Map
    role: MapRole
    viewer_id: int | None = None

    def allows(self, action: Action) -> bool:
        return ALLOWED[action](self)

    @property
    def can_view(self) -> bool:
        return self.allows(Action.VIEW)

    @property
    def can_contribute(self) -> bool:
        return self.allows(Action.CONTRIBUTE)

    @property
    def can_vote(self) -> bool:
        return self.allows(Action.VOTE)

    @property
    def can_moderate(self) -> bool:
        return self.allows(Action.MODERATE)

    @property
    def can_see_results(self) -> bool:
        return self.allows(Action.SEE_RESULTS)

    @property
    def can_download_everything(self) -> bool:
        return can_export_everything(self)

    @property
    def is_member(self) -> bool:
        return self.role in (MapRole.STUDENT, MapRole.TEACHER)


def _view(access: MapAccess) -> bool:
    return access.map.visibility == Visibility.PUBLIC or access.role != MapRole.VISITOR


def _contribute(access: MapAccess) -> bool:
    # Public maps are templates: classes argue in their own copies.
    return access.is_member and access.map.classroom_id is not None and not access.map.is_locked


def _vote(access: MapAccess) -> bool:
    # Voting has its own switch: a locked map (no new statements or edits) still takes votes while it is open,
    # so a teacher can lock the arguments and open the "after" round.
    return access.role == MapRole.STUDENT and access.map.voting_open


def _moderate(access: MapAccess) -> bool:
    return access.role in (MapRole.TEACHER, MapRole.ADMIN)


ALLOWED = {
    Action.VIEW: _view,
    Action.CONTRIBUTE: _contribute,
    Action.VOTE: _vote,
    Action.MODERATE: _moderate,
    Action.SEE_RESULTS: _view,
}


def is_admin(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active and person.is_staff)


def is_teacher(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active and getattr(person, "is_teacher", False))


def map_access(person: Person, map: Map) -> MapAccess:
    """The person's role on the map: at most one query (their membership of the map's class)."""
    viewer_id = person.pk if person.is_authenticated else None
    if is_admin(person):
        return MapAccess(map=map, role=MapRole.ADMIN, viewer_id=viewer_id)
    if viewer_id is None or map.classroom_id is None:
        return MapAccess(map=map, role=MapRole.VISITOR, viewer_id=viewer_id)
    if map.classroom.teacher_id == viewer_id:
        # The teacher recorded on the class, as classrooms_managed_by reads it: one source of truth.
        return MapAccess(map=map, role=MapRole.TEACHER, viewer_id=viewer_id)
    role = Membership.objects.filter(classroom_id=map.classroom_id, user=person).values_list("role", flat=True).first()
    # The class's teacher is the one recorded on the class (above); a membership alone makes a student.
    return MapAccess(map=map, role=MapRole.STUDENT if role == Role.STUDENT else MapRole.VISITOR, viewer_id=viewer_id)


def can_view_map(person: Person, map: Map) -> bool:
    return map_access(person, map).can_view


def maps_visible_to(person: Person) -> QuerySet[Map]:
    """Every map this person may open: public ones, their classes' maps, and all of them for admins."""
    maps = Map.objects.all()
    if is_admin(person):
        return maps
    if person.is_authenticated:
        mine = Q(classroom__teacher=person) | Q(
            classroom__in=Membership.objects.filter(user=person).values("classroom")
        )
        return maps.filter(Q(visibility=Visibility.PUBLIC) | mine)
    return maps.filter(visibility=Visibility.PUBLIC)


def maps_reporting_to(person: Person) -> QuerySet[Map]:
    """The maps whose news about a person's own points reaches them (notifications): the maps of the classes
    they are a student of now. Leaving a class ends its news; teachers and visitors get none.
    """
    if not person.is_authenticated:
        return Map.objects.none()
    return Map.objects.filter(
        classroom__in=Membership.objects.filter(user=person, role=Role.STUDENT).values("classroom")
    )


def node_statuses_visible_to(access: MapAccess) -> tuple[str, ...]:
    """Moderators see pending and hidden contributions too; everyone else sees what is visible."""
    if access.can_moderate:
        return (Status.VISIBLE, Status.PENDING, Status.HIDDEN)
    return (Status.VISIBLE,)


def counts_as_reply(*, edge_status: str, from_status: str) -> bool:
    """A link from a statement that isn't hidden: it answers the words as they stand, so they stay put."""
    return edge_status != Status.HIDDEN and from_status != Status.HIDDEN


def can_reply_to(access: MapAccess, node: Node) -> bool:
    """Class members add claims, evidence and counterclaims under any statement that isn't hidden."""
    return access.can_contribute and node.status != Status.HIDDEN


def can_link(access: MapAccess, node: Node) -> bool:
    """Linking two existing statements: like a reply, but on a pre-moderated map only the teacher links."""
    return can_reply_to(access, node) and (access.map.moderation_mode != ModerationMode.PRE or access.can_moderate)


WHY_NOT_LINK = "On a pre-moderated map only your teacher links statements; reply with a new point instead."


def can_give_context(access: MapAccess) -> bool:
    """Marking a statement as context (an aim, a motive, background: counted neither for nor against) is the
    teacher's call, as curators do on public maps; students argue for or against.
    """
    return access.can_contribute and access.can_moderate


WHY_NOT_CONTEXT = "Only your teacher marks a statement as context. Say whether your point supports or opposes it."


def can_edit_own(access: MapAccess, node: Node, *, has_replies: bool) -> bool:
    """Authors reword their own point until someone replies to it, while the map is open."""
    return (
        access.can_contribute
        and node.kind != NodeKind.QUESTION
        and node.author_id is not None
        and node.author_id == access.viewer_id
        and not has_replies
    )


def can_reword_as_moderator(access: MapAccess, node: Node) -> bool:
    """The class's teacher rewords any statement but the question, replies or not; the change is audited."""
    return access.can_moderate and node.kind != NodeKind.QUESTION


def can_edit_node(access: MapAccess, node: Node, *, has_replies: bool) -> bool:
    """Whether this person may reword the statement at all, as its author or as the teacher."""
    return can_edit_own(access, node, has_replies=has_replies) or can_reword_as_moderator(access, node)


def why_not_edit(access: MapAccess, node: Node, *, has_replies: bool) -> str:
    """What to tell a person who may not reword this statement."""
    if node.kind == NodeKind.QUESTION:
        return "The question is where the debate starts: nobody can reword it."
    if has_replies and node.author_id == access.viewer_id:
        return "Someone has replied to this, so it can't be changed any more."
    if access.map.is_locked and node.author_id == access.viewer_id:
        return LOCKED
    return "You can only change your own contributions while the map is open."


def can_flag(access: MapAccess, node: Node) -> bool:
    """Students ask the teacher to look at a classmate's visible point; teachers act on it instead."""
    return (
        access.role == MapRole.STUDENT
        and node.kind != NodeKind.QUESTION
        and node.status == Status.VISIBLE
        and node.author_id != access.viewer_id
    )


def why_not_flag(access: MapAccess, node: Node) -> str:
    if access.role == MapRole.TEACHER or access.role == MapRole.ADMIN:
        return "You moderate this map: hide the statement or leave it, no flag needed."
    if not access.is_member:
        return "Only members of this class can flag its contributions."
    if node.author_id is not None and node.author_id == access.viewer_id:
        return "This is your own point: edit it while nobody has replied, or ask your teacher."
    return "Only visible contributions can be flagged."


def can_hide(access: MapAccess, node: Node) -> bool:
    return access.can_moderate and node.kind != NodeKind.QUESTION and node.status != Status.HIDDEN


def can_restore(access: MapAccess, node: Node) -> bool:
    return access.can_moderate and node.status == Status.HIDDEN


def revisions_shown(access: MapAccess, node: Node) -> str:
    """Which earlier wordings this person sees: the teacher all of them; an author those they replaced
    themselves; classmates none, only that it was edited (a teacher may have edited out something unkind).
    """
    if access.can_moderate:
        return "all"
    if node.author_id is not None and node.author_id == access.viewer_id:
        return "own"
    return "none"


def can_vote_on(access: MapAccess, node: Node) -> bool:
    return access.can_vote and node.kind == NodeKind.MEASURE and node.status == Status.VISIBLE


def why_not_vote(access: MapAccess) -> str:
    if not access.map.voting_open:
        return "Voting is closed for this map."
    if access.role == MapRole.TEACHER:
        return "Teachers see the votes; only students vote."
    return "Only students of this class can vote on its map."


def can_see_votes(access: MapAccess, *, has_voted: bool) -> bool:
    """A student sees how the class voted on a measure once they have voted on it (so the first votes
    are not anchored by others'), or once voting has closed; everyone else who may see the map sees them.
    """
    return access.role != MapRole.STUDENT or has_voted or not access.map.voting_open


# What a class rates: the arguments, not the question or the measures (those are voted on).
RATED_KINDS = (NodeKind.CLAIM, NodeKind.EVIDENCE)


def can_rate(access: MapAccess, node: Node) -> bool:
    """Students rate how convincing a classmate's visible claim or evidence is, while the teacher has ratings on
    and voting is open (so an archived class, whose voting is closed, is read-only). Not their own point: rating
    it would only count their own view twice, so it stays the class's judgement of each other's arguments.
    """
    return (
        access.can_vote
        and access.map.ratings_open
        and node.kind in RATED_KINDS
        and node.status == Status.VISIBLE
        and (node.author_id is None or node.author_id != access.viewer_id)
    )


def why_not_rate(access: MapAccess, node: Node) -> str:
    """What to tell a person who may not rate this statement."""
    if node.kind not in RATED_KINDS:
        return "Only claims and evidence can be rated."
    if not access.map.ratings_open:
        return "Your teacher hasn't turned on ratings for this map."
    if not access.map.voting_open:
        return "Voting is closed for this map, so ratings are too."
    if access.role == MapRole.TEACHER:
        return "Teachers see the ratings; only students rate."
    if access.role != MapRole.STUDENT:
        return "Only students of this class can rate its arguments."
    if node.author_id is not None and node.author_id == access.viewer_id:
        return "This is your own point: your classmates rate it."
    return "Only visible statements can be rated."


def can_see_ratings(access: MapAccess, *, has_rated: bool) -> bool:
    """How the class rated a statement shows under the rule for votes: to a student once they rated it (or once
    voting closed), to everyone else who may see the map."""
    return can_see_votes(access, has_voted=has_rated)


def classrooms_managed_by(person: Person) -> QuerySet[Classroom]:
    """The classes whose code, students and debates this person runs: a teacher's own, or all for admins."""
    if is_admin(person):
        return Classroom.objects.all()
    if not person.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(teacher=person)


def debates_to_compare(person: Person, map: Map) -> QuerySet[Map]:
    """The debates a teacher runs that began from the same map as this one (or from this map, its template):
    their classes side by side on the results page. Only classes this person teaches, never another teacher's,
    admins included; nothing unless this map is one of them or their template.
    """
    if not person.is_authenticated:
        return Map.objects.none()
    if map.copied_from_id is not None and (map.classroom_id is None or map.classroom.teacher_id != person.pk):
        return Map.objects.none()
    template_id = map.copied_from_id or map.pk
    return Map.objects.filter(copied_from_id=template_id, classroom__teacher=person)


def classrooms_of(person: Person) -> QuerySet[Classroom]:
    """The classes a person teaches or belongs to."""
    if not person.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(
        Q(teacher=person) | Q(pk__in=Membership.objects.filter(user=person).values("classroom"))
    )


ARCHIVED_READ_ONLY = "This class is archived, so it is read-only. Restore it first."


def map_of_archived_class(map: Map) -> bool:
    """Whether map belongs to a class its teacher archived at the end of the year (read-only until restored)."""
    return map.classroom_id is not None and Classroom.objects.filter(pk=map.classroom_id, status="archived").exists()


WHY_NOT_CREATE_CLASS = "Only teachers can create classes. Students join a class with its code."


def can_create_classroom(person: Person) -> bool:
    return is_teacher(person) or is_admin(person)


def can_start_debate(person: Person, classroom: Classroom, source: Map) -> bool:
    return classroom in classrooms_managed_by(person) and source.visibility == Visibility.PUBLIC


WHY_NOT_IMPORT = (
    "You can import a map only into a class you teach (and not an archived one); public maps are imported by admins."
)


def import_destinations(person: Person) -> QuerySet[Classroom]:
    """The classes this person may import a map into: the active classes they run."""
    return classrooms_managed_by(person).filter(status=ClassStatus.ACTIVE).order_by("name", "pk")


def can_open_import(person: Person) -> bool:
    """Whether the import page is for this person at all: teachers (into their classes) and admins."""
    return is_teacher(person) or is_admin(person)


def can_import_map(person: Person, classroom: Classroom | None) -> bool:
    """Whether this person may make a new map from a file: into a class they teach, or (admins) a public map."""
    if classroom is None:
        return is_admin(person)
    return import_destinations(person).filter(pk=classroom.pk).exists()


def can_export_everything(access: MapAccess) -> bool:
    """Whether a download may hold hidden and waiting statements (marked as such): the map's moderators only.
    Everyone else's download, and theirs unless they ask, holds what is shown on the map."""

    return access.can_moderate


WHY_NOT_API_TOKENS = "API tokens are for teachers and admins. Students use the site, or the API signed in on the site."


def can_hold_api_tokens(person: Person) -> bool:
    """Teachers and admins make tokens for scripts; a pupil's account stays one that a teacher's reset controls."""
    return is_teacher(person) or is_admin(person)


def can_unlock(person: Person, classroom: Classroom) -> bool:
    """The class's teacher (and admins) let a pupil locked out by wrong passwords sign in again."""
    return classrooms_managed_by(person).filter(pk=classroom.pk).exists()


@dataclass(frozen=True)
class StudentsCan:
    """What the class's students can do on a map with these settings, in words for the teacher."""

    sentence: str
    blocks_everything: bool

    @property
    def warning(self) -> str:
        return BLOCKS_EVERYTHING if self.blocks_everything else ""


BLOCKS_EVERYTHING = (
    "Students can't add, change or vote on anything now: the map is locked and voting is closed. "
    "That suits the end of a debate; to let them work again, unlock the map or open voting."
)


def what_students_can_do(map: Map) -> StudentsCan:
    """One sentence, from the map's settings, of what its students can do right now (the settings page, the
    settings API and the message after saving all show it); and whether those settings leave them nothing to do.
    """
    can = []
    if not map.is_locked:
        if map.moderation_mode == ModerationMode.PRE:
            can.append("add points and replies, which wait for your approval before the class sees them")
        else:
            can.append("add points, replies and links, which the class sees at once")
        can.append("reword their own points until someone replies")
    if map.voting_open:
        can.append(f"vote on each {map.measure_label} (round: {map.get_vote_round_display().lower()})")
    if map.voting_open and map.ratings_open:
        can.append("rate how convincing each claim and piece of evidence is")
    can.append("flag a point for you to look at")
    listed = can[0] if len(can) == 1 else f"{', '.join(can[:-1])} and {can[-1]}"
    sentence = f"Right now students can {listed}."
    if map.is_locked:
        sentence += " The map is locked, so nobody adds or changes statements."
    if not map.voting_open:
        sentence += " Voting is closed."
    return StudentsCan(sentence=sentence, blocks_everything=map.is_locked and not map.voting_open)
