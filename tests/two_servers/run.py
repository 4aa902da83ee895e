"""`make two-servers`: two argmap servers on one PostgreSQL and one Redis agree on everything they show.

Production as a school would run it (ARGMAP_ENV=production, a long SECRET_KEY, ALLOWED_HOSTS, HTTPS ended by a
proxy that says so with `X-Forwarded-Proto: https`, static files collected and served by whitenoise), two
gunicorn servers of two workers each on free ports: server A with psycopg's connection pool (DATABASE_POOL=4),
server B with Django's persistent connections (CONN_MAX_AGE). Each server collects its static files into a folder
of its own, as two machines would.

On a scratch database (created here, migrated, seeded, with a pre-moderated class debate, a teacher and four
students), the people sign in through the real sign-in form and then use both servers in turn, as a load balancer
would send them: a session made on one server is used on the other; students vote and add points through the
pages' forms and through the API; the teacher approves, rejects and hides. Then both servers must show the same:
the map page for each person (apart from CSRF tokens), the API's map document and results, the counts, the ETags
of the page and of the live poll, and an unchanged poll answers 304 on either server with the other's ETag.

Configured by TWO_SERVERS_DATABASE_URL (a PostgreSQL database this check may drop and create; it is dropped at
the end) and TWO_SERVERS_REDIS_URL (a Redis database of its own: it is emptied at the start). Exits non-zero with
what differed on any failure, and stops both servers whatever happens.
"""

from __future__ import annotations

import difflib
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/argmap_two_servers")
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/3")
HOST = "127.0.0.1"  # what the load balancer passes on as Host: the site's one name, whichever server answers
ORIGIN = f"https://{HOST}"
STUDENTS = 4
MEASURES = 3


class Failed(Exception):
    """A check that did not hold: its message says what differed."""


STARTED = time.monotonic()


def say(text: str) -> None:
    if text and not text.startswith((" ", "{")):
        text = f"[{time.monotonic() - STARTED:5.1f} s] {text}"
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def check(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def short_diff(a: str, b: str, a_name: str, b_name: str, lines: int = 40) -> str:
    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(), a_name, b_name, lineterm="", n=1))
    more = f"\n… and {len(diff) - lines} more lines" if len(diff) > lines else ""
    return "\n".join(diff[:lines]) + more


# The scratch database and Redis -------------------------------------------------------------------------------


def maintenance_connection():
    """A connection to the server's `postgres` database, from which the scratch database is dropped and made."""
    import psycopg

    parts = urlsplit(DATABASE_URL)
    return psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)


def scratch_name() -> str:
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    check(re.fullmatch(r"[a-z0-9_]+", name), f"TWO_SERVERS_DATABASE_URL names a database I won't drop: {name!r}")
    return name


def claim_database(connection) -> None:
    """Held until the run ends: a second run on the same database stops here instead of dropping it mid-run."""
    name = scratch_name()
    taken = connection.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [f"argmap-two-servers:{name}"])
    check(taken.fetchone()[0], f"another two-servers run is using the database {name}; wait for it, or set another")


