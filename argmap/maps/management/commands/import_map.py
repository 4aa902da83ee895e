"""manage.py import_map FILE --format json [--slug S]: create a new map from a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap.interchange import argmap_json
from argmap.interchange.services import map_import


class Command(BaseCommand):
    help = "Create a new map from FILE (use - for standard input). Nothing is saved if any part is invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--slug", help="The new map's slug (default: the one in the file).")

    def handle(self, *args: object, file: str, format: str, slug: str | None, **options: object) -> None:
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            document = argmap_json.parse(json.loads(text))
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON (line {error.lineno}, column {error.colno}).") from error
        except argmap_json.DocumentError as error:
            raise CommandError("The file cannot be imported:\n  " + "\n  ".join(error.problems)) from error
        try:
            map = map_import(document=document, slug=slug)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Imported “{map.title}” as {map.slug}: {len(document.nodes)} nodes, {len(document.edges)} edges."
        )
