"""manage.py import_map FILE --format {json,aif,kialo,argdown} [--slug S]: create a new map from a file."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap.interchange import argmap_json, readers
from argmap.interchange.readers import MAX_BYTES, READERS
from argmap.interchange.services import free_slug, map_import


class Command(BaseCommand):
    help = "Create a new map from FILE (- for standard input). Nothing is saved if any part is invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=sorted(READERS), default="json")
        parser.add_argument("--slug", help="The new map's slug (default: the file's, or one made from its title).")
        parser.add_argument(
            "--keep-rebuttals",
            action="store_true",
            help="Import two statements that attack each other without the second direction (refused otherwise).",
        )

    def handle(
        self, *args: object, file: str, format: str, slug: str | None, keep_rebuttals: bool, **options: object
    ) -> None:
        text = _read(file)
        try:
            imported = readers.read(format, text, keep_rebuttals=keep_rebuttals)
        except argmap_json.DocumentError as error:
            raise CommandError("The file cannot be imported:\n  " + "\n  ".join(error.problems)) from error
        document = imported.document
        slug = slug or document.map.get("slug") or free_slug(document.map.get("title") or "imported-map")
        try:
            map = map_import(document=document, slug=slug)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Imported “{map.title}” as {map.slug}: {len(document.nodes)} nodes, {len(document.edges)} edges."
        )
        for note in imported.notes:
            self.stdout.write(f"  {note}")


def _read(file: str) -> str:
    """The file's text (standard input for -), or a CommandError saying why not: unreadable, too large, not UTF-8."""
    too_large = f"{file} is larger than {MAX_BYTES // 1024 // 1024} MB; a map's file is far smaller."
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(file)
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(too_large)
            data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
    if len(data) > MAX_BYTES:
        raise CommandError(too_large)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{file} is not UTF-8 text (byte {error.start + 1}).") from error
