"""Layout: nothing overflows, on a phone or on a desktop."""

import pytest

from tests.browser.support import require_playwright

require_playwright()

PHONE = {"width": 375, "height": 812}
PHONE_PAGES = {
    "home": lambda data: "/",
    "home-en": lambda data: "/en/",
    "entity-search": lambda data: "/entities/?q=华信",
    "company-file": lambda data: data["company"].get_absolute_url(),
    "person-file": lambda data: data["person"].get_absolute_url(),
    "penalties": lambda data: "/penalties/",
    "penalty": lambda data: data["penalty"].get_absolute_url(),
    "permits": lambda data: "/permits/",
    "lists": lambda data: "/lists/",
    "list": lambda data: data["list"].get_absolute_url(),
    "authorities": lambda data: "/authorities/",
}


@pytest.mark.parametrize("page_id", list(PHONE_PAGES))
def test_no_horizontal_scroll_on_a_phone(new_page, public_data, page_id):
    path = PHONE_PAGES[page_id](public_data)
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > width + 1
                && !e.closest('.table-scroll'))
            .slice(0, 5)
            .map((e) => e.outerHTML.slice(0, 120))""",
        PHONE["width"],
    )
    assert scroll_width <= PHONE["width"] + 1, (
        f"{path} is {scroll_width}px wide at a {PHONE['width']}px viewport; "
        f"overflowing: {overflowing}"
    )


FILTER_PAGES = {
    "entities": lambda data: "/entities/",
    "penalties": lambda data: "/penalties/",
    "permits": lambda data: "/permits/",
    "list": lambda data: data["list"].get_absolute_url(),
    "authorities": lambda data: "/authorities/",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("page_id", list(FILTER_PAGES))
def test_filter_fields_stay_in_their_cells(new_page, public_data, page_id, width):
    """No filter control spills over its neighbour in the filter grid."""
    path = FILTER_PAGES[page_id](public_data)
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(path)
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
    assert not spilling, f"{path} at {width}px: filters overflow their cell: {spilling}"