def recreate_database(connection, *, drop_only: bool = False) -> None:
    name = scratch_name()
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not drop_only:
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare() -> dict[str, object]:
    """In a child process with the servers' settings: migrate, seed, and a class debate with its people."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()  # the scratch Redis database: nothing from an earlier run (sessions, revisions) survives
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", verbosity=0)  # production: the essay map only, no demo accounts

    from django.contrib.auth import get_user_model

    from argmap.classrooms.models import Role
    from argmap.classrooms.services import classroom_create, debate_start, membership_add
    from argmap.maps.models import Map, ModerationMode, NodeKind

    User = get_user_model()

    def person(username: str, display_name: str, **flags: bool) -> dict[str, str]:
        password = secrets.token_urlsafe(12)
        user = User(username=username, display_name=display_name, **flags)
        user.set_password(password)
        user.save()
        return {"username": username, "password": password, "display_name": display_name, "id": user.pk}

    teacher = person("rivera", "Ms Rivera", is_teacher=True)
    students = [person(f"pupil{n}", f"Pupil {n}") for n in range(1, STUDENTS + 1)]
    classroom = classroom_create(teacher=User.objects.get(pk=teacher["id"]), name="11C History")
    for student in students:
        membership_add(classroom=classroom, user=User.objects.get(pk=student["id"]), role=Role.STUDENT)
    debate = debate_start(
        classroom=classroom, by=classroom.teacher, source=Map.objects.get(slug="destalinisation"), title="Two servers"
    )
    # Pre-moderated: every point waits for the teacher, so approving and rejecting have something to act on.
    Map.objects.filter(pk=debate.pk).update(moderation_mode=ModerationMode.PRE)
    measures = list(debate.nodes.filter(kind=NodeKind.MEASURE).order_by("id").values_list("id", flat=True))
    return {"slug": debate.slug, "measures": measures[:MEASURES], "teacher": teacher, "students": students}


# Servers ------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    env: dict[str, str]
    log_path: Path
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = free_port()
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                BIN / "gunicorn",
                "argmap.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "--no-control-socket",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its workers too
        )

    def wait_ready(self, deadline: float) -> None:
        retries = 3
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_tail()
                # The free port was taken between the probe and gunicorn's bind: another one.
                if "Address already in use" in log and retries:
                    retries -= 1
                    self.log.close()
                    self.start()
                    continue
                raise Failed(f"server {self.name} stopped while starting:\n{log}")
            try:
                if Browser("probe").get(self, "/help/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise Failed(f"server {self.name} did not answer within 30 s:\n{self.log_tail()}")

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def log_tail(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> object:
        return json.loads(self.body)

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """One person's browser: their cookies (kept by hand, as the cookies are Secure and the proxy's HTTPS is
    only a header here), sent to whichever server the request goes to."""

    name: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, server: Server, method: str, path: str, body: bytes | None = None, **headers: str) -> Answer:
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "argmap-two-servers"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method != "GET":
            sent |= {"Origin": ORIGIN, "Referer": ORIGIN + path}
        sent |= {name.replace("_", "-"): value for name, value in headers.items()}
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.msg, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, server: Server, path: str, **headers: str) -> Answer:
        return self.request(server, "GET", path, **headers)

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def post_form(self, server: Server, path: str, data: dict[str, object], *, expect: int = 302) -> Answer:
        """A form sent as a browser without JavaScript would, then the redirect followed (which shows, and so
        uses up, the one-time message: later pages are compared without it)."""
        body = urlencode({"csrfmiddlewaretoken": self.csrf(), **data}).encode()
        answer = self.request(server, "POST", path, body, Content_Type="application/x-www-form-urlencoded")
        check(
            answer.status == expect,
            f"{self.name}: POST {path} on {server.name} answered {answer.status}, not {expect}:\n{answer.text[:2000]}",
        )
        if answer.status == 302:
            location = urlsplit(answer.header("Location"))
            self.get(server, location.path + (f"?{location.query}" if location.query else ""))
        return answer

    def api(self, server: Server, method: str, path: str, data: object, *, expect: int) -> Answer:
        body = json.dumps(data).encode()
        answer = self.request(
            server,
            method,
            path,
            body,
            Content_Type="application/json",
            X_CSRFToken=self.csrf(),
            Accept="application/json",
        )
        check(
            answer.status == expect,
            f"{self.name}: {method} {path} on {server.name} answered {answer.status}, not {expect}:\n"
            + answer.text[:2000],
        )
        return answer

    def sign_in(self, server: Server, username: str, password: str) -> None:
        form = self.get(server, "/accounts/login/")
        check(form.status == 200, f"{self.name}: the sign-in page on {server.name} answered {form.status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        check(token, f"{self.name}: no CSRF token in the sign-in form on {server.name}")
        body = urlencode({"csrfmiddlewaretoken": token[1], "username": username, "password": password}).encode()
        answer = self.request(
            server, "POST", "/accounts/login/", body, Content_Type="application/x-www-form-urlencoded"
        )
        check(
            answer.status == 302 and "sessionid" in self.cookies,
            f"{self.name}: signing in on {server.name} answered {answer.status}:\n{answer.text[:2000]}",
        )


# The checks ---------------------------------------------------------------------------------------------------

CSRF_TOKENS = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")'),
    re.compile(r'("x-csrftoken": ")[^"]+(")', re.I),
]


def without_csrf(html: str) -> str:
    for pattern in CSRF_TOKENS:
        html = pattern.sub(r"\1…\2", html)
    return html


def agree(browser: Browser, a: Server, b: Server, path: str, *, etag: bool = True) -> Answer:
    """Both servers answer this person the same: the page (CSRF tokens aside) or the JSON document, and the
    same ETag; and with an ETag, each server answers 304 to the other's."""
    first, second = browser.get(a, path), browser.get(b, path)
    check(
        first.status == second.status == 200,
        f"{browser.name}: {path} answered {first.status} on {a.name} and {second.status} on {b.name}",
    )
    etag_a, etag_b = first.header("ETag"), second.header("ETag")
    check(etag_a == etag_b, f"{browser.name}: {path} has ETag {etag_a} on {a.name} but {etag_b} on {b.name}")
    if first.header("Content-Type").startswith("application/json"):
        one, other = (json.dumps(answer.json(), indent=1, sort_keys=True) for answer in (first, second))
    else:
        one, other = without_csrf(first.text), without_csrf(second.text)
    check(
        one == other,
        f"{browser.name}: {path} differs between the servers:\n"
        + short_diff(one, other, f"{a.name} {path}", f"{b.name} {path}"),
    )
    if etag:
        check(etag_a, f"{browser.name}: {path} sent no ETag")
        for server, other_server in ((b, a), (a, b)):
            again = browser.get(server, path, If_None_Match=etag_a)
            check(
                again.status == 304,
                f"{browser.name}: {path} on {server.name} with {other_server.name}'s ETag {etag_a} answered "
                f"{again.status}, not 304 (its ETag: {again.header('ETag')})",
            )
    return first


