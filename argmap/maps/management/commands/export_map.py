"""manage.py export_map SLUG --format json: write a map to standard output."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap.interchange import argmap_json
from argmap.interchange.services import map_document
from argmap.maps.models import Map


class Command(BaseCommand):
    help = "Write the map SLUG to standard output in the chosen format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: object, slug: str, format: str, **options: object) -> None:
        map = Map.objects.filter(slug=slug).first()
        if map is None:
            raise CommandError(f"No map has the slug “{slug}”.")
        document = argmap_json.dump(map_document(map=map))
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
