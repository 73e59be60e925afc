"""The open-data pages and the API documentation in a real browser, under the CSP."""

from pathlib import Path

import pytest

from tests.browser.support import require_playwright
from tests.browser.test_accessibility import (
    BLOCKING_IMPACTS,
    assert_stylesheet_applied,
    describe,
)

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from portal.opendata.services import build_exports  # noqa: E402

PAGES = ["/open-data/", "/open-data/dictionary/", "/open-data/licence/"]


@pytest.fixture
def built(public_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_exports()
    build_exports()
    return public_data


def _csp_violations(page) -> list[str]:
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return messages


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PAGES)
def test_open_data_pages_are_accessible(page, built, path, prefix):
    violations = _csp_violations(page)
    response = page.goto(prefix + path)
    assert response.status == 200
    assert_stylesheet_applied(page)
    results = Axe().run(page).response["violations"]
    blocking = [v for v in results if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
    assert not violations, violations


def test_catalogue_downloads_a_snapshot(page, built):
    page.goto("/en/open-data/")
    link = page.get_by_role("link", name="CSV (gzip)").first
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".csv.gz")


def test_api_docs_render_from_local_assets_under_the_csp(page, built, live_server):
    violations = _csp_violations(page)
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    response = page.goto("/api/docs/")
    assert response.status == 200
    # Swagger UI fetched the schema and drew one block per operation.
    expect(page.locator(".opblock").first).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/penalties/").first
    ).to_be_visible()
    assert page.locator(".opblock").count() >= 15
    assert not violations, violations
    assert not outside, outside


def test_api_docs_without_javascript_still_link_the_schema(new_page, built):
    page = new_page(java_script_enabled=False)
    page.goto("/api/docs/")
    expect(page.get_by_role("link", name="JSON", exact=True)).to_have_attribute(
        "href", "/api/schema.json"
    )
    assert_stylesheet_applied(page)


def test_api_docs_page_is_accessible_around_swagger(page, built):
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    # Swagger UI's own markup is a third-party widget; the portal's page around
    # it must pass.
    results = Axe().run(page, context={"exclude": [["#swagger-ui"]]}).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)


def test_a_page_download_link_gives_the_selection(page, built):
    page.goto("/en/penalties/?region=330100")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert built["penalty"].decision_number in text
