"""pg_trgm on PostgreSQL, for similarity() in maps.selectors.statements_like; nothing on SQLite."""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("maps", "0004_edge_context_node_added_by_curator")]

    operations = [TrigramExtension()]
