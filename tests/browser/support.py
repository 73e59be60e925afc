"""Shared by the browser tests and their conftest."""

import os
import re

import pytest
from django.utils import translation

DEFAULT_CHROMIUM = "/usr/bin/chromium"
PLAYWRIGHT_MISSING = 'Playwright not installed: pip install -e ".[test]"'


def chromium_path() -> str:
    """The Chromium to drive; CHROMIUM_PATH overrides Debian's."""
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def browser_required() -> bool:
    """Whether a missing browser fails the run (CI) rather than skipping."""
    return os.environ.get("REQUIRE_BROWSER_TESTS", "") == "1"


def require_playwright() -> None:
    """Skip a module without Playwright, unless browser tests are required."""
    if not browser_required():
        pytest.importorskip("playwright", reason=PLAYWRIGHT_MISSING)


def zh(message: str) -> str:
    """`message` as the Chinese pages show it, from the project's catalogue."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def fact(page, term: str):
    """The <dd> that answers the <dt> reading exactly `term`."""
    exact = re.compile(rf"^\s*{re.escape(term)}\s*$")
    return page.locator("dt", has_text=exact).locator("xpath=following-sibling::dd[1]")
