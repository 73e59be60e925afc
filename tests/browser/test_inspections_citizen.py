"""A citizen checks a random-inspection draw in a real browser.

At 390 px and at 1366 px: the plans page, a plan, plan.json downloaded as a
browser downloads it (its name begins with the plan number), then uploaded
on the check page, which says the copy matches. No page is wider than the
screen, in either language.

`public_plan(data)` gives the other browser tests (the accessibility audit)
a drawn plan with a published result, built on their public dataset.
"""

import pytest
from django.utils import timezone, translation

from portal.inspections.services import (
    enter_public_value_and_draw,
    freeze_and_commit,
    publish_result,
    record_result,
)
from tests.browser.support import require_playwright, zh
from tests.factories import make_authority, make_inspection_plan, make_inspector
from tests.inspections.world import inspection_world

require_playwright()
from playwright.sync_api import expect  # noqa: E402

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1
        && !e.closest('.table-scroll'))
    .slice(0, 5)
    .map((e) => e.outerHTML.slice(0, 120))"""


def public_plan(data):
    """Return a drawn plan over the public dataset, with one published result.

    Its authority is not the one that decided the dataset's penalties: the
    recusal rule would bar that authority's inspectors from those companies.
    """
    if "inspection_plan" not in data:
        region = data["company"].region
        authority = make_authority(region=region, kind="tax", name="杭州市税务局")
        for _ in range(2):
            make_inspector(authority=authority)
        plan = make_inspection_plan(
            authority=authority, region_prefix=region.code, sizes={"all": 1}
        )
        freeze_and_commit(authority=authority, plan=plan, make_secret=lambda: "8" * 64)
        plan = enter_public_value_and_draw(
            authority=authority, plan=plan, public_value="471"
        )
        result = record_result(
            authority=authority,
            drawn=plan.drawn.get(),
            item=plan.items.get(),
            category="ordered_to_correct",
            decided_on=timezone.localdate(),
        )
        publish_result(authority=authority, result=result)
        data["inspection_plan"] = plan
    return data["inspection_plan"]


@pytest.fixture
def world(transactional_db):
    return inspection_world()


def assert_fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING, width)
    assert scroll_width <= width + 1, (
        f"{page.url} is {scroll_width}px wide at {width}px; overflowing: {overflowing}"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_a_citizen_checks_a_draw_with_their_own_plan_json(
    new_page, world, live_server, tmp_path, viewport
):
    plan = world.plan
    base = live_server.url
    page = new_page(viewport=viewport, is_mobile=viewport is PHONE)

    page.goto("/inspections/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(
        page.get_by_role("heading", level=1, name=zh("Random inspections"))
    ).to_be_visible()
    assert_fits(page, viewport["width"])
    plans = page.get_by_role("table", name=zh("Inspection plans"))
    plans.get_by_role("link", name=plan.title).click()

    expect(page).to_have_url(f"{base}/inspections/{plan.pk}/")
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    expect(page.get_by_text(plan.commitment)).to_be_visible()
    assert_fits(page, viewport["width"])

    files = page.get_by_role("table", name=zh("Files of this plan"))
    with page.expect_download() as download:
        files.get_by_role("link", name="plan.json", exact=True).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{plan.number}_plan.json"
    assert saved.read_bytes() == bytes(plan.files.get(name="plan.json").content)

    page.get_by_role("link", name=zh("Or check it on this site")).click()
    expect(page).to_have_url(f"{base}/inspections/{plan.pk}/check/")
    outcome = page.locator("[data-check-result]")
    expect(outcome).to_have_attribute("data-check-result", "match")
    assert_fits(page, viewport["width"])

    page.get_by_label(zh("Your copies of the plan's files")).set_input_files(str(saved))
    page.get_by_role("button", name=zh("Check these files")).click()
    expect(outcome).to_have_attribute("data-check-result", "match")
    with translation.override("zh-hans"):
        checked = translation.gettext(
            "Checked with your copies of: %(names)s; the portal's copies of the "
            "other files."
        ) % {"names": "plan.json"}
    expect(page.get_by_text(checked)).to_be_visible()
    expect(outcome).to_contain_text(
        zh("Match: the draw is the one the commitment fixed.")
    )
    assert_fits(page, viewport["width"])


def test_a_changed_copy_is_a_visible_mismatch(new_page, world, tmp_path):
    plan = world.plan
    page = new_page(viewport=PHONE, is_mobile=True, locale="en-GB")
    copy = tmp_path / "teams.csv"
    teams = bytes(plan.files.get(name="teams.csv").content)
    copy.write_bytes(teams.replace(b"\n", b"\r\n"))
    page.goto(f"/en/inspections/{plan.pk}/check/")
    page.get_by_label("Your copies of the plan's files").set_input_files(str(copy))
    page.get_by_role("button", name="Check these files").click()
    outcome = page.locator("[data-check-result]")
    expect(outcome).to_have_attribute("data-check-result", "mismatch")
    expect(outcome).to_contain_text("Mismatch:")
    assert_fits(page, PHONE["width"])


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh-hans", "en"])
def test_no_inspection_page_is_wider_than_the_screen(new_page, world, viewport, prefix):
    with translation.override("zh-hans"):
        entity_file = world.corrected.drawn.entity.get_absolute_url()
    pages = [
        "/inspections/",
        f"/inspections/{world.plan.pk}/",
        f"/inspections/{world.plan.pk}/check/",
        f"/inspections/{world.committed.pk}/",
        "/inspections/results/",
        entity_file,
    ]
    page = new_page(viewport=viewport, is_mobile=viewport is PHONE)
    for path in pages:
        assert page.goto(prefix + path).status == 200, path
        assert_fits(page, viewport["width"])
        split = page.evaluate(
            """() => [...document.querySelectorAll('time')]
                .filter((t) => t.getClientRects().length > 1)
                .map((t) => t.textContent)"""
        )
        assert not split, f"{path}: dates broken over two lines: {split}"


def test_the_phone_shows_the_first_plan_on_the_first_screen(new_page, world):
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto("/inspections/")
    box = page.locator("table.records tbody tr").first.bounding_box()
    assert box is not None
    assert box["y"] + min(box["height"], 80) <= PHONE["height"], (
        f"the first plan starts {box['y']:.0f}px down"
    )
