"""A citizen's journey through the public site in a real browser.

Chinese pages are found by their translated labels (looked up through Django's
own catalogue, so the test follows whatever wording the translators choose);
English pages by their English labels.
"""

import re

from tests.browser.support import fact, require_playwright, zh

require_playwright()
from playwright.sync_api import Page, expect  # noqa: E402

SEARCH_LABEL = "Name, unified social credit code, registration number or ID number"
# The fine (15,000 yuan) in the portal's one unit, 万元, as every page shows it.
FINE = "1.5"


def search_and_open_penalty(
    page: Page, data, base_url: str, *, submit_with_enter: bool = True
) -> None:
    """Home page → name search → integrity file → penalty, in Chinese."""
    company, other, penalty = data["company"], data["other"], data["penalty"]

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    search = page.get_by_label(zh(SEARCH_LABEL))
    search.fill(company.name[2:4])  # "华信"
    if submit_with_enter:
        search.press("Enter")
    else:
        page.get_by_role("search").get_by_role("button", name=zh("Search")).click()

    expect(page).to_have_url(re.compile(r"/entities/\?q="))
    results = page.get_by_role("table", name=zh("Entities"))
    expect(results.get_by_role("link", name=other.name)).to_have_count(0)
    results.get_by_role("link", name=company.name).click()

    # Organisations are filed under their unified social credit code.
    assert company.key == company.uscc
    expect(page).to_have_url(f"{base_url}/entities/{company.uscc}/")
    expect(page.get_by_role("heading", level=1, name=company.name)).to_be_visible()
    penalties = page.get_by_role("table", name=zh("Penalties"))
    expect(penalties.get_by_role("cell", name=FINE, exact=True)).to_be_visible()
    penalties.get_by_role("link", name=penalty.decision_number).click()

    expect(page).to_have_url(f"{base_url}/penalties/{penalty.pk}/")
    expect(
        page.get_by_role("heading", level=1, name=penalty.decision_number)
    ).to_be_visible()
    expect(fact(page, zh("Fine"))).to_have_text("1.5 万元")
    expect(fact(page, zh("Leaves public view after"))).to_have_text(
        penalty.public_until.isoformat()
    )


def switch_to_english(page: Page, data, base_url: str) -> None:
    penalty = data["penalty"]
    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(f"{base_url}/en/penalties/{penalty.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Administrative penalty", exact=True)).to_be_visible()
    expect(fact(page, "Fine")).to_have_text("1.5 × 10,000 yuan")
    expect(fact(page, "Leaves public view after")).to_have_text(
        penalty.public_until.isoformat()
    )
    expect(fact(page, "Repair may be applied for from")).to_have_text(
        penalty.repair_from.isoformat()
    )
    expect(page.get_by_role("link", name="Object or apply for repair")).to_be_visible()
    # The switcher now offers the way back.
    expect(page.get_by_role("button", name="中文")).to_be_visible()


def test_citizen_finds_a_company_and_reads_its_penalty_in_english(
    page, public_data, live_server
):
    search_and_open_penalty(page, public_data, live_server.url)
    switch_to_english(page, public_data, live_server.url)


def test_the_journey_works_without_javascript(new_page, public_data, live_server):
    page = new_page(java_script_enabled=False)
    search_and_open_penalty(page, public_data, live_server.url, submit_with_enter=False)
    switch_to_english(page, public_data, live_server.url)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, public_data):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=zh("Skip to content"))
    expect(skip).to_be_focused()
    # Hidden off-screen until focused, then visible to sighted keyboard users.
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.querySelector('main').contains(document.activeElement)"
    )


def test_an_english_browser_is_sent_to_english_and_can_choose_chinese(
    new_page, public_data, live_server
):
    page = new_page(locale="en-US")
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="中文").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    # The choice sticks: another Chinese page is not redirected to English.
    page.goto("/penalties/")
    expect(page).to_have_url(f"{live_server.url}/penalties/")
