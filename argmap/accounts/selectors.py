"""A person's own data, to download: their account, classes, everything they wrote, linked, voted and flagged.

Read in a fixed number of queries however much they wrote. Nothing about anyone else is included: no
classmate's name, and the words of another person's statement only while it is visible to the class.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from argmap.classrooms.models import Membership
from argmap.interchange.formats import spreadsheet_safe
from argmap.maps.models import Edge, Node, NodeRevision, Status
from argmap.moderation.models import Flag
from argmap.votes.models import Rating, Vote

if TYPE_CHECKING:
    from datetime import datetime

    from argmap.accounts.models import User

NOT_SHOWN = "(a statement you can't see now)"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _statement(node: Node, *, person: User) -> dict[str, Any]:
    """Another statement a record points at: its words only while the class can see it, or if it is theirs."""
    shown = node.status == Status.VISIBLE or node.author_id == person.pk
    return {"id": node.pk, "kind": node.kind, "text": node.text if shown else NOT_SHOWN}


def personal_data(*, person: User) -> dict[str, Any]:
    """Everything argmap holds that this person gave it, as plain JSON-ready values: eight queries."""
    memberships = Membership.objects.filter(user=person).select_related("classroom__teacher").order_by("joined_at")
    statements = Node.objects.filter(author=person).select_related("map").defer("map__source_document")
    wordings = NodeRevision.objects.filter(node__author=person, edited_by=person).order_by("replaced_at", "id")
    links = (
        Edge.objects.filter(author=person)
        .select_related("map", "from_node", "to_node")
        .defer("map__source_document")
        .order_by("created_at", "id")
    )
    votes = (
        Vote.objects.filter(voter=person)
        .select_related("map", "measure")
        .defer("map__source_document")
        .order_by("created_at", "id")
    )
    ratings = (
        Rating.objects.filter(rater=person)
        .select_related("map", "node")
        .defer("map__source_document")
        .order_by("created_at", "id")
    )
    flags = (
        Flag.objects.filter(raised_by=person)
        .select_related("node__map")
        .defer("node__map__source_document")
        .order_by("created_at", "id")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "sign_in_name": person.username,
            "name": person.display_name,
            "email": person.email,
            "is_teacher": person.is_teacher,
            "joined": _when(person.date_joined),
            "last_sign_in": _when(person.last_login),
        },
        "classes": [
            {
                "class": membership.classroom.name,
                "teacher": membership.classroom.teacher.name,
                "role": membership.role,
                "pseudonym": membership.pseudonym,
                "joined": _when(membership.joined_at),
            }
            for membership in memberships
        ],
        "statements": [
            {
                "id": node.pk,
                "map": node.map.title,
                "map_slug": node.map.slug,
                "kind": node.kind,
                "text": node.text,
                "status": node.status,
                "teacher_note": node.moderation_note,
                "written": _when(node.created_at),
                "edited": _when(node.edited_at),
            }
            for node in statements
        ],
        "earlier_wordings": [
            {"statement": revision.node_id, "text": revision.text, "replaced": _when(revision.replaced_at)}
            for revision in wordings
        ],
        "links": [
            {
                "map": edge.map.title,
                "from": _statement(edge.from_node, person=person),
                "relation": edge.relation,
                "to": _statement(edge.to_node, person=person),
                "status": edge.status,
                "made": _when(edge.created_at),
            }
            for edge in links
        ],
        "votes": [
            {
                "map": vote.map.title,
                "measure": _statement(vote.measure, person=person),
                "round": vote.round,
                "score": vote.score,
                "cast": _when(vote.created_at),
                "changed": _when(vote.updated_at),
            }
            for vote in votes
        ],
        "ratings": [
            {
                "map": rating.map.title,
                "statement": _statement(rating.node, person=person),
                "score": rating.score,
                "rated": _when(rating.created_at),
                "changed": _when(rating.updated_at),
            }
            for rating in ratings
        ],
        "flags": [
            {
                "map": flag.node.map.title,
                "statement": _statement(flag.node, person=person),
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "raised": _when(flag.created_at),
            }
            for flag in flags
        ],
    }


CSV_HEADER = ["record", "map", "when", "statement", "text", "details"]


def personal_data_csv(data: dict[str, Any]) -> str:
    """The same data as one table a spreadsheet opens: a row per record, what it is in the first column."""
    rows: list[list[Any]] = []
    account = data["account"]
    rows.append(["account", "", account["joined"], "", account["name"], f"sign-in name: {account['sign_in_name']}"])
    for item in data["classes"]:
        details = f"role: {item['role']}; pseudonym: {item['pseudonym']}; teacher: {item['teacher']}"
        rows.append(["class", "", item["joined"], "", item["class"], details])
    for item in data["statements"]:
        note = f"; teacher's note: {item['teacher_note']}" if item["teacher_note"] else ""
        details = f"{item['kind']}; {item['status']}{note}"
        rows.append(["statement", item["map"], item["written"], item["id"], item["text"], details])
    for item in data["earlier_wordings"]:
        rows.append(["earlier wording", "", item["replaced"], item["statement"], item["text"], ""])
    for item in data["links"]:
        details = f"{item['relation']} {item['to']['id']}: {item['to']['text']}"
        rows.append(["link", item["map"], item["made"], item["from"]["id"], item["from"]["text"], details])
    for item in data["votes"]:
        details = f"score {item['score']} of 5, {item['round']} round"
        rows.append(["vote", item["map"], item["changed"], item["measure"]["id"], item["measure"]["text"], details])
    for item in data.get("ratings", []):
        details = f"rated {item['score']} of 5 for how convincing it is"
        statement = item["statement"]
        rows.append(["rating", item["map"], item["changed"], statement["id"], statement["text"], details])
    for item in data["flags"]:
        note = f"; note: {item['note']}" if item["note"] else ""
        details = f"{item['reason']}; {item['status']}{note}"
        rows.append(["flag", item["map"], item["raised"], item["statement"]["id"], item["statement"]["text"], details])
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read names and statements as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()