def live_etag(browser: Browser, a: Server, b: Server, path: str) -> str:
    """The live poll's ETag, the same on both servers, each answering 304 to it."""
    return agree(browser, a, b, path).header("ETag")


def walk(node: object):
    """Every dict inside a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def static_files(browser: Browser, a: Server, b: Server, page: str) -> str:
    """The stylesheet has a hashed name, comes compressed when asked for, is kept for a year, and is the same
    file on both servers (each collected its own)."""
    link = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', page)
    check(link, "the map page links no stylesheet under /static/")
    path = link[1]
    check(re.search(r"\.[0-9a-f]{12}\.css$", path), f"the stylesheet's name has no content hash: {path}")
    bodies = []
    for server in (a, b):
        plain = browser.get(server, path)
        check(plain.status == 200, f"{path} on {server.name} answered {plain.status}")
        packed = browser.get(server, path, Accept_Encoding="gzip, br")
        encoding = packed.header("Content-Encoding")
        check(encoding in {"gzip", "br"}, f"{path} on {server.name} came uncompressed to a browser that takes gzip")
        check(len(packed.body) < len(plain.body), f"{path} on {server.name}: compressed is not smaller")
        if encoding == "gzip":
            check(gzip.decompress(packed.body) == plain.body, f"{path} on {server.name}: gzip is another file")
        cache_control = packed.header("Cache-Control")
        check(
            "immutable" in cache_control and "max-age=315360000" in cache_control,
            f"{path} on {server.name}: Cache-Control is {cache_control!r}, not kept for good",
        )
        bodies.append(plain.body)
    check(bodies[0] == bodies[1], f"{path} differs between the servers")
    say(f"  stylesheet {path}: {len(bodies[0])} bytes, {encoding} {len(packed.body)} bytes, {cache_control}")
    return path


def exercise(servers: list[Server], setup: dict[str, object]) -> None:
    a, b = servers
    slug = setup["slug"]
    measures: list[int] = setup["measures"]
    map_path, live_path, api_path = f"/maps/{slug}/", f"/maps/{slug}/live/", f"/api/maps/{slug}/"
    people = [setup["teacher"], *setup["students"]]
    browsers = {person["username"]: Browser(person["display_name"]) for person in people}
    teacher = browsers[setup["teacher"]["username"]]
    students = [browsers[student["username"]] for student in setup["students"]]

    say("Signing in through the form, each on one server, and using the session on the other")
    for n, person in enumerate(people):
        browser = browsers[person["username"]]
        here, there = servers[n % 2], servers[(n + 1) % 2]
        browser.sign_in(here, person["username"], person["password"])
        account = browser.get(there, "/accounts/")
        check(
            account.status == 200 and person["display_name"] in account.text,
            f"{browser.name} signed in on {here.name}, but {there.name} answered /accounts/ with {account.status} "
            f"{account.header('Location')} (the session is not shared)",
        )

    say("A change on one server shows at once in the other's live poll")
    etag = live_etag(students[0], a, b, live_path)
    students[0].post_form(a, f"/maps/{slug}/nodes/{measures[0]}/vote/", {"score": 4})
    after = students[0].get(b, live_path, If_None_Match=etag)
    check(
        after.status == 200 and after.header("ETag") != etag,
        f"after a vote on {a.name}, {b.name}'s poll with the old ETag answered {after.status} "
        f"(ETag {after.header('ETag')}): the change is not seen",
    )

    say("Students vote (forms and the API) and add points (forms and the API) through both servers in turn")
    expected_votes: dict[int, dict[int, int]] = {measure: {} for measure in measures}
    expected_votes[measures[0]][0] = 4
    added = 0
    for n, browser in enumerate(students):
        for m, measure in enumerate(measures):
            server = servers[(n + m) % 2]
            score = 1 + (n + 2 * m) % 5
            if m % 2:
                browser.api(server, "PUT", f"{api_path}nodes/{measure}/vote/", {"score": score}, expect=200)
            else:
                browser.post_form(server, f"/maps/{slug}/nodes/{measure}/vote/", {"score": score})
            expected_votes[measure][n] = score
        form_server, api_server = servers[n % 2], servers[(n + 1) % 2]
        browser.post_form(
            form_server,
            f"/maps/{slug}/nodes/{measures[n % MEASURES]}/add/",
            {"relation": "supports", "kind": "claim", "text": f"{browser.name}: point {n} made on {form_server.name}"},
        )
        browser.api(
            api_server,
            "POST",
            f"{api_path}nodes/",
            {
                "target": measures[(n + 1) % MEASURES],
                "kind": "evidence",
                "relation": "opposes",
                "text": f"{browser.name}: evidence {n} sent to the API on {api_server.name}",
            },
            expect=201,
        )
        added += 2
    # A changed mind, on the other server from the first vote.
    students[1].post_form(b, f"/maps/{slug}/nodes/{measures[0]}/vote/", {"score": 5})
    expected_votes[measures[0]][1] = 5

    say("The teacher approves, rejects and hides, through both servers")
    queue = teacher.get(b, f"{api_path}moderation/")
    check(queue.status == 200, f"the teacher's moderation queue on {b.name} answered {queue.status}")
    pending = sorted({item["id"] for item in walk(queue.json()) if item.get("status") == "pending" and "id" in item})
    check(len(pending) == added, f"the queue holds {len(pending)} pending points, not the {added} the students added")
    rejected, hidden = pending[0], pending[1]
    for n, node in enumerate(pending[1:]):
        server = servers[n % 2]
        if n % 2:
            teacher.api(server, "POST", f"{api_path}nodes/{node}/moderation/", {"action": "approve"}, expect=200)
        else:
            teacher.post_form(server, f"/maps/{slug}/moderation/nodes/{node}/approve/", {"reason": ""})
    teacher.post_form(a, f"/maps/{slug}/moderation/nodes/{rejected}/reject/", {"reason": "Say more about it."})
    teacher.api(
        b, "POST", f"{api_path}nodes/{hidden}/moderation/", {"action": "hide", "reason": "Off topic"}, expect=200
    )

    say("Both servers show the same maps, counts and ETags")
    author_of_rejected = None
    for n, browser in enumerate([teacher, *students]):
        agree(browser, a, b, map_path)
        agree(browser, a, b, live_path)
        agree(browser, a, b, api_path, etag=False)
        if n < 2:  # every measure's arguments open, for the teacher and the rejected point's author
            page = agree(browser, a, b, f"{map_path}?open=all", etag=False)
            if "Say more about it." in page.text:
                author_of_rejected = browser.name
    check(author_of_rejected, "the rejected point's author does not see the teacher's reason on the map page")

    agree(teacher, a, b, f"/maps/{slug}/moderation/", etag=False)  # the teacher's queue page
    agree(teacher, a, b, f"/maps/{slug}/results/")  # the results page, with its own ETag
    results = agree(teacher, a, b, f"{api_path}results/", etag=False).json()
    document = agree(teacher, a, b, api_path, etag=False).json()
    nodes = document["nodes"]
    statuses = {status: sum(node["status"] == status for node in nodes) for status in {n["status"] for n in nodes}}
    kinds = {kind: sum(node["kind"] == kind for node in nodes) for kind in {n["kind"] for n in nodes}}
    ours = {node["id"]: node["status"] for node in nodes if node["id"] in pending}
    want = {node: "visible" for node in pending} | {rejected: "hidden", hidden: "hidden"}  # rejected: hidden, noted
    check(ours == want, f"the teacher's map document shows the students' points as {ours}, expected {want}")
    vote_counts = votes_per_measure(results, measures)
    expected_counts = {
        measure: {str(score): list(scores.values()).count(score) for score in sorted(set(scores.values()))}
        for measure, scores in expected_votes.items()
    }
    check(
        vote_counts == expected_counts,
        f"votes by score per measure in the results: {vote_counts}, expected {expected_counts} (none lost)",
    )
    say(f"  votes by score per measure: {vote_counts}")
    say(f"  the teacher's map: {len(nodes)} statements, by status {dict(sorted(statuses.items()))}, by kind {kinds}")
    student_nodes = agree(students[2], a, b, api_path, etag=False).json()["nodes"]
    check(
        len(student_nodes) == len(nodes) - 2,
        f"a student sees {len(student_nodes)} statements, the teacher {len(nodes)}: expected all but the 2 hidden",
    )
    say(f"  the rejected point's author ({author_of_rejected}) sees the reason on both servers")

    say("Static files: hashed names, compressed, kept for good, the same on both servers")
    static_files(students[0], a, b, students[0].get(a, map_path).text)


def votes_per_measure(results: dict, measures: list[int]) -> dict[int, dict[str, int]]:
    """What the results count on each measure in the first round: its votes by score."""
    return {
        item["id"]: {score: n for score, n in sorted((item["before"].get("distribution") or {}).items()) if n}
        for item in results["measures"]
        if item["id"] in measures
    }


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: still stop the servers
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="argmap-two-servers-"))
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECURE_"))}
    base.update(
        ARGMAP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),  # one key for both servers: each reads the other's sessions
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="tests.two_servers.settings",
        PYTHONPATH=str(ROOT),
        ARGMAP_STATIC_ROOT=str(scratch / "static-a"),
    )
    base.pop("DATABASE_POOL", None)
    servers = [
        Server("A (pool)", base | {"DATABASE_POOL": "4"}, scratch / "a.log"),
        Server("B (persistent)", base | {"ARGMAP_STATIC_ROOT": str(scratch / "static-b")}, scratch / "b.log"),
    ]
    failure = ""
    maintenance, claimed = None, False
    try:
        maintenance = maintenance_connection()
        claim_database(maintenance)
        claimed = True
        recreate_database(maintenance)
        # Each server collects its own static files, as two machines would, while the database is prepared.
        collecting = [
            subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
                env=server.env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for server in servers
        ]
        prepared = subprocess.run(
            [sys.executable, __file__, "--prepare"], env=base, cwd=ROOT, capture_output=True, text=True, check=False
        )
        for process in collecting:
            output, _ = process.communicate(timeout=300)
            check(process.returncode == 0, f"collectstatic failed:\n{output}")
        check(prepared.returncode == 0, f"preparing the database failed:\n{prepared.stdout}{prepared.stderr}")
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])
        say(f"Scratch database ready: debate {setup['slug']}, a teacher and {STUDENTS} students")
        for server in servers:
            server.start()
        deadline = time.monotonic() + 30
        for server in servers:
            server.wait_ready(deadline)
        say(f"Serving: {', '.join(f'{server.name} on port {server.port}' for server in servers)}")
        exercise(servers, setup)
    except Failed as failed:
        failure = str(failed)
    except Exception as error:  # the servers' logs say more than a traceback alone
        failure = f"{type(error).__name__}: {error}"
        raise
    finally:
        for server in servers:
            server.terminate()  # both at once, then wait for each
        for server in servers:
            server.stop()
        if failure:
            say(f"\nFAILED: {failure}")
            for server in servers:
                if server.process is not None:
                    say(f"\n== server {server.name}'s log (the end) ==\n{server.log_tail()}")
        shutil.rmtree(scratch, ignore_errors=True)
        if maintenance is not None:
            try:
                if claimed:
                    recreate_database(maintenance, drop_only=True)
            except Exception as error:
                say(f"(could not drop the scratch database: {error})")
            maintenance.close()  # and with it the run's claim on the database
    say(f"two servers: {'FAILED' if failure else 'they agree'} ({time.monotonic() - started:.0f} s)")
    return 1 if failure else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        say(json.dumps(prepare()))
    else:
        sys.exit(main())
