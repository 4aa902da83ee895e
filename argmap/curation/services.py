"""Curation writes, for admins only: verify or dispute statements, attach sources, keep the source library.

Every change is one transaction with a CurationRecord (who, when, before, after, note). A verdict on a
statement of a public map reaches every class's copy of it, so every class sees how solid it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.curation.models import CurationRecord
from argmap.maps.models import CurationStatus, Node, NodeKind, Source
from argmap.maps.services import maps_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet

CURATABLE_KINDS = (NodeKind.CLAIM, NodeKind.EVIDENCE)
SOURCE_FIELDS = ("title", "author", "year", "publisher", "url", "page", "quote")
CSV_COLUMNS = (*SOURCE_FIELDS, "status", "curator_note")
NOTE_MAX_LENGTH = 1000


def require_curator(person: AbstractBaseUser) -> None:
    if not permissions.is_admin(person):
        raise PermissionDenied("Only admins curate evidence and sources.")


def node_curate(*, node: Node, by: AbstractBaseUser, status: str, note: str = "") -> Node:
    """Verify, dispute or reset a statement, with a note everyone sees, in every copy of it."""
    require_curator(by)
    if status not in CurationStatus.values:
        raise ValidationError({"status": "Choose verified, disputed or unreviewed."})
    if node.kind not in CURATABLE_KINDS:
        raise ValidationError({"node": "Only claims and evidence are curated."})
    note = _clean_note(note)
    if status == CurationStatus.DISPUTED and not note:
        raise ValidationError({"note": "Say why it is disputed, so students can see what to check."})
    with transaction.atomic():
        before = {"curation_status": node.curation_status, "curator_note": node.curator_note}
        after = {"curation_status": status, "curator_note": note}
        family = _family(node)
        family.update(curation_status=status, curator_note=note, reviewed_at=timezone.now())
        CurationRecord.objects.create(node=node, actor=by, change="curation", before=before, after=after, note=note)
        _touch_maps(family)
    node.curation_status, node.curator_note = status, note
    return node


def nodes_curate(*, nodes: Iterable[Node], by: AbstractBaseUser, status: str, note: str = "") -> int:
    """The same verdict on many statements at once: all of them, or none."""
    chosen = list(nodes)
    with transaction.atomic():
        for node in chosen:
            node_curate(node=node, by=by, status=status, note=note)
    return len(chosen)


def node_attach_source(*, node: Node, by: AbstractBaseUser, source: Source | None) -> Node:
    """Point a statement (and its copies) at a source from the library, or at none."""
    require_curator(by)
    if node.kind not in CURATABLE_KINDS:
        raise ValidationError({"node": "Only claims and evidence cite sources."})
    with transaction.atomic():
        before = {"source": node.source_id}
        family = _family(node)
        family.update(source=source)
        CurationRecord.objects.create(
            node=node, actor=by, change="source", before=before, after={"source": source.pk if source else None}
        )
        _touch_maps(family)
    node.source = source
    return node


def source_save(*, by: AbstractBaseUser, source: Source | None = None, **changes: Any) -> Source:
    """Create a source or change its fields, keeping what it was before in its history."""
    require_curator(by)
    unknown = set(changes) - set(SOURCE_FIELDS) - {"status", "curator_note"}
    if unknown:
        raise ValidationError({name: "Sources have no such field." for name in unknown})
    cleaned = source_fields_clean(
        {**({name: getattr(source, name) for name in CSV_COLUMNS} if source else {}), **changes}
    )
    with transaction.atomic():
        if source is None:
            source = Source.objects.create(**cleaned)
            CurationRecord.objects.create(source=source, actor=by, change="created", after=dict(cleaned))
            return source
        before = {name: getattr(source, name) for name in cleaned if getattr(source, name) != cleaned[name]}
        if not before:
            return source
        after = {name: cleaned[name] for name in before}
        for name, value in after.items():
            setattr(source, name, value)
        source.updated_at = timezone.now()
        source.save()
        CurationRecord.objects.create(
            source=source,
            actor=by,
            change="status" if set(after) <= {"status", "curator_note"} else "edited",
            before=before,
            after=after,
            note=after.get("curator_note", ""),
        )
        _touch_maps(Node.objects.filter(source=source))
    return source


def sources_set_status(*, sources: Iterable[Source], by: AbstractBaseUser, status: str, note: str = "") -> int:
    """Verify, dispute or reset many sources at once, each change in their history."""
    require_curator(by)
    if status not in CurationStatus.values:
        raise ValidationError({"status": "Choose verified, disputed or unreviewed."})
    chosen = list(sources)
    with transaction.atomic():
        for source in chosen:
            source_save(by=by, source=source, status=status, curator_note=_clean_note(note))
    return len(chosen)


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


class ImportFailed(ValidationError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__([str(problem) for problem in problems])
        self.problems = problems


def sources_import_csv(*, text: str, by: AbstractBaseUser) -> list[Source]:
    """Sources from CSV text with a header row (title required; author, year, publisher, url, page, quote,
    status, curator_note optional). Every row is checked first; any problem and nothing is saved.
    """
    require_curator(by)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(reader, [])]
    if "title" not in header:
        raise ImportFailed([ImportProblem(1, "The first row must name the columns, with at least “title”.")])
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFailed([ImportProblem(1, f"Unknown column(s): {', '.join(unknown)}.")])
    rows: list[dict[str, Any]] = []
    problems: list[ImportProblem] = []
    while True:
        first_line = reader.line_num + 1  # where the row starts, even if a quoted cell runs over lines
        cells = next(reader, None)
        if cells is None:
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                ImportProblem(
                    first_line,
                    "This row has more cells than the header has columns; put text that contains commas in quotes.",
                )
            )
            continue
        fields = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
        try:
            rows.append(source_fields_clean(fields))
        except ValidationError as error:
            messages = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items())
            problems.append(ImportProblem(first_line, messages))
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([ImportProblem(2, "The file has no sources under its header row.")])
    with transaction.atomic():
        return [source_save(by=by, **fields) for fields in rows]


def source_fields_clean(fields: dict[str, Any]) -> dict[str, Any]:
    """A source's fields as they will be saved, or a ValidationError per field: the rules of source_save,
    which forms (the admin's) ask before saving so their errors show beside the fields.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {name: str(fields.get(name) or "").strip() for name in CSV_COLUMNS if name != "year"}
    if not cleaned["title"]:
        errors["title"] = "A source needs a title."
    year = fields.get("year")
    cleaned["year"] = None
    if year not in (None, ""):
        try:
            cleaned["year"] = int(year)
        except (TypeError, ValueError):
            errors["year"] = f"“{year}” is not a year."
        else:
            if not 1 <= cleaned["year"] <= timezone.now().year:
                errors["year"] = f"{year} is not a year a source could be from."
    if cleaned["url"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["url"])
        except ValidationError:
            errors["url"] = "That link is not a web address (http:// or https://)."
    cleaned["status"] = cleaned["status"] or CurationStatus.UNVERIFIED
    if cleaned["status"] not in CurationStatus.values:
        errors["status"] = "Status must be unverified, verified or disputed."
    elif cleaned["status"] == CurationStatus.DISPUTED and not cleaned["curator_note"]:
        errors["curator_note"] = "Say why the source is disputed."
    limits = {"title": 300, "author": 200, "publisher": 200, "url": 500, "page": 60}
    for name, limit in limits.items():
        if len(cleaned[name]) > limit:
            errors[name] = f"At most {limit} characters."
    if errors:
        raise ValidationError(errors)
    return cleaned


def _family(node: Node):
    """The statement of the public map and every class's copy of it."""
    root = node.origin_id or node.pk
    return Node.objects.filter(Q(pk=root) | Q(origin_id=root))


def _touch_maps(nodes: QuerySet[Node]) -> None:
    """Bump once the revision of every map that holds one of these statements: one UPDATE for all copies."""
    maps_touch(map_ids=nodes.values_list("map_id", flat=True))


def _clean_note(note: str) -> str:
    cleaned = (note or "").strip()
    if len(cleaned) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer."})
    return cleaned
