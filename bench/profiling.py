"""python bench/profiling.py [runs]: where a class map page, an unchanged live poll and a vote spend their time.

Run after `make bench`, on the database it leaves (the class of 30 and their map): each request through Django's
test client, `runs` times, under cProfile, with production's settings; prints the functions with the most time
of their own and the most time under them. Not part of `make bench`: profiling slows everything it watches.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch

os.environ.update(scratch.production_environment())

import django

django.setup()

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from argmap.accounts.models import User
from argmap.maps.models import Map, NodeKind
from bench.servers import PROXY_HEADERS


def profiled(name: str, request, runs: int) -> None:
    request()  # warm what a first visitor warms
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        request()
    profile.disable()
    print(f"\n=== {name}, {runs} requests: most time of their own")
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("tottime").print_stats(12)
    print(f"=== {name}: most time under them")
    stats.sort_stats("cumulative").print_stats(25)


def main(runs: int) -> None:
    call_command("collectstatic", interactive=False, verbosity=0)
    debate = Map.objects.get(slug__startswith="destalinisation-bench-class")
    student = User.objects.get(username="student-0")
    client = Client(SERVER_NAME="127.0.0.1", headers=PROXY_HEADERS)
    client.force_login(student)
    page = debate.get_absolute_url()
    live = reverse("maps:live", args=[debate.slug])
    etag = client.get(live)["ETag"]
    measure = debate.nodes.filter(kind=NodeKind.MEASURE).order_by("id").first()
    vote = reverse("maps:vote", args=[debate.slug, measure.pk])
    profiled("class map page, a student", lambda: client.get(page), runs)
    profiled("unchanged live poll (304)", lambda: client.get(live, headers={"If-None-Match": etag}), runs * 20)
    profiled("vote", lambda: client.post(vote, {"score": 3}, headers={"HX-Request": "true"}), runs)


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    finally:
        scratch.remove_folder()
