"""gunicorn servers for the bench: the same command and workers for argmap and for the bare view."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
# Behind a proxy that ends HTTPS, as in production: the settings trust this header, so no redirect to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Server:
    port: int
    quick_path: str  # an address it answers at once: "/" on the bare server, a redirect on argmap

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fetch(self, path: str, headers: dict[str, str] | None = None, *, body: str | None = None) -> Answer:
        """One request, as wrk will send it (no redirect followed)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            method = "GET" if body is None else "POST"
            connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def settle(self) -> None:
        """Wait until requests a load tool left queued have been answered (each worker answers its queue in
        order; two quick requests in a row come back only after the queue ahead of them), so they do not eat
        into the next measurement."""
        for _ in range(WORKERS):
            self.fetch(self.quick_path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(settings_module: str, quick_path: str) -> Iterator[Server]:
    """argmap's WSGI application under gunicorn (WORKERS sync workers) with the given settings, until the block
    ends, however it ends: the whole process group is stopped."""
    server = Server(free_port(), quick_path)
    command = [
        *(sys.executable, "-m", "gunicorn", "argmap.wsgi:application"),
        *("--chdir", str(ROOT), "--bind", f"127.0.0.1:{server.port}"),
        *("--workers", str(WORKERS), "--worker-class", "sync", "--log-level", "warning"),
    ]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    process = subprocess.Popen(command, env=environment, start_new_session=True)
    try:
        wait_until_answering(server, process)
        yield server
    finally:
        stop(process)


def wait_until_answering(server: Server, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {server.port} stopped at start (exit {process.returncode})")
        try:
            server.fetch(server.quick_path)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {server.port} did not answer within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (its own process group, started for it), gracefully, then for sure."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue
