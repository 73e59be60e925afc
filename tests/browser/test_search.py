"""The search page on a phone and at a desk, in Chinese and English.

On a phone the results come first: the first hit is on the first screen and
nothing is wider than the screen. At a desk the results use the width, with
the facets beside them. Neither has a serious accessibility problem.
"""

import pytest

from tests.browser.support import require_playwright

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from tests.browser.test_accessibility import (  # noqa: E402
    BLOCKING_IMPACTS,
    assert_stylesheet_applied,
    describe,
)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
PREFIXES = {"zh-hans": "", "en": "/en"}
QUERY = "/search/?q=华信"


def _open(new_page, viewport, language):
    page = new_page(viewport=viewport, is_mobile=viewport is PHONE)
    response = page.goto(PREFIXES[language] + QUERY)
    assert response is not None and response.status == 200
    assert_stylesheet_applied(page)
    return page


def _box(page, selector) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box


def _overflowing(page, width) -> list[str]:
    return page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map((e) => e.outerHTML.slice(0, 120))""",
        width,
    )


@pytest.mark.parametrize("language", list(PREFIXES))
def test_on_a_phone_the_first_hit_is_on_the_first_screen(
    new_page, public_data, language
):
    page = _open(new_page, PHONE, language)

    first = _box(page, ".hits > li:first-child .hit-title")
    assert first["y"] + first["height"] <= PHONE["height"], (
        f"the first hit's title ends at {first['y'] + first['height']}px, "
        f"below the first screen ({PHONE['height']}px)"
    )
    # The facets follow the hits, one tap away from the count.
    hits, facets = _box(page, ".hits"), _box(page, "#facets")
    assert facets["y"] >= hits["y"] + hits["height"]
    assert page.locator('.result-bar a[href="#facets"]').is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1366"])
@pytest.mark.parametrize("language", list(PREFIXES))
def test_nothing_is_wider_than_the_screen(new_page, public_data, language, viewport):
    page = _open(new_page, viewport, language)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, (
        f"the page is {width}px wide at {viewport['width']}px: "
        f"{_overflowing(page, viewport['width'])}"
    )


@pytest.mark.parametrize("language", list(PREFIXES))
def test_at_a_desk_the_results_use_the_width_beside_the_facets(
    new_page, public_data, language
):
    page = _open(new_page, DESK, language)

    main, hits, facets = _box(page, "main"), _box(page, ".hits"), _box(page, "#facets")
    assert hits["width"] >= 0.65 * main["width"]
    assert facets["x"] >= hits["x"] + hits["width"]  # beside, not below
    assert facets["y"] < hits["y"] + 50
    first = _box(page, ".hits > li:first-child")
    assert first["y"] + first["height"] <= DESK["height"]
    # The jump to the facets is only for narrow screens.
    assert not page.locator('.result-bar a[href="#facets"]').is_visible()


def test_each_hit_says_what_it_is(new_page, public_data):
    page = _open(new_page, DESK, "en")
    penalty = page.locator(".hit-penalty").first
    text = penalty.inner_text()
    assert "Penalty" in text
    assert "杭州市市场监督管理局" in text
    assert "1.5 × 10,000 yuan" in text
    assert "In publicity until" in text
    assert penalty.locator("mark").first.inner_text() == "华信"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1366"])
@pytest.mark.parametrize("language", list(PREFIXES))
def test_no_serious_accessibility_problem(
    new_page, public_data, axe, language, viewport
):
    page = _open(new_page, viewport, language)
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
