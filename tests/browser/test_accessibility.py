"""An axe-core audit of the public pages, in Chinese and in English.

No page may have a violation of impact "serious" or "critical". axe-core comes
bundled with axe-playwright-python; the pages must have their stylesheet, since
the colour-contrast rule reads the computed colours.
"""

from urllib.parse import unquote

import pytest

from tests.browser.support import require_playwright

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from portal.opendata import apikeys  # noqa: E402
from tests.browser.test_inspections_citizen import public_plan  # noqa: E402

BLOCKING_IMPACTS = {"serious", "critical"}
LANGUAGES = {"zh-hans": ("", "zh-Hans"), "en": ("/en", "en")}

# Each page: an id and how to reach it from the public dataset.
PAGES = {
    "home": lambda data: "/",
    "entity-search": lambda data: "/entities/?q=华信",
    "company-file": lambda data: data["company"].get_absolute_url(),
    "person-file": lambda data: data["person"].get_absolute_url(),
    "penalties-filtered": lambda data: "/penalties/?region=330100&sort=-decided",
    "penalties-invalid-filter": lambda data: "/penalties/?fine_min=lots",
    "penalty": lambda data: data["penalty"].get_absolute_url(),
    "permits": lambda data: "/permits/",
    "permit": lambda data: data["permit"].get_absolute_url(),
    "lists": lambda data: "/lists/",
    "list": lambda data: data["list"].get_absolute_url(),
    "authorities": lambda data: "/authorities/",
    "authority": lambda data: data["authority"].get_absolute_url(),
    "repair": lambda data: "/repair/",
    "appeal-form": lambda data: f"/appeals/new/?record=penalty:{data['penalty'].pk}",
    "appeal-track": lambda data: "/appeals/track/",
    "search": lambda data: "/search/?q=华信",
    "search-too-short": lambda data: "/search/?q=华",
    "withdrawn-penalty": lambda data: data["withdrawn"].get_absolute_url(),
    "not-found": lambda data: "/penalties/999999/",
    "api-key": lambda data: "/open-data/api-key/",
    "api-key-link": lambda data: apikeys.link_path("reporter@example.org"),
    "inspection-plans": lambda data: public_plan(data) and "/inspections/",
    "inspection-plan": lambda data: f"/inspections/{public_plan(data).pk}/",
    "inspection-check": lambda data: f"/inspections/{public_plan(data).pk}/check/",
}
# Pages that are not a plain 200.
STATUS = {"withdrawn-penalty": 410, "not-found": 404}


# A phone and a desk: the phone layout (cards, folded filters) is audited too.
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desk": {"width": 1366, "height": 900},
}


def _params():
    for page_id in PAGES:
        for language in LANGUAGES:
            for device in VIEWPORTS:
                yield pytest.param(
                    page_id, language, device, id=f"{page_id}-{language}-{device}"
                )


def url_for(page_id: str, language: str, data) -> str:
    path = PAGES[page_id](data)
    prefix, _lang = LANGUAGES[language]
    # Model URLs are reversed in the default language, i.e. without a prefix.
    assert not path.startswith("/en/"), path
    return prefix + path


def describe(violations) -> str:
    """A report a developer can act on: rule, impact, help and where."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more nodes")
    return "\n".join(lines)


def assert_stylesheet_applied(page) -> None:
    """The audit is meaningless unstyled: check portal.css really applied."""
    loaded = page.evaluate(
        """() => [...document.styleSheets].some(
            (sheet) => sheet.href && sheet.href.endsWith('/css/portal.css')
                && sheet.cssRules.length > 0)"""
    )
    assert loaded, "portal.css did not load, so colour contrast cannot be judged"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(("page_id", "language", "device"), list(_params()))
def test_page_has_no_serious_accessibility_violation(
    new_page, public_data, axe, page_id, language, device
):
    url = url_for(page_id, language, public_data)
    page = new_page(viewport=VIEWPORTS[device], is_mobile=device == "phone")
    response = page.goto(url)
    assert response is not None
    status = STATUS.get(page_id, 200)
    assert response.status == status, f"{url} answered {response.status}"
    assert unquote(page.url).endswith(url), f"{url} was redirected to {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[language][1])
    assert_stylesheet_applied(page)
    if page_id == "penalties-invalid-filter":
        # The error box is part of what is audited.
        expect(page.get_by_role("alert")).to_be_visible()

    results = axe.run(page)

    violations = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:  # not failing, but shown on failure or with -rP
        print(f"Moderate or minor problems on {url}:\n" + describe(minor))
    assert not blocking, (
        f"axe-core found serious or critical problems on {url}:\n" + describe(blocking)
    )


def test_the_audit_catches_a_known_violation(page, public_data, axe):
    """Guard against an audit that silently checks nothing (e.g. blocked by CSP)."""
    page.goto("/")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').append(img);
        }"""
    )
    violations = axe.run(page).response["violations"]
    assert {v["id"]: v["impact"] for v in violations}.get("image-alt") == "critical"
