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
from argmap.maps.services import maps_lock, maps_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet

CURATABLE_KINDS = (NodeKind.CLAIM, NodeKind.EVIDENCE)
SOURCE_FIELDS = ("title", "author", "year", "publisher", "url", "page", "quote")
CSV_COLUMNS = (*SOURCE_FIELDS, "status", "curator_note")
NOTE_MAX_LENGTH = 1000
# What one CSV import takes: a library grows by hand-checked sources, not by the tens of thousands at once.
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 5000


def require_curator(person: AbstractBaseUser) -> None:
    if not permissions.is_admin(person):
        raise PermissionDenied("Only admins curate evidence and sources.")


def node_curate(*, node: Node, by: AbstractBaseUser, status: str, note: str = "") -> Node:
    """Verify, dispute or reset a statement, with a note everyone sees, in every copy of it."""
    require_curator(by)
    if node.kind not in CURATABLE_KINDS:
        raise ValidationError({"node": "Only claims and evidence are curated."})
    status, note = verdict_clean(status=status, note=note)
    with transaction.atomic():
        before = {"curation_status": node.curation_status, "curator_note": node.curator_note}
        after = {"curation_status": status, "curator_note": note}
        family = _family(node)
        # The maps' locks first, as graph writes take them (a merge hides statements): no deadlock between them.
        maps_lock(map_ids=family.values_list("map_id", flat=True))
        family.update(curation_status=status, curator_note=note, reviewed_at=timezone.now())
        CurationRecord.objects.create(node=node, actor=by, change="curation", before=before, after=after, note=note)
        _touch_maps(family)
    node.curation_status, node.curator_note = status, note
    return node


def verdict_clean(*, status: str, note: str) -> tuple[str, str]:
    """A verdict and its note as node_curate saves them, or a ValidationError per field: the rules forms (the
    admin's change form of a statement) ask before saving, so their errors show beside the fields."""
    errors: dict[str, str] = {}
    cleaned = (note or "").strip()
    if status not in CurationStatus.values:
        errors["status"] = "Choose verified, disputed or unreviewed."
    if len(cleaned) > NOTE_MAX_LENGTH:
        errors["note"] = f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer (this one has {len(cleaned)})."
    elif status == CurationStatus.DISPUTED and not cleaned:
        errors["note"] = "Say why it is disputed, so students can see what to check."
    if errors:
        raise ValidationError(errors)
    return status, cleaned


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
        # The maps' locks first, as graph writes take them (a merge hides statements): no deadlock between them.
        maps_lock(map_ids=family.values_list("map_id", flat=True))
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

    At most CSV_MAX_BYTES and CSV_MAX_ROWS; a file that isn't well-formed CSV (a quote never closed, a cell past
    Python's csv limit of 131,072 characters, a NUL character) is refused at the line where the trouble starts.
    """
    require_curator(by)
    if len(text.encode("utf-8", "surrogatepass")) > CSV_MAX_BYTES:
        raise ImportFailed([ImportProblem(1, f"The file is larger than {CSV_MAX_BYTES // 1024 // 1024} MB: split it.")])
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed([ImportProblem(line, NUL_IN_FILE)])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    rows: list[dict[str, Any]] = []
    problems: list[ImportProblem] = []
    first_line = 1  # where the row being read starts, even if a quoted cell runs over lines
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        if "title" not in header:
            raise ImportFailed([ImportProblem(1, "The first row must name the columns, with at least “title”.")])
        unknown = [name for name in header if name not in CSV_COLUMNS]
        if unknown:
            raise ImportFailed([ImportProblem(1, f"Unknown column(s): {', '.join(unknown)}.")])
        while True:
            first_line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(problems) >= CSV_MAX_ROWS:
                raise ImportFailed([ImportProblem(first_line, f"Import at most {CSV_MAX_ROWS} sources at a time.")])
            if len(cells) > len(header):
                problems.append(ImportProblem(first_line, TOO_MANY_CELLS))
                continue
            fields = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
            try:
                rows.append(source_fields_clean(fields))
            except ValidationError as error:
                messages = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items())
                problems.append(ImportProblem(first_line, messages))
    except csv.Error as error:
        raise ImportFailed([*problems, ImportProblem(first_line, _malformed(error))]) from error
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([ImportProblem(2, "The file has no sources under its header row.")])
    with transaction.atomic():
        return [source_save(by=by, **fields) for fields in rows]


NUL_IN_FILE = (
    "This line holds a NUL character, which is not text. Open the file in your spreadsheet and save it again "
    "as “CSV UTF-8”."
)
TOO_MANY_CELLS = "This row has more cells than the header has columns; put text that contains commas in quotes."


def _malformed(error: csv.Error) -> str:
    """What Python's csv module found, in words: it names the character, not the cell or what to do."""
    reason = str(error)
    if "unexpected end of data" in reason:
        return 'A quoted cell starts on this line and is never closed: add the closing quote (").'
    if "field larger than field limit" in reason:
        return f"A cell on this line is longer than {csv.field_size_limit():,} characters."
    if "expected after" in reason:
        return 'A quote ends in the middle of a cell: quote the whole cell, and write a quote inside it as "".'
    return f"This line is not well-formed CSV ({reason})."


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
