"""What `make bench` prints, and the same written between the markers in docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import django
import gunicorn

from bench.load import Target, median_rate, median_share, wrk_path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def machine(servers: dict[str, str]) -> str:
    """One paragraph: the processors, memory and the versions of everything measured."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    memory = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text())
    wrk = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True).stdout.split()[1]
    versions = {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        **servers,
        "gunicorn": gunicorn.__version__,
        "wrk": wrk,
    }
    return (
        f"{os.cpu_count()} processors ({model.group(1).strip() if model else 'model unknown'}), "
        f"{int(memory.group(1)) / 1024**2:.1f} GiB of memory; "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
        + "."
    )


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def rates_table(targets: list[Target]) -> str:
    rows = [
        [
            target.name,
            f"{median_rate(target):,.1f}" if median_rate(target) < 100 else f"{median_rate(target):,.0f}",
            f"{median_share(target):.1%}",
            " / ".join(f"{share:.1%}" for share in target.shares),
            str(target.errors),
        ]
        for target in targets
    ]
    return table(["what", "requests/s", "share of the bare view", "each round", "errors"], rows)


def queries_table(counts: dict[str, dict[str, object]]) -> str:
    """counts: map size → page → Count; a row per page, a column per size."""
    sizes = list(counts)
    pages = list(counts[sizes[0]])
    rows = [[page, *(str(counts[size][page]) for size in sizes)] for page in pages]
    return table(["page", *(f"{size} statements" for size in sizes)], rows)


def write_docs(text: str) -> None:
    """Replace what lies between the markers; everything else in the file stays as people wrote it."""
    document = DOCS.read_text()
    if START not in document or END not in document:
        raise SystemExit(f"{DOCS} lacks the markers {START} and {END}: put them where the results belong")
    before, rest = document.split(START, 1)
    _, after = rest.split(END, 1)
    DOCS.write_text(f"{before}{START}\n{text.strip()}\n{END}{after}")
