"""Browser tests: Playwright driving Debian's Chromium against pytest-django's
live server.

One Chromium for the whole package, a fresh browser context (cookies, language,
viewport) per test. Without Chromium the tests skip, unless
REQUIRE_BROWSER_TESTS=1 (as in CI), when they fail instead. CHROMIUM_PATH
points at another binary.

When a test fails, every page it opened is saved as a PNG under
var/test-artifacts/ for a developer to look at.
"""

import os
import re
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest

from portal.search import indexing
from tests.browser.support import PLAYWRIGHT_MISSING, browser_required, chromium_path
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_penalty,
    make_permit,
    make_person,
    make_region,
    make_withdrawn_penalty,
)

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Playwright waits this long (ms) for an element or a navigation.
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    """Skip, or fail where browser tests are required (CI)."""
    if browser_required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def _async_unsafe_allowed():
    """Let the ORM run while Playwright's event loop runs in this thread.

    Playwright's sync API keeps an asyncio event loop running in the test
    thread, so Django's async-safety check refuses every ORM call the tests,
    their fixtures and the database teardown make ("SynchronousOnlyOperation").
    Nothing here is really async, so the check is a false alarm; it is turned
    off only while the browser is open, so the rest of the suite keeps it.
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[ASYNC_UNSAFE]
        else:
            os.environ[ASYNC_UNSAFE] = previous


# One browser for all the browser tests; "package" rather than "session" so it
# closes (and the async-safety check comes back) before the rest of the suite.
@pytest.fixture(scope="package")
def browser():
    executable = chromium_path()
    if not Path(executable).is_file():
        _unavailable(
            f"Chromium not installed at {executable}: apt-get install chromium"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(PLAYWRIGHT_MISSING)
    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, for the screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _artifact_name(nodeid: str, number: int) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    return f"{name}-{number}.png" if number else f"{name}.png"


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a fresh browser context; `new_page(**context_options)`.

    The default context is a Chinese-speaking desktop visitor (the portal sends
    English-speaking browsers to /en/), with the live server as base URL.
    """
    contexts = []
    pages = []

    def open_page(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "zh-CN")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_page

    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None
        and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(pages):
            if page.is_closed():
                continue
            path = ARTIFACTS / _artifact_name(request.node.nodeid, number)
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # a broken page must not hide the failure
                print(f"Could not save a screenshot to {path}: {error}")
            else:
                print(f"Screenshot of {page.url} saved to {path}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def public_data(transactional_db):
    """A small public dataset the journeys and audits walk through."""
    region = make_region()
    authority = make_authority(name="杭州市市场监督管理局", region=region)
    company = make_company(
        name="杭州华信网络科技有限公司", uscc="9144030071526726XG", region=region
    )
    # A second company the name search must leave out.
    other = make_company(name="宁波海通贸易有限公司", region=region)
    person = make_person(name="张三丰", id_number="110101199003074477")
    penalty = make_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2025〕18号",
        fine_amount=Decimal("1.5"),
        content="警告，罚款15000元",
    )
    permit = make_permit(
        entity=company, authority=authority, decision_number="浙许〔2025〕7号"
    )
    make_penalty(entity=other, authority=authority)
    withdrawn = make_withdrawn_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2025〕99号",
    )
    dishonest = make_credit_list(slug="dishonest-persons")
    entry = make_list_entry(entity=person, credit_list=dishonest)
    indexing.rebuild()
    return {
        "authority": authority,
        "company": company,
        "other": other,
        "person": person,
        "penalty": penalty,
        "permit": permit,
        "withdrawn": withdrawn,
        "list": dishonest,
        "entry": entry,
    }
