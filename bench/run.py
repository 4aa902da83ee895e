"""make bench: argmap over HTTP, as a class uses it, measured against a bare Django view on the same server.

What it builds, from nothing: a fresh PostgreSQL database and an empty Redis database (bench/scratch.py), the
essay map, and a class of 30 students debating their copy of it, each having added a counterclaim and voted on
every measure (bench/people.py). Settings are production's (DEBUG off, hashed static files, sessions and cache in
Redis) behind an HTTPS proxy (X-Forwarded-Proto), with the write rate limits lifted so votes are not refused.

What it measures:
- requests per second with wrk on loopback (16 connections, 2 threads, a few seconds each) against gunicorn with
  2 sync workers: a bare Django view (bench/bare_urls.py: same settings and middleware, a constant string), an
  unchanged live poll (304) and the class map page and API as a signed-in student, the essay map page as a
  visitor, and a vote. Three alternating rounds (bare view, then each page), and each page's rate is given as a
  share of the bare view's in the same round: the machine is shared, so absolute rates move with whatever else
  runs, while the share says how much of what Django and the server can do a page leaves unused, and holds
  steadier from run to run and machine to machine;
- votes per second from a crowd of students each voting once on each measure, all at once on PostgreSQL, and the
  votes lost (answered as saved but missing from the database: must be 0);
- queries per page (and the page's size) on class maps of about 40, 500 and 2,000 statements, through Django's
  test client: constant counts are what let a page keep up as maps grow (bench/queries.py);
- the graph view's layout of the 2,000-statement map, afresh and from the cache;
- imports of generated Kialo and AIF files of 2,000 to 16,000 links, read, checked and saved (bench/imports.py).

It prints the tables and rewrites the results part of docs/benchmarks.md. Speed is measured here and never
asserted in tests.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch

os.environ.update(scratch.production_environment())
scratch.fresh_database()
scratch.empty_redis()

import django

django.setup()

from django.core.management import call_command
from django.urls import reverse

from argmap.maps.models import Map, Node
from argmap.votes.models import Vote
from bench import imports, load, people, queries, report
from bench.servers import Server, gunicorn

CROWD_SIZE = int(os.environ.get("BENCH_CROWD", "600"))
CROWD_SECONDS = 5


def vote_path(measure: Node) -> str:
    return reverse("maps:vote", args=[measure.map.slug, measure.pk])


def expect(server: Server, path: str, headers: dict[str, str], status: int) -> dict[str, str]:
    """The headers, once a request with them has answered `status` (a page under load must be the real page)."""
    answer = server.fetch(path, headers)
    if answer.status != status:
        raise RuntimeError(f"{path} answered {answer.status}, not {status}: {answer.body[:300]!r}")
    return headers


def vote_headers(session_key: str, server: Server) -> dict[str, str]:
    return {
        "Cookie": people.cookie(session_key),
        "X-CSRFToken": people.CSRF_TOKEN,
        "Origin": f"https://127.0.0.1:{server.port}",
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def expect_vote_saved(server: Server, measure: Node, session_key: str) -> None:
    answer = server.fetch(vote_path(measure), vote_headers(session_key, server), body="score=4")
    if answer.status != 200 or "HX-Trigger" not in answer.headers:
        raise RuntimeError(f"a vote answered {answer.status} without saving: {answer.body[:300]!r}")


def page_targets(app: Server, group: people.Class, keys: dict[int, str], essay: Map) -> list[load.Target]:
    student = group.students[0]
    signed_in = {"Cookie": people.cookie(keys[student.pk])}
    debate = group.debate
    live = reverse("maps:live", args=[debate.slug])
    measures = group.measures

    def page(name: str, path: str, headers: dict[str, str]) -> load.Target:
        return load.Target(name, app, path, prepare=lambda: expect(app, path, headers, 200))

    def unchanged_poll() -> dict[str, str]:
        # The vote rounds change the map: the poll asks with the ETag the map has now.
        etag = app.fetch(live, signed_in).headers["ETag"]
        return expect(app, live, {**signed_in, "If-None-Match": etag}, 304)

    def one_vote_saved() -> dict[str, str]:
        expect_vote_saved(app, measures[0], keys[student.pk])
        return {}

    votes = [
        (vote_path(measure), keys[voter.pk], people.CSRF_TOKEN) for voter in group.students for measure in measures
    ]
    vote_script = load.vote_script(load.votes_file("class-votes", votes), "cycle")
    return [
        load.Target("unchanged live poll (304), a student", app, live, prepare=unchanged_poll),
        page("essay map page, a visitor", essay.get_absolute_url(), {}),
        page("class map page, a student", debate.get_absolute_url(), signed_in),
        page("API class map, a student", f"/api/maps/{debate.slug}/", signed_in),
        load.Target("vote, 30 students in turn", app, votes[0][0], prepare=one_vote_saved, script=vote_script),
    ]


def crowd_voting(app: Server, group: people.Class) -> dict[str, float]:
    """CROWD_SIZE more students join the class and all vote at once, each on every measure, each vote a new row."""
    crowd = people.join(group.classroom, people.new_users("voter", CROWD_SIZE))
    keys = people.sessions(crowd)
    measures = group.measures
    # Measure by measure, the whole crowd on each: side by side requests are different students.
    votes = [(vote_path(measure), keys[voter.pk], people.CSRF_TOKEN) for measure in measures for voter in crowd]
    expect_vote_saved(app, measures[0], keys[crowd[0].pk])  # one first vote, checked (and counted below)
    script = load.vote_script(load.votes_file("crowd-votes", votes[1:]), "once")
    target = load.Target("crowd", app, votes[0][0], prepare=dict, script=script)
    counted = load.Crowd.parse(target.run(seconds=CROWD_SECONDS).output)
    rows = Vote.objects.filter(voter__in=crowd).count() - 1
    return {
        "students": CROWD_SIZE,
        "votes/s": counted.saved / counted.seconds,
        "saved": counted.saved,
        "refused": counted.refused,
        "rows": rows,
        "lost": max(0, counted.saved - rows),
        "unanswered": max(0, rows - counted.saved),
    }


def query_counts(group: people.Class) -> tuple[dict[str, dict], dict[str, float]]:
    counts, biggest = {}, None
    for measures, per_measure in queries.SIZES:
        map = queries.generated_map(
            classroom=group.classroom, teacher=group.teacher, measures=measures, per_measure=per_measure
        )
        size = f"{map.nodes.count():,}"
        counts[size] = queries.page_counts(map, group.students[0], group.students[1])
        biggest = map
    return counts, queries.layout_timings(biggest, group.students[0])


def results_text(machine: str, targets: list[load.Target], crowd: dict, counts: dict, layout: dict) -> str:
    return "\n\n".join(
        [
            f"A run of `make bench` on {report.today()}: {machine}",
            f"Requests per second, median of {load.ROUNDS} alternating rounds of {load.SECONDS:g} s "
            f"({load.CONNECTIONS} connections, gunicorn with 2 sync workers; errors: answers of 400 or more, "
            "failed sockets and refused votes, over all rounds):",
            report.rates_table(targets),
            f"Votes from {crowd['students']} students at once, each on every measure: "
            f"**{crowd['votes/s']:,.0f} votes/s**; {crowd['saved']:,} answered as saved, {crowd['rows']:,} rows "
            f"in the database, **{crowd['lost']} lost**, {crowd['refused']} refused, "
            f"{crowd['unanswered']} saved but cut off unanswered when wrk stopped.",
            "Queries per page (and the page's size), for a student of the class, the second of two requests:",
            report.queries_table(counts),
            f"Graph layout of the largest map: {layout['fresh']:,.0f} ms afresh, {layout['cached']:,.1f} ms from "
            "the cache.",
        ]
    )


def step(what: str) -> None:
    print(f"[{time.monotonic() - STARTED:4.0f} s] {what}", flush=True)


def main() -> None:
    step("Migrating a fresh database, collecting static files")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    step(f"Loading the essay map; a class of {people.CLASS_SIZE} adds points and votes")
    essay = people.essay_map()
    group = people.class_debating(essay)
    keys = people.sessions(group.students)
    with gunicorn("bench.bare_settings", "/") as bare, gunicorn("bench.settings", "/favicon.ico") as app:
        step(f"wrk: {load.ROUNDS} alternating rounds of the bare view and each page")
        bare_target = load.Target("bare Django view", bare, "/", prepare=lambda: expect(bare, "/", {}, 200))
        targets = load.alternating_rounds(bare_target, page_targets(app, group, keys, essay))
        step(f"wrk: {CROWD_SIZE} students join the class and vote at once")
        crowd = crowd_voting(app, group)
    step("Counting queries per page on generated maps")
    counts, layout = query_counts(group)
    step(f"Importing generated Kialo and AIF files of {', '.join(f'{size:,}' for size in imports.SIZES)} links")
    text = results_text(report.machine(scratch.versions()), targets, crowd, counts, layout)
    text += "\n\n" + imports.section(imports.timings())
    text += (
        f"\n\nThe bench took {time.monotonic() - STARTED:.0f} s (after `make setup`); the machine's load average "
        f"(1 minute) was {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} processors."
    )
    print("\n" + text)
    report.write_docs(text)
    print(f"\nWrote the results into {report.DOCS.relative_to(ROOT)}.")


if __name__ == "__main__":
    try:
        main()
    finally:
        scratch.remove_folder()
