"""A repair application in a real browser, from the penalty to its withdrawal.

A citizen opens a penalty, applies for credit repair with two PDFs, and
follows the case from another browser with its number and secret; an
official signs in with a TOTP code (computed from the secret, as their app
would), grants the repair; the penalty leaves public view and search.
"""

import datetime
import re

import pytest
from django.utils import timezone

from portal.search import indexing
from tests.appeals.factories import PDF
from tests.browser.support import fact, require_playwright, zh
from tests.factories import make_authority, make_company, make_penalty, make_region
from tests.publishing.factories import PASSWORD, make_official, totp_code

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def appeal_data(transactional_db, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    authority = make_authority(name="杭州市市场监督管理局", region=make_region())
    handler = make_official(
        authority=authority, is_publisher=False, is_appeals_handler=True
    )
    company = make_company(name="杭州镕铖贸易有限公司")
    penalty = make_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2026〕31号",
        decided_on=timezone.localdate() - datetime.timedelta(days=150),
    )
    indexing.rebuild()
    return {"authority": authority, "handler": handler, "penalty": penalty}


def _audit(page, axe):
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, [(v["id"], v["help"]) for v in blocking]


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_a_citizen_applies_for_repair_and_an_official_grants_it(
    new_page, appeal_data, live_server
):
    axe = Axe()
    penalty, handler = appeal_data["penalty"], appeal_data["handler"]

    # The citizen, on the penalty's page.
    citizen = new_page()
    citizen.goto(penalty.get_absolute_url())
    expect(fact(citizen, zh("Repair may be applied for from"))).to_have_text(
        penalty.repair_from.isoformat()
    )
    citizen.get_by_role(
        "link", name=zh("Object or apply for repair"), exact=True
    ).click()
    expect(citizen).to_have_url(
        re.compile(rf"/appeals/new/\?record=penalty:{penalty.pk}$")
    )
    expect(citizen.get_by_text(zh("You may apply for repair now."))).to_be_visible()
    _audit(citizen, axe)

    citizen.get_by_label(zh("Credit repair application")).check()
    citizen.get_by_label(zh("Your name")).fill("王伟")
    citizen.get_by_label(zh("I am the party named in the record")).check()
    citizen.get_by_label(zh("Email or phone number")).fill("wangwei@example.com")
    citizen.get_by_label(zh("Your statement")).fill("罚款已缴清，违法行为已整改。")
    citizen.get_by_label(zh("Proof of fulfilment")).set_input_files(
        files=[_pdf("缴款凭证.pdf")]
    )
    citizen.get_by_label(
        zh("Signed credit commitment letter (信用承诺书)")
    ).set_input_files(files=[_pdf("信用承诺书.pdf")])
    citizen.get_by_role("button", name=zh("Send"), exact=True).click()

    expect(citizen.get_by_role("heading", level=1)).to_have_text(
        zh("Your application was received")
    )
    number = citizen.locator("#tracking-number").inner_text().strip()
    secret = citizen.locator("#tracking-secret").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{6}", number)
    _audit(citizen, axe)

    # Later, from another browser: the number and the secret open the case.
    tracker = new_page()
    tracker.goto("/appeals/track/")
    tracker.get_by_label(zh("Tracking number")).fill(number)
    tracker.get_by_label(zh("Secret")).fill(secret)
    tracker.get_by_role("button", name=zh("Open the case")).click()
    expect(tracker).to_have_url(f"{live_server.url}/appeals/track/{number}/")
    expect(tracker.locator("#case-status")).to_have_text(zh("Received"))
    _audit(tracker, axe)

    # The public sees the penalty as under appeal, and nothing of the applicant.
    public = new_page()
    public.goto(penalty.get_absolute_url())
    expect(public.locator("#under-appeal")).to_have_text(zh("Under appeal"))
    expect(public.get_by_text("王伟")).to_have_count(0)

    # The official signs in with a TOTP code and decides.
    official = new_page()
    official.goto("/officials/")
    official.get_by_label(zh("User name")).fill(handler.user.username)
    official.get_by_label(zh("Password")).fill(PASSWORD)
    official.get_by_label(zh("Code from your authenticator app")).fill(
        totp_code(handler.user)
    )
    official.get_by_role("button", name=zh("Sign in")).click()
    official.get_by_role("navigation", name=zh("Officials")).get_by_role(
        "link", name=zh("Appeals")
    ).click()
    official.get_by_role("link", name=number).click()
    expect(official.get_by_text("wangwei@example.com")).to_be_visible()
    _audit(official, axe)
    official.get_by_label(zh("Credit repair granted")).check()
    official.get_by_label(re.compile(f"^{zh('Reasons')}")).fill(
        "罚款已缴清，信用承诺书已签署，准予信用修复。"
    )
    official.get_by_role("button", name=zh("Record the decision")).click()
    expect(official.locator("#case-status")).to_contain_text(zh("Decided"))

    # The penalty has left public view and search.
    response = public.goto(penalty.get_absolute_url())
    assert response.status == 410
    expect(public.get_by_role("heading", level=1)).to_have_text(
        zh("This record is no longer public")
    )
    expect(fact(public, zh("Reason"))).to_have_text(zh("Credit repair granted"))
    public.goto(f"/search/?q={penalty.decision_number}")
    expect(public.get_by_role("link", name=penalty.decision_number)).to_have_count(0)

    # The applicant reads the decision on the tracking page.
    tracker.reload()
    expect(tracker.locator("#case-status")).to_have_text(zh("Decided"))
    expect(tracker.locator("#case-outcome")).to_have_text(zh("Credit repair granted"))
