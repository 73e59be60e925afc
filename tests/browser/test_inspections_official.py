"""An official runs a random inspection in a real browser: a new plan, an item
and sample sizes, commit, the public value and the draw, a result recorded and
published; then the public check page re-runs the draw and finds it matches.
And on a phone (390 px) none of the officials' inspection pages is wider than
the screen."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.inspections.models import InspectionPlan, InspectionResult
from portal.registry.models import Region
from tests.browser.support import require_playwright, zh
from tests.factories import make_authority, make_company, make_inspector, make_region
from tests.inspections.world import inspection_world
from tests.publishing.factories import PASSWORD, make_official, totp_code

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

BLOCKING_IMPACTS = {"serious", "critical"}

PHONE = {"width": 390, "height": 844}
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1
        && !e.closest('.table-scroll'))
    .slice(0, 5)
    .map((e) => e.outerHTML.slice(0, 120))"""


@pytest.fixture
def town(transactional_db):
    city = make_region()
    district = make_region(
        code="330106", name="西湖区", level=Region.Level.COUNTY, parent=city
    )
    authority = make_authority(name="杭州市市场监督管理局", region=city)
    for _ in range(5):
        make_company(region=district)
    for number in range(3):
        make_inspector(authority=authority, code=f"HZ-SJ-{number}", name=f"王{number}")
    official = make_official(authority=authority)
    return {"authority": authority, "official": official}


def _sign_in(page, official) -> None:
    page.goto("/officials/login/")
    page.get_by_label(zh("User name")).fill(official.user.username)
    page.get_by_label(zh("Password")).fill(PASSWORD)
    page.get_by_label(zh("Code from your authenticator app")).fill(
        totp_code(official.user)
    )
    page.get_by_role("button", name=zh("Sign in")).click()
    expect(page).to_have_url(re.compile(r"/officials/$"))


def test_an_official_draws_a_plan_anyone_can_check(page, town, live_server):
    _sign_in(page, town["official"])
    officials_nav = page.get_by_role("navigation", name=zh("Officials"))
    officials_nav.get_by_role("link", name=zh("Random inspections")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Random inspections (双随机、一公开)")
    )
    page.get_by_role("link", name=zh("New plan")).first.click()
    page.locator("#id_number").fill("杭市监抽〔2026〕9号")
    page.locator("#id_title").fill("2026年度食品经营者双随机抽查")
    page.locator("#id_starts_on").fill("2026-03-01")
    page.locator("#id_ends_on").fill("2026-06-30")
    page.locator("#id_region_prefix").fill("3301")
    page.locator("#id_stratification").select_option("all")
    page.locator("#id_public_value_source").fill(
        "中国福利彩票3D第2026060期开奖号码，三位数字连写"
    )
    page.get_by_role("button", name=zh("Save the draft plan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2026年度食品经营者双随机抽查"
    )

    page.locator("#id_item-title").fill("食品经营许可情况检查")
    page.locator("#id_item-legal_basis").fill(
        "《中华人民共和国食品安全法》第一百一十条"
    )
    page.get_by_role("button", name=zh("Add the item")).click()
    expect(page.get_by_text("食品经营许可情况检查", exact=True)).to_be_visible()
    # The live population preview: the five companies of the district.
    expect(page.locator('[data-population="all"]')).to_have_text("5")
    page.locator("#id_size_all").fill("2")
    page.get_by_role("button", name=zh("Save the sample sizes")).click()
    expect(page.locator("#id_size_all")).to_have_value("2")

    page.get_by_role("link", name=zh("Review and commit…")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Commit the plan?"))
    page.get_by_role("button", name=zh("Commit and publish the pools")).click()
    plan = InspectionPlan.objects.get(number="杭市监抽〔2026〕9号")
    expect(page.get_by_text(plan.commitment).first).to_be_visible()
    page.locator("#id_public_value").fill(" 471 ")
    page.get_by_role("button", name=zh("Check the value…")).click()
    expect(page.locator("[data-confirm-value]")).to_have_text("471")
    page.get_by_role("button", name=zh("Draw now")).click()
    expect(page.locator("[data-public-value]")).to_have_text("471")
    expect(page.locator("tr[data-drawn]")).to_have_count(2)

    page.get_by_role("link", name=re.compile(zh("Record the result"))).first.click()
    page.locator("#id_category").select_option("ordered_to_correct")
    page.locator("#id_decided_on").fill(timezone.localdate().isoformat())
    page.locator("#id_details").fill("现场检查经营场所及台账。")
    page.get_by_role("button", name=zh("Save the result")).click()
    page.get_by_role("button", name=zh("Publish"), exact=True).click()
    expect(page.locator("#result-state")).to_contain_text(zh("Published"))
    result = InspectionResult.objects.get()
    assert result.published_at is not None

    page.goto(reverse("inspections:check", args=[plan.pk]))
    expect(page.locator('[data-check-result="match"]')).to_be_visible()


def _phone_pages(world) -> list[str]:
    result = world.corrected
    base = "/officials/inspections/"
    return [
        base,
        base + "new/",
        f"{base}{world.draft_plan.pk}/",
        f"{base}{world.draft_plan.pk}/commit/",
        f"{base}{world.committed.pk}/",
        f"{base}{world.plan.pk}/",
        f"{base}{world.plan.pk}/entities/{result.drawn_id}/items/{result.item_id}/",
        base + "inspectors/",
        f"{base}inspectors/{world.inspectors[0].pk}/",
    ]


@pytest.mark.parametrize("language", ["", "/en"], ids=["zh-hans", "en"])
def test_no_page_is_wider_than_a_phone(new_page, transactional_db, language):
    """Nothing overflows at 390 px, and axe finds no serious problem."""
    axe = Axe()
    world = inspection_world()
    page = new_page(viewport=PHONE, is_mobile=True)
    _sign_in(page, make_official(authority=world.lead))
    for path in _phone_pages(world):
        assert page.goto(language + path).status == 200, path
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, (path, [(v["id"], v["help"]) for v in blocking])
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        overflowing = page.evaluate(OVERFLOWING, PHONE["width"])
        assert scroll_width <= PHONE["width"] + 1, (
            f"{path} is {scroll_width}px wide; overflowing: {overflowing}"
        )
        assert not overflowing, (path, overflowing)
