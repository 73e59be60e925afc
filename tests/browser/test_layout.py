"""Layout: on a phone (390 px) and a desk (1366 px), in both languages, nothing
overflows, and on a phone the results come before the filters."""

import pytest

from tests.browser.support import require_playwright

require_playwright()

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
LANGUAGES = {"zh-hans": "", "en": "/en"}

# Each page type a citizen or journalist reads, from the public dataset.
PAGES = {
    "home": lambda data: "/",
    "entity-search": lambda data: "/entities/?q=华信",
    "company-file": lambda data: data["company"].get_absolute_url(),
    "person-file": lambda data: data["person"].get_absolute_url(),
    "penalties": lambda data: "/penalties/",
    "penalties-filtered": lambda data: "/penalties/?region=330100&sort=-fine",
    "penalty": lambda data: data["penalty"].get_absolute_url(),
    "permits": lambda data: "/permits/",
    "permit": lambda data: data["permit"].get_absolute_url(),
    "lists": lambda data: "/lists/",
    "list": lambda data: data["list"].get_absolute_url(),
    "authorities": lambda data: "/authorities/",
    "authority": lambda data: data["authority"].get_absolute_url(),
    "repair": lambda data: "/repair/",
}
# Collections whose first result a phone user must see without scrolling.
COLLECTIONS = {
    "entity-search": "table.records tbody tr",
    "penalties": "table.records tbody tr",
    "penalties-filtered": "table.records tbody tr",
    "permits": "table.records tbody tr",
    "list": "table.records tbody tr",
    "authorities": "table.records tbody tr",
}

OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1
        && !e.closest('.table-scroll'))
    .slice(0, 5)
    .map((e) => e.outerHTML.slice(0, 120))"""


def _params():
    for page_id in PAGES:
        for language in LANGUAGES:
            for name, viewport in (("phone", PHONE), ("desk", DESK)):
                yield pytest.param(
                    page_id, language, viewport, id=f"{page_id}-{language}-{name}"
                )


@pytest.mark.parametrize(("page_id", "language", "viewport"), list(_params()))
def test_nothing_is_wider_than_the_screen(
    new_page, public_data, page_id, language, viewport
):
    path = LANGUAGES[language] + PAGES[page_id](public_data)
    page = new_page(viewport=viewport, is_mobile=viewport is PHONE)
    assert page.goto(path).status == 200
    width = viewport["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING, width)
    assert scroll_width <= width + 1, (
        f"{path} is {scroll_width}px wide at {width}px; overflowing: {overflowing}"
    )
    if viewport is PHONE and page_id in COLLECTIONS:
        first = page.locator(COLLECTIONS[page_id]).first
        box = first.bounding_box()
        assert box is not None, f"{path}: no result shown"
        assert box["y"] + min(box["height"], 80) <= PHONE["height"], (
            f"{path}: the first result starts {box['y']:.0f}px down, below the "
            f"first screen ({PHONE['height']}px)"
        )
    # The first line of the page (a kicker or the title) clears the header bar.
    gap = page.evaluate(
        """() => document.querySelector('main').firstElementChild
            .getBoundingClientRect().top
            - document.querySelector('.site-header').getBoundingClientRect().bottom"""
    )
    assert gap >= 16, f"{path}: the page starts {gap:.0f}px under the header bar"
    # Dates never break over two lines.
    split = page.evaluate(
        """() => [...document.querySelectorAll('time')]
            .filter((t) => t.getClientRects().length > 1)
            .map((t) => t.textContent)"""
    )
    assert not split, f"{path}: dates broken over two lines: {split}"


FILTER_PAGES = {
    "entities": lambda data: "/entities/",
    "penalties": lambda data: "/penalties/",
    "permits": lambda data: "/permits/",
    "list": lambda data: data["list"].get_absolute_url(),
    "authorities": lambda data: "/authorities/",
}


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
@pytest.mark.parametrize("page_id", list(FILTER_PAGES))
def test_filter_fields_stay_in_their_cells(new_page, public_data, page_id, viewport):
    """No filter control spills over its neighbour in the filter grid."""
    path = FILTER_PAGES[page_id](public_data)
    page = new_page(viewport=viewport)
    page.goto(path)
    panel = page.locator("details.filter-panel")
    if not panel.evaluate("(details) => details.open"):
        panel.locator("summary").click()
    spilling = page.evaluate(
        """() => [...document.querySelectorAll('.filter-fields .field')]
            .flatMap((field) => {
                const edge = field.getBoundingClientRect().right + 1;
                return [...field.querySelectorAll('input, select, label, legend')]
                    .filter((e) => e.getBoundingClientRect().right > edge)
                    .map((e) => `${e.outerHTML.slice(0, 80)} by ${
                        Math.round(e.getBoundingClientRect().right - edge)}px`);
            })"""
    )
    assert page.locator(".filter-fields .field").count() > 0
    assert not spilling, f"{path}: filters overflow their cell: {spilling}"
