"""The deployment guide's settings, as written in docs/deployment.md, pass Django's deployment checks, and
behind the proxy it describes a request over HTTPS is served while plain HTTP is redirected (no loop)."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deployment.md"


def guide_environment() -> dict[str, str]:
    """Every `export NAME=value` line of the guide's shell blocks, the last one winning, as the shell would.

    A value the shell would compute (the SECRET_KEY's `$(python3 …)`) is computed the same way here.
    """
    environment: dict[str, str] = {}
    for block in re.findall(r"```sh\n(.*?)```", GUIDE.read_text(), re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                name, value = words[1].split("=", 1)
                environment[name] = secrets.token_urlsafe(60) if "$(" in value else value
    return environment


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_ALLOW")) and key not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=inherited | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_guide_gives_a_production_environment_with_the_https_redirect_left_on():
    environment = guide_environment()
    assert environment["ARGMAP_ENV"] == "production"
    assert environment["ALLOWED_HOSTS"]
    assert environment.get("SECURE_SSL_REDIRECT", "true").lower() not in {"0", "false", "no", "off"}


def test_the_guides_settings_pass_the_deployment_checks_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=guide_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_turning_the_redirect_off_behind_a_proxy_would_fail_them():
    environment = guide_environment() | {"SECURE_SSL_REDIRECT": "false"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=environment)
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


PROXIED_REQUESTS = """
from django.test import Client
client = Client()
host = "{host}"
proxied = client.get("/favicon.ico", HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/favicon.ico", HTTP_HOST=host)
print("proxied:", proxied.status_code, proxied["Location"])
print("plain:", plain.status_code, plain["Location"])
"""


def test_behind_the_proxy_https_is_served_and_plain_http_is_redirected_without_a_loop():
    environment = guide_environment()
    host = environment["ALLOWED_HOSTS"].split(",")[0]
    result = manage("shell", "-c", PROXIED_REQUESTS.format(host=host), env=environment)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "proxied: 301 /static/favicon.svg" in lines  # the page's own answer: served, not sent round again
    assert f"plain: 301 https://{host}/favicon.ico" in lines
