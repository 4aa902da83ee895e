"""The bench's own environment: production settings, a fresh PostgreSQL database and an empty Redis database.

Set before Django starts, and inherited by the gunicorn servers, so the bench process (which builds the data and
signs people in) and the servers read the same database, cache, sessions and secret key.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/argmap_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
# The run's files (collected static files, wrk's vote lists), removed at the end.
FOLDER = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
UNLIMITED = "100000/minute"  # hundreds of students vote as fast as the server answers: no rate limit may stop them


def production_environment() -> dict[str, str]:
    """The variables argmap reads, as a production server behind an HTTPS proxy would have them."""
    return {
        "ARGMAP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "WRITE_RATE_PER_PERSON": UNLIMITED,
        "WRITE_RATE_PER_CLASS": UNLIMITED,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(FOLDER / "static"),
    }


def remove_folder() -> None:
    shutil.rmtree(FOLDER, ignore_errors=True)


def fresh_database() -> None:
    """Drop the bench's database and create it empty (connected to the server's `postgres` database)."""
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_DATABASE_URL names an odd database: {name!r}")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def empty_redis() -> None:
    """Empty the bench's own Redis database (only that one: FLUSHDB, never FLUSHALL)."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def versions() -> dict[str, str]:
    """The PostgreSQL and Redis servers' versions, for the report."""
    with psycopg.connect(DATABASE_URL) as connection:
        postgresql = connection.execute("SHOW server_version").fetchone()[0]
    return {"PostgreSQL": postgresql.split()[0], "Redis": redis.Redis.from_url(REDIS_URL).info()["redis_version"]}
