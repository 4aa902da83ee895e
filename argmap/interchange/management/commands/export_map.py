"""manage.py export_map SLUG --format {json,aif,argdown,csv}: write a map to standard output."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap.interchange import aif, argdown, argmap_json, formats
from argmap.interchange.services import map_document
from argmap.maps.models import Map

WRITERS = {
    "json": lambda document: json.dumps(argmap_json.dump(document), ensure_ascii=False, indent=2),
    "aif": lambda document: json.dumps(aif.to_aif(document), ensure_ascii=False, indent=2),
    "argdown": argdown.to_argdown,
    "csv": formats.to_csv,
}


class Command(BaseCommand):
    help = "Write the map SLUG to standard output: json (argmap's own, lossless), aif, argdown or csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")

    def handle(self, *args: object, slug: str, format: str, **options: object) -> None:
        map = Map.objects.filter(slug=slug).first()
        if map is None:
            raise CommandError(f"No map has the slug “{slug}”.")
        self.stdout.write(WRITERS[format](map_document(map=map)), ending="" if format == "csv" else "\n")
