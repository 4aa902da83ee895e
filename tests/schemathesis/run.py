"""`make schemathesis`: the API against its own OpenAPI schema, as a student, a teacher and an admin.

Seeds a scratch SQLite database with `manage.py seed` (DEBUG on, so the demo accounts exist), reads real ids
from it (a debate of the demo class for each person, one of its measures, the class, a classmate, a flag, a
library source, a statement of the public map), serves argmap on it with gunicorn (DEBUG off, as in
production; HTTP Basic stays on outside ARGMAP_ENV=production) and runs schemathesis with every check and a
bounded number of examples (tests/schemathesis/schemathesis.toml), one run per person, side by side.
Exits non-zero on any failure. Whatever the runs write stays in the scratch database, deleted at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
IDENTITIES = [("student", "learn-argmap-1"), ("teacher", "teach-argmap-1"), ("admin", "curate-argmap-1")]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def prepare() -> dict[str, dict[str, int | str]]:
    """In a child process on the scratch database: migrate, seed, and the ids each person's run should use.

    The three runs go side by side, so each acts on a debate of its own in the demo class: the teacher hiding,
    merging or moving statements on hers never turns the student's statement into a 404 mid-run.
    """
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", verbosity=0)

    from django.contrib.auth import get_user_model

    from argmap.classrooms.models import Classroom
    from argmap.classrooms.services import debate_start
    from argmap.interchange.services import import_preview
    from argmap.maps.models import Map, NodeKind, Source
    from argmap.maps.services import contribution_create
    from argmap.moderation.services import flag_raise

    classroom = Classroom.objects.get(name="10B History")
    people = {membership.user.username: membership.user for membership in classroom.memberships.all()}
    public = Map.objects.get(slug="destalinisation")
    debates = {
        "student": Map.objects.filter(classroom=classroom).order_by("id").first(),
        "teacher": debate_start(classroom=classroom, by=classroom.teacher, source=public, title="Teacher's run"),
        "admin": debate_start(classroom=classroom, by=classroom.teacher, source=public, title="Admin's run"),
    }
    ids = {}
    for username, debate in debates.items():
        measure = debate.nodes.filter(kind=NodeKind.MEASURE).order_by("id").first()
        # A classmate's point with a student's flag on it, so the flag operations have something real to act on.
        point = contribution_create(
            author=people["student2"], target=measure, kind=NodeKind.CLAIM, relation="supports", text="Wheat first."
        )
        ids[username] = {
            "slug": debate.slug,
            "node_id": measure.pk,
            "classroom_id": classroom.pk,
            # The second student: the teacher's password reset never changes the password the student's run uses.
            "user_id": people["student2"].pk,
            "flag_id": flag_raise(node=point, by=people["student"], reason="unkind").pk,
            "source_id": Source.objects.order_by("id").first().pk,
            "public_node_id": public.nodes.filter(kind=NodeKind.EVIDENCE).order_by("id").first().pk,
            # Ratings are of claims and evidence: a classmate's claim, on a map whose teacher turned ratings on.
            "rated_node_id": point.pk,
        }
        Map.objects.filter(pk=debate.pk).update(ratings_open=True)
    # A file each person previewed for import: the teacher's and the admin's own; the student may import
    # nothing, so theirs is the teacher's draft (a 404 for them, as it should be).
    kialo = "1. The Virgin Lands scheme was worth it.\n1.1. Pro: Grain output rose in the first years.\n"
    admin = get_user_model().objects.get(username="admin")
    teachers_draft = import_preview(by=classroom.teacher, text=kialo, classroom=classroom).draft.pk
    drafts = {
        "student": teachers_draft,
        "teacher": teachers_draft,
        "admin": import_preview(by=admin, text=kialo, classroom=None).draft.pk,
    }
    for username in ids:
        ids[username]["draft_id"] = drafts[username]
    return ids


def parameters(ids: dict[str, int | str]) -> str:
    """The config's [parameters]: written here, as TOML integers where the schema says integer (schemathesis
    checks an overridden value against the parameter's schema, and "12" is not an integer)."""
    return f"""
[parameters]
slug = "{ids["slug"]}"
node_id = {ids["node_id"]}
classroom_id = {ids["classroom_id"]}
user_id = {ids["user_id"]}
flag_id = {ids["flag_id"]}
source_id = {ids["source_id"]}
draft_id = {ids["draft_id"]}

# Curation acts on the public map's statements (a class's copy follows them).
[[operations]]
include-path-regex = "^/api/curation/nodes/"
parameters = {{ node_id = {ids["public_node_id"]} }}

# Ratings are of claims and evidence, not measures.
[[operations]]
include-path-regex = "/rating/$"
parameters = {{ node_id = {ids["rated_node_id"]} }}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(names: list[str]) -> int:
    # Stopped from outside (Ctrl-C, CI's timeout): still stop the server and delete the scratch folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scratch = Path(tempfile.mkdtemp(prefix="argmap-schemathesis-"))
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "ARGMAP_ENV")}
    env.update(
        DATABASE_URL=f"sqlite:///{scratch / 'api.sqlite3'}",
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="tests.schemathesis.settings",
        PYTHONPATH=str(ROOT),
    )
    started = time.monotonic()
    prepared = subprocess.run(
        [sys.executable, __file__, "--prepare"], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if prepared.returncode:
        say(prepared.stdout + prepared.stderr)
        return 1
    ids = json.loads(prepared.stdout.strip().splitlines()[-1])
    for username, values in ids.items():
        say(f"Real ids from the demo data for {username}: " + ", ".join(f"{k}={v}" for k, v in values.items()))
        (scratch / f"{username}.toml").write_text(CONFIG.read_text() + parameters(values))
    port = free_port()
    log = (scratch / "server.log").open("w")
    server = subprocess.Popen(
        [BIN / "gunicorn", "argmap.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
        # Served with DEBUG off, as in production: errors answer as a school would see them (JSON under /api/).
        env={**env, "DEBUG": "false"},
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    failed = []
    runs: dict[str, tuple[subprocess.Popen, object]] = {}
    try:
        # One schemathesis per person, side by side: the server's two workers keep both cores busy, where one
        # person at a time would leave one idle. Each one's report is printed whole once all have finished.
        for username, password in [(name, word) for name, word in IDENTITIES if name in names or not names]:
            report = (scratch / f"{username}.log").open("w")
            command = [
                BIN / "st",
                "--config-file",
                scratch / f"{username}.toml",
                "run",
                f"http://127.0.0.1:{port}/api/schema/",
                "--auth",
                f"{username}:{password}",
                "--wait-for-schema",
                "30",
                "--no-color",
            ]
            runs[username] = (
                subprocess.Popen(command, env=env, cwd=scratch, stdout=report, stderr=subprocess.STDOUT),
                report,
            )
        for username, (run, report) in runs.items():
            run.wait(timeout=600)
            report.close()
            say(f"== schemathesis as {username} ==")
            say((scratch / f"{username}.log").read_text())
            say(f"== {username}: {'passed' if run.returncode == 0 else 'FAILED'} ==")
            if run.returncode:
                failed.append(username)
    finally:
        for run, _ in runs.values():
            if run.poll() is None:
                run.kill()
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if failed:
            say("The server's log:\n" + (scratch / "server.log").read_text()[-20000:])
        shutil.rmtree(scratch, ignore_errors=True)
    say(
        f"schemathesis: {'failed as ' + ', '.join(failed) if failed else 'passed'} ({time.monotonic() - started:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        say(json.dumps(prepare()))
    else:
        sys.exit(main(sys.argv[1:]))  # `run.py teacher`: only as the teacher
