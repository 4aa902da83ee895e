"""Plain functions the browser tests share: signing in through the form."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()
