"""The cities pages in a real browser: axe audit, sorting, charts, CSV, officials.

The statistics are computed from the public dataset of the conftest, as the
nightly refresh would.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from portal.cities.statistics import refresh_statistics
from tests.browser.support import require_playwright, zh
from tests.browser.test_accessibility import (
    BLOCKING_IMPACTS,
    LANGUAGES,
    assert_stylesheet_applied,
    describe,
)
from tests.factories import make_batch, make_designation
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

PAGES = {
    "cities": lambda data: "/cities/",
    "cities-sorted": lambda data: "/cities/?sort=-median_delay&batch=any",
    "cities-invalid-filter": lambda data: "/cities/?period=someday&batch=99",
    "city": lambda data: "/cities/330100/",
    "city-invalid-period": lambda data: "/cities/330100/?period=nope",
    "method": lambda data: "/cities/method/",
    "authority-with-figures": lambda data: data["authority"].get_absolute_url(),
}


@pytest.fixture
def city_data(public_data):
    batch = make_batch(number=1, source="首批社会信用体系建设示范城市名单")
    make_designation(batch=batch, region=public_data["authority"].region, source="首批")
    refresh_statistics()
    return public_data


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _csp_errors(page) -> list[str]:
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("page_id", list(PAGES))
def test_no_serious_accessibility_violation(page, city_data, axe, page_id, language):
    errors = _csp_errors(page)
    url = LANGUAGES[language][0] + PAGES[page_id](city_data)
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert_stylesheet_applied(page)
    if "invalid" in page_id:
        expect(page.get_by_role("alert")).to_be_visible()
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {url}:\n" + describe(blocking)
    assert not errors, errors


def test_sort_by_a_column_then_open_a_city_and_its_chart(page, city_data, live_server):
    page.goto("/cities/")
    # The table is folded under the ranking until asked for.
    page.locator("details.city-table-panel > summary").click()
    table = page.locator("table.city-table")
    expect(table.get_by_role("link", name="杭州市")).to_be_visible()
    expect(table).to_contain_text(zh("Batch %(number)s") % {"number": 1})

    heading = zh("%(measure)s (%%)") % {
        "measure": zh("Published within %(days)s working days") % {"days": 7}
    }
    table.get_by_role("link", name=heading).click()
    expect(page).to_have_url(re.compile(r"sort=-on_time_share"))
    sorted_column = page.locator("th[aria-sort='descending']")
    expect(sorted_column).to_have_count(1)

    page.locator("table.city-table").get_by_role("link", name="杭州市").click()
    expect(page).to_have_url(f"{live_server.url}/cities/330100/")
    expect(page.get_by_role("heading", level=1, name="杭州市")).to_be_visible()
    chart = page.get_by_role(
        "img", name=zh("Permits and penalties published per quarter")
    )
    expect(chart).to_be_visible()
    assert chart.evaluate("el => el.tagName") == "svg"
    assert chart.locator("rect.bar").count() >= 1

    link = page.locator("#chart-published").get_by_role(
        "link", name=zh("Download this table (CSV)")
    )
    answer = page.request.get(link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text().lstrip("\ufeff").startswith(zh("Quarter"))


def test_without_javascript_the_charts_and_tables_are_there(new_page, city_data):
    page = new_page(java_script_enabled=False)
    page.goto("/cities/330100/")
    for slug in ("published", "timeliness", "delay", "completeness", "list-entries"):
        figure = page.locator(f"#chart-{slug}")
        expect(figure.locator("svg")).to_be_visible()
        expect(figure.locator("table")).to_be_visible()


def test_an_official_records_a_member_of_batch_2(new_page, city_data, live_server):
    official = make_official()
    official.user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="cities")
    )
    client = sign_in(Client(), official)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/cities/batches/add/")
    page.get_by_label(zh("Batch number")).fill("2")
    page.get_by_label(zh("Announced on")).fill("2019-08-01")
    page.get_by_label(zh("Announced by")).fill("中国人民银行、国家发展和改革委员会")
    page.get_by_label(zh("Official number of cities")).fill("16")
    page.get_by_label(zh("Source")).fill("第二批社会信用体系建设示范城市名单")
    page.get_by_role("button", name=zh("Record the batch")).click()
    expect(page.get_by_role("status")).to_contain_text(
        zh("Batch %(number)d recorded.") % {"number": 2}
    )

    page.goto("/cities/designations/add/?batch=2")
    page.get_by_label(zh("Region code")).fill("999999")
    page.get_by_label(zh("Source")).fill("第二批名单")
    page.get_by_role("button", name=zh("Record the member")).click()
    expect(page.get_by_role("alert")).to_contain_text("999999")
    page.get_by_label(zh("Region code")).fill("330100")
    page.get_by_role("button", name=zh("Record the member")).click()
    expect(page.get_by_role("status")).to_contain_text("杭州市")
    results = Axe().run(page).response["violations"]
    assert not [v for v in results if v["impact"] in BLOCKING_IMPACTS]


VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
LOCALES = {"zh-hans": "zh-CN", "en": "en-GB"}


def _no_horizontal_overflow(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in {widths[1]}"


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_ranking_comes_first_and_nothing_overflows(
    new_page, city_data, axe, viewport, language
):
    width, height = VIEWPORTS[viewport]
    page = new_page(
        viewport={"width": width, "height": height}, locale=LOCALES[language]
    )
    prefix = LANGUAGES[language][0]
    page.goto(f"{prefix}/cities/")
    chart = page.locator("#chart-ranking svg")
    expect(chart).to_be_visible()
    panel = page.locator("details.city-table-panel")
    expect(panel).to_be_visible()
    # The long table is folded; its summary counts the cities.
    expect(page.locator("#city-table")).to_be_hidden()
    expect(panel.locator("summary")).to_contain_text("1")
    assert chart.bounding_box()["y"] < panel.bounding_box()["y"]
    _no_horizontal_overflow(page)
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)

    panel.locator("summary").click()
    table = page.locator("#city-table")
    expect(table).to_be_visible()
    # A share shows the number it rests on, and a small one is marked.
    expect(table.locator("td.small-sample").first).to_contain_text("n=")
    _no_horizontal_overflow(page)
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)

    page.goto(f"{prefix}/cities/330100/")
    expect(page.locator("#chart-timeliness svg")).to_be_visible()
    _no_horizontal_overflow(page)
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
