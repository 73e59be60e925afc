"""The filter panel with JavaScript: open on a desk, folded on a phone, an
authority menu that follows the region, and addresses without empty fields."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.support import require_playwright
from tests.factories import make_authority, make_region

require_playwright()

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def test_the_panel_opens_on_a_desk_and_stays_folded_on_a_phone(new_page, public_data):
    desk = new_page(viewport=DESK)
    desk.goto("/penalties/")
    expect(desk.locator("details.filter-panel")).to_have_attribute("open", "")
    phone = new_page(viewport=PHONE, is_mobile=True)
    phone.goto("/penalties/")
    panel = phone.locator("details.filter-panel")
    assert panel.evaluate("(details) => !details.open")
    panel.locator("summary").click()
    expect(phone.get_by_label("地区", exact=True)).to_be_visible()


def test_the_authority_menu_follows_the_region_and_narrows_by_name(
    new_page, public_data
):
    ningbo = make_region(code="330200", name="宁波市")
    make_authority(name="宁波市生态环境局", region=ningbo)
    wanted = make_authority(name="宁波市市场监督管理局", region=ningbo)
    page = new_page(viewport=DESK)
    page.goto("/penalties/")
    authority = page.locator("select[name='authority']")
    # Nothing is listed before a region is chosen (two thousand would be too many).
    assert authority.locator("option").count() == 1
    page.locator("select[name='region']").select_option("330200")
    expect(authority.locator("option")).to_have_count(3)
    page.get_by_label("按名称查找机关").fill("市场")
    expect(authority.locator("option")).to_have_count(2)
    authority.select_option(str(wanted.pk))
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/penalties/?*")
    # Only what was chosen is in the address: no empty fields.
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    assert query == {"region": ["330200"], "authority": [str(wanted.pk)]}
    expect(page.locator(".chosen-filters")).to_contain_text("宁波市市场监督管理局")


def test_without_javascript_the_address_is_cleaned_by_the_server(new_page, public_data):
    page = new_page(viewport=DESK, java_script_enabled=False)
    page.goto("/penalties/")
    # Without JavaScript the panel stays folded on a desk too; one click opens it.
    page.locator("details.filter-panel summary").click()
    page.locator("select[name='region']").select_option("330100")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/penalties/?region=330100")
    # The region's authorities are offered once the region is applied.
    options = page.locator("select[name='authority'] option")
    expect(options.filter(has_text="杭州市市场监督管理局").first).to_be_attached()
