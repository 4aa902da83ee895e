"""The backup procedure of docs/operations.md works: a backup restored into an empty database holds every map,
vote, audit entry and account, and every other row, of the database it was taken from.

Each database's own tools, as the guide gives them: SQLite's backup API (what `sqlite3 db.sqlite3 ".backup …"`
and `".restore …"` run), and pg_dump / pg_restore for PostgreSQL. Each CI leg runs the test for its database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess

import psycopg
import pytest
from django.db import connection

from argmap.classrooms.services import classroom_archive, student_password_reset
from argmap.curation.services import node_curate
from argmap.maps.models import Map
from argmap.maps.services import contribution_create
from argmap.moderation.services import node_hide
from argmap.votes.services import vote_cast

ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRESQL = connection.vendor == "postgresql"

# The rows a school would miss first, named by table: every map, vote, audit entry and account.
ESSENTIAL = {
    "maps_map": "maps",
    "votes_vote": "votes",
    "moderation_auditentry": "moderation audit entries",
    "classrooms_classauditentry": "class history entries",
    "curation_curationrecord": "curation records",
    "accounts_user": "accounts",
}


@pytest.fixture
def school(teacher, admin, classroom, class_map, measure, student, second_student):
    """A year's work: replies, votes in both classes' maps, moderation, curation, a reset, an archived class."""
    reply = contribution_create(author=student, target=measure, kind="claim", relation="supports", text="Grain rose.")
    unkind = contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text="Meh.")
    vote_cast(voter=student, measure=measure, score=4)
    vote_cast(voter=second_student, measure=measure, score=2)
    node_hide(node=unkind, by=teacher, reason="Not an argument.")
    node_curate(node=reply, by=admin, status="verified", note="Checked against the yearbook.")
    student_password_reset(classroom=classroom, by=teacher, student=student)
    classroom_archive(classroom=classroom, by=teacher)
    assert Map.objects.filter(classroom=classroom).exists()


def _rows(cursor, tables: list[str], *, select: str = 'SELECT * FROM "{table}"') -> dict[str, set[tuple]]:
    """Every row of every table, as the database gives it back: what the restored copy must hold too."""
    rows = {}
    for table in tables:
        cursor.execute(select.format(table=table))  # table names from the database's own catalogue
        rows[table] = {tuple(str(value) for value in row) for row in cursor.fetchall()}
    return rows


# Each row as PostgreSQL writes it as text (timestamps in UTC): the same whichever client library reads it.
AS_TEXT = 'SELECT "{table}"::text FROM "{table}"'


def _argmap_tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _assert_same(original: dict[str, set[tuple]], restored: dict[str, set[tuple]]) -> None:
    for table, what in ESSENTIAL.items():
        assert original[table], f"the test made no {what}"
        assert restored[table] == original[table], f"the restored database lost {what}"
    assert restored == original


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's backup: this run's database is PostgreSQL (the other test)")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restored_into_an_empty_database_holds_everything(school, tmp_path):
    with connection.cursor() as cursor:
        original = _rows(cursor, _argmap_tables())
    backup_file, restored_file = tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"

    connection.ensure_connection()
    with sqlite3.connect(backup_file) as backup:  # sqlite3 db.sqlite3 ".backup backup.sqlite3"
        connection.connection.backup(backup)
    with sqlite3.connect(backup_file) as backup, sqlite3.connect(restored_file) as empty:
        assert not empty.execute("SELECT name FROM sqlite_master").fetchall()
        backup.backup(empty)  # sqlite3 restored.sqlite3 ".restore backup.sqlite3"

    # Read with the same column types Django reads the original with (its converters are sqlite3's, global).
    with sqlite3.connect(restored_file, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copy = _rows(restored.cursor(), list(original))
    _assert_same(original, copy)


def _run(*command: str, environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore: this run's database is SQLite (the other test)")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_dump_restored_into_an_empty_database_holds_everything(school, tmp_path):
    with connection.cursor() as cursor:
        original = _rows(cursor, _argmap_tables(), select=AS_TEXT)
    database = connection.settings_dict
    scratch = f"{database['NAME']}_restored"
    host, port, user = database["HOST"] or "127.0.0.1", str(database["PORT"] or 5432), database["USER"] or "postgres"
    server = {"host": host, "port": port, "user": user, "password": database["PASSWORD"] or None}
    environment = os.environ | {"PGPASSWORD": database["PASSWORD"] or ""}
    where = ["-h", host, "-p", port, "-U", user]
    dump = str(tmp_path / "argmap.dump")

    _run("pg_dump", *where, "--format=custom", "--file", dump, database["NAME"], environment=environment)
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        maintenance.execute(f'CREATE DATABASE "{scratch}"')  # empty, as on a new server
    try:
        _run("pg_restore", *where, "--no-owner", "--exit-on-error", "--dbname", scratch, dump, environment=environment)
        with psycopg.connect(**server, dbname=scratch, options="-c TimeZone=UTC") as restored:
            copy = _rows(restored.cursor(), list(original), select=AS_TEXT)
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    _assert_same(original, copy)
