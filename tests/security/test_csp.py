"""Every page of the route matrix carries a Content Security Policy that lets no inline script run: scripts come from
our own origin only ('self'), never 'unsafe-inline' or 'unsafe-eval'. The error pages (403, 404) and the admin's
and Swagger's pages too. It is the second wall behind escaping: a payload that got into the markup still could not
run (tests/browser/test_xss.py shows the first wall holds alone, with the policy switched off).
"""

from __future__ import annotations

import pytest

from tests.security.helpers import OK, ROLE_WORDS, ROLES, Knocker, World
from tests.security.test_route_matrix import ROUTES, ROWS

# What script-src must never allow: inline script and eval, any origin, and schemes that carry script.
FORBIDDEN_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:"}


def policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def problems_with(header: str | None) -> list[str]:
    if not header:
        return ["no Content-Security-Policy header"]
    directives = policy(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    found = []
    if scripts is None:
        found.append("neither script-src nor default-src")
    else:
        if "'self'" not in scripts:
            found.append(f"script-src without 'self': {scripts}")
        if allowed := FORBIDDEN_SOURCES & set(scripts):
            found.append(f"script-src allows {sorted(allowed)}")
    if directives.get("object-src") != ["'none'"]:
        found.append(f"object-src is {directives.get('object-src')}, not 'none'")
    if directives.get("base-uri") not in (["'self'"], ["'none'"]):
        found.append(f"base-uri is {directives.get('base-uri')}")
    return found


def pages_of(route_key: str) -> list[tuple[str, str]]:
    """(scene, role) pairs to fetch: for each scene the route is read on, one person per kind of answer they get
    (the page itself, a 403, a 404), so error pages are checked as well as the pages."""
    wanted = []
    for knock in ROWS[route_key]:
        if knock.method != "GET":
            continue
        seen: set[str] = set()
        for role in ROLES:
            outcome = knock.expect[role]
            if outcome not in seen and outcome in (OK, "403", "404"):
                seen.add(outcome)
                wanted.append((knock, role))
    return wanted


READ_ROUTES = sorted(key for key in ROWS if pages_of(key))


@pytest.mark.parametrize("route_key", READ_ROUTES)
def test_every_page_lets_only_our_own_scripts_run(route_key: str, world: World, knocker: Knocker):
    route = ROUTES.get(route_key)
    if route is None:
        pytest.skip(f"{route_key} no longer exists (the route matrix's meta-test reports it)")
    checked, wrong = 0, []
    for knock, role in pages_of(route_key):
        url = route.url(knock.scene.values(world))
        response = knocker.send(role, "GET", url, None, as_json=False)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        for problem in problems_with(response.get("Content-Security-Policy")):
            wrong.append(f"  GET {url} as {ROLE_WORDS[role]} ({response.status_code}): {problem}")
    assert not wrong, f"{route_key}:\n" + "\n".join(wrong)
    if route_key not in NOT_HTML and (not route.is_api or route_key == "api:docs"):
        assert checked, f"{route_key}: no HTML answer was checked"


# Pages of the matrix that answer something other than HTML to everyone (so there is no markup to protect).
NOT_HTML = {
    "^api/",  # JSON
    "accounts:my_data_csv",
    "accounts:my_data_json",
    "moderation:participation_csv",
    "admin:jsi18n",
    "favicon.ico",
}


def test_the_check_notices_a_policy_that_lets_inline_script_run():
    assert problems_with(None) == ["no Content-Security-Policy header"]
    sound = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"
    assert problems_with(sound) == []
    assert problems_with(sound.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))
    assert problems_with(sound.replace("script-src 'self'", "script-src 'self' https:"))


def test_the_policy_is_not_report_only(client, world: World):
    response = client.get("/")
    assert response.get("Content-Security-Policy")
    assert not response.get("Content-Security-Policy-Report-Only")
