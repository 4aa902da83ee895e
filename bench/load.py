"""wrk against the servers: alternating rounds of the bare view and each page, and a crowd of students voting."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import scratch
from bench.servers import PROXY_HEADERS, Server

CONNECTIONS = 16
THREADS = 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = 3
VOTES_SCRIPT = Path(__file__).with_name("votes.lua")


def wrk_path() -> str:
    found = shutil.which("wrk") or "/usr/bin/wrk"
    if not Path(found).exists():
        raise SystemExit("wrk is missing: apt-get update -qq && apt-get install -y -qq wrk")
    return found


@dataclass(frozen=True)
class Run:
    """What one wrk run printed."""

    requests_per_second: float
    errors: int  # answers of 400 and more, sockets that failed or timed out, and votes refused
    output: str

    @classmethod
    def parse(cls, output: str) -> Run:
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        if rate is None:
            raise RuntimeError(f"wrk printed no rate:\n{output}")
        counts = re.findall(r"(?:Non-2xx or 3xx responses:|connect|read|write|timeout|refused=)\s?(\d+)", output)
        return cls(float(rate.group(1)), sum(int(count) for count in counts), output)


@dataclass
class Target:
    """A page under load: `prepare` checks that it answers as a person would see it (status, a saved vote)
    right before each run and returns the headers to send; `script` is wrk's Lua script and its arguments."""

    name: str
    server: Server
    path: str
    prepare: Callable[[], dict[str, str]]
    script: list[str] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    errors: int = 0

    def run(self, seconds: int = SECONDS) -> Run:
        headers = {**PROXY_HEADERS, **self.prepare()}
        # A generous timeout: on a loaded machine a slow page is still an answer, and wrk leaves timed-out
        # requests out of its rate.
        command = [wrk_path(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        if self.script:
            command += ["-s", self.script[0]]
        command.append(self.server.url + self.path)
        if self.script:
            command += ["--", *self.script[1:]]
        finished = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
        self.server.settle()
        return Run.parse(finished.stdout)


def alternating_rounds(bare: Target, pages: list[Target], rounds: int = ROUNDS) -> list[Target]:
    """Bare view, then each page, `rounds` times over; each page's rate is also taken as a share of the bare
    view's rate in the same round, which holds steadier than the absolute rate while others load the machine."""
    for number in range(1, rounds + 1):
        bare_rate = None
        for target in [bare, *pages]:
            run = target.run()
            bare_rate = bare_rate or run.requests_per_second
            target.rates.append(run.requests_per_second)
            target.shares.append(run.requests_per_second / bare_rate)
            target.errors += run.errors
            print(f"  round {number}: {target.name:<40} {run.requests_per_second:>9,.1f} requests/s", flush=True)
    return [bare, *pages]


def median_rate(target: Target) -> float:
    return statistics.median(target.rates)


def median_share(target: Target) -> float:
    return statistics.median(target.shares)


def votes_file(name: str, lines: list[tuple[str, str, str]]) -> str:
    """The vote script's list, in the run's scratch folder: path, session key and CSRF token, one vote a line."""
    path = scratch.FOLDER / f"{name}.tsv"
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return str(path)


def vote_script(path: str, mode: str) -> list[str]:
    return [str(VOTES_SCRIPT), path, mode, str(THREADS)]


@dataclass(frozen=True)
class Crowd:
    saved: int
    refused: int
    seconds: float

    @classmethod
    def parse(cls, output: str) -> Crowd:
        found = re.search(r"votes saved=(\d+) refused=(\d+) seconds=([\d.]+)", output)
        if found is None:
            raise RuntimeError(f"the vote script printed no counts:\n{output}")
        return cls(int(found.group(1)), int(found.group(2)), float(found.group(3)))
