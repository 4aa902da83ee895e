"""Named people and maps that the tests share, built once here."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from argmap.classrooms.models import Classroom
from argmap.classrooms.services import classroom_create, debate_start
from argmap.maps.models import Map, Node, NodeKind
from tests.generated import generated_map
from tests.helpers import add_student

ESSAY_MAP_SLUG = "destalinisation"


def redis_url_for_worker(url: str, worker: int) -> str:
    """REDIS_URL with its database number moved up by `worker`: redis://host:6379/10 is DB 10, 11, … for gw0, gw1, …

    The number is the URL's path (redis://, rediss://) or its ?db= (unix:// sockets, or when given); none is DB 0.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "db" in query or parts.scheme == "unix":
        query["db"] = [str(int(query.get("db", ["0"])[0]) + worker)]
        return f"{url.partition('?')[0]}?{urlencode(query, doseq=True)}"
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + worker}"))


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs `-n auto`), each worker gets its own Redis database.

    Every test empties the cache first (`_empty_cache` below), and on Redis that flushes the whole database: two
    workers sharing one would wipe each other's cache, rate-limit counts and sessions mid-test. Worker gwN uses the
    REDIS_URL's database + N (CI's redis://…/1 is DB 1 and 2 on two cores), so a run on W workers uses W databases
    from the given one up (Redis has 16 unless configured otherwise). The test databases need nothing here:
    pytest-django names them per worker (test_argmap_gw0, …; SQLite's are in memory, or ARGMAP_TEST_SQLITE_gw0).
    """
    worker = getattr(config, "workerinput", {}).get("workerid")
    url = os.environ.get("REDIS_URL")
    if not (worker and url):
        return
    from django.conf import settings
    from django.test.signals import setting_changed

    os.environ["REDIS_URL"] = redis_url_for_worker(url, int(worker.removeprefix("gw")))  # for subprocesses too
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": os.environ["REDIS_URL"]},
    }
    # Django's own reset for a changed CACHES: any cache connection made before now is closed and made again.
    setting_changed.send(sender=None, setting="CACHES", value=settings.CACHES, enter=True)


def _load_essay_map(using: str = DEFAULT_DB_ALIAS) -> None:
    call_command("loaddata", "destalinisation", database=using, verbosity=0)


def _load_essay_map_after_flush(sender, *, using: str, **kwargs) -> None:
    # post_migrate is sent once per installed app after a flush; the maps app's turn is the one to act on.
    if sender.label == "maps":
        _load_essay_map(using)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the essay map loaded once and committed, so each test's rollback leaves it there.

    A transactional test (transaction=True, live_server) ends by emptying every table, then Django sends
    post_migrate (as it does to restore content types); loading the essay map again on that signal means the
    tests that follow find it, whatever order they run in.
    """
    with django_db_blocker.unblock():
        _load_essay_map()
    post_migrate.connect(_load_essay_map_after_flush, dispatch_uid="tests-essay-map")
    yield
    post_migrate.disconnect(dispatch_uid="tests-essay-map")


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_user(
        username="ada", password="curate-pass-1", display_name="Ada Admin", is_staff=True
    )


@pytest.fixture
def superuser(admin):
    """The admin with every model permission too, as the seeded admin has, to use the Django admin."""
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    return admin


@pytest.fixture
def teacher(django_user_model):
    return django_user_model.objects.create_user(
        username="ms-rivera", password="teach-pass-1", display_name="Ms Rivera", is_teacher=True
    )


@pytest.fixture
def other_teacher(django_user_model):
    return django_user_model.objects.create_user(
        username="mr-okafor", password="teach-pass-2", display_name="Mr Okafor", is_teacher=True
    )


@pytest.fixture
def classroom(teacher) -> Classroom:
    return classroom_create(teacher=teacher, name="10B History")


@pytest.fixture
def other_classroom(other_teacher) -> Classroom:
    return classroom_create(teacher=other_teacher, name="11A History")


@pytest.fixture
def student(classroom):
    return add_student(classroom, "Sam K", "sam")


@pytest.fixture
def second_student(classroom):
    return add_student(classroom, "Alex P", "alex")


@pytest.fixture
def outsider(other_classroom):
    """A student of another class."""
    return add_student(other_classroom, "Jo B", "jo")


@pytest.fixture
def essay_map(db) -> Map:
    """The essay map, already in the database: loaded once per session by django_db_setup."""
    return Map.objects.get(slug=ESSAY_MAP_SLUG)


@pytest.fixture
def class_map(classroom, teacher, essay_map) -> Map:
    """The teacher's class's own copy of the essay map: only that class sees it."""
    return debate_start(classroom=classroom, by=teacher, source=essay_map)


@pytest.fixture
def measure(class_map) -> Node:
    return class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")


@pytest.fixture
def build_map(db) -> Callable[..., Map]:
    """A generated map: a question, `measures` measures, and layers of claims and counterclaims under each."""

    def build(*, slug: str = "generated", measures: int = 10, per_measure: int = 99) -> Map:
        return generated_map(slug=slug, measures=measures, per_measure=per_measure)

    return build


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Passwords are still checked, with a quick hash: the strength of hashing is not what tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (Redis when REDIS_URL is set), so none sees another's entries."""
    from django.core.cache import cache

    cache.clear()
