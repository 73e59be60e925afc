"""The appeal form and the tracking page in a real browser.

A citizen opens a penalty, applies for credit repair with two PDFs, and
follows the case from another browser with its number and secret; an
official signs in with a TOTP code (computed from the secret, as their app
would), grants the repair; the penalty leaves public view and search.

The form's error journey is walked by keyboard, on a phone and at a desk, in
both languages: the error summary takes the focus, each of its links moves
the focus to its answer, nothing is wider than the screen, axe finds nothing
serious. Screenshots of the form with errors and of the tracking page at
390 px are saved under SHOTS for a person to look at.
"""

import datetime
import os
import re
import uuid
from pathlib import Path

import pytest
from django.utils import timezone, translation

from portal.appeals.choices import AppealKind, Capacity, EvidenceRole
from portal.appeals.services import handling
from portal.appeals.services.common import Upload
from portal.appeals.services.submission import submit_appeal
from portal.search import indexing
from tests.appeals.factories import PDF, pdf, reference_for
from tests.browser.support import fact, require_playwright, zh
from tests.factories import make_authority, make_company, make_penalty, make_region
from tests.publishing.factories import PASSWORD, make_official, totp_code

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
LANGUAGES = {"zh-hans": "", "en": "/en"}
LOCALES = {"zh-hans": "zh-CN", "en": "en-GB"}
SHOTS = Path(os.environ.get("APPEALS_SHOTS", "/tmp/shots/appeals"))
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1
        && !e.closest('.table-scroll'))
    .slice(0, 5)
    .map((e) => e.outerHTML.slice(0, 120))"""


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
    citizen.get_by_role("button", name=zh("Send application"), exact=True).click()

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


def _say(language: str, message: str) -> str:
    """`message` as the pages in `language` show it."""
    with translation.override(language):
        return translation.gettext(message)


def _views():
    for language in LANGUAGES:
        for name, viewport in (("phone", PHONE), ("desk", DESK)):
            yield pytest.param(language, viewport, id=f"{language}-{name}")


def _open_page(new_page, language, viewport, **options):
    return new_page(
        viewport=viewport,
        is_mobile=viewport is PHONE,
        locale=LOCALES[language],
        **options,
    )


def _fits(page, viewport):
    width = viewport["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING, width)
    assert scroll_width <= width + 1, (
        f"{page.url} is {scroll_width}px wide at {width}px: {overflowing}"
    )


def _focused(page) -> str:
    return page.evaluate(
        "() => document.activeElement.id || document.activeElement.className"
    )


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize(("language", "viewport"), list(_views()))
def test_the_error_journey_by_keyboard(new_page, appeal_data, language, viewport):
    penalty = appeal_data["penalty"]
    page = _open_page(new_page, language, viewport)
    page.goto(f"{LANGUAGES[language]}/appeals/new/?record=penalty:{penalty.pk}")
    send = page.get_by_role(
        "button", name=_say(language, "Send application"), exact=True
    )
    send.focus()
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^" + re.escape(_say(language, "Error:"))))
    expect(summary.get_by_role("heading")).to_have_text(
        _say(language, "There is a problem")
    )
    links = summary.get_by_role("link")
    targets = [link.get_attribute("href")[1:] for link in links.all()]
    assert targets == [
        "id_kind_0",
        "id_applicant_name",
        "id_capacity_0",
        "id_contact",
        "id_statement",
    ]
    # The first link is the next stop of the keyboard, and takes it there.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    assert _focused(page) == targets[0]
    for link, target in zip(links.all(), targets, strict=True):
        link.focus()
        page.keyboard.press("Enter")
        assert _focused(page) == target
        # Its question is on screen, not scrolled away above the answer.
        question = page.locator(f"#{target}").locator(
            "xpath=ancestor::div[contains(@class,'field')][1]"
        )
        expect(question.locator(".question").first).to_be_in_viewport()
        expect(question.locator(".error-message").first).to_be_visible()

    # Radios are targets of at least 24 px, and so is each whole label.
    for radio in page.locator("form.appeal-form input[type=radio]:visible").all():
        box = radio.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        label = page.locator(f"label[for={radio.get_attribute('id')}]").bounding_box()
        assert label["height"] >= 24 and label["width"] >= 100, label

    _fits(page, viewport)
    _audit(page, Axe())
    if viewport is PHONE:
        page.evaluate("window.scrollTo(0, 0)")
        _shoot(page, f"form-errors-{language}-390.png")


def test_the_reasons_show_only_under_objection(new_page, appeal_data):
    penalty = appeal_data["penalty"]
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"/appeals/new/?record=penalty:{penalty.pk}")
    reasons = page.locator("#conditional-objection")
    documents = page.locator("#conditional-repair")
    expect(reasons).to_be_hidden()
    expect(documents).to_be_hidden()
    page.get_by_label(zh("Credit repair application")).check()
    expect(documents).to_be_visible()
    expect(reasons).to_be_hidden()
    expect(page.get_by_label(zh("Credit repair application"))).to_have_attribute(
        "aria-controls", "conditional-repair"
    )
    page.get_by_label(zh("Objection"), exact=True).check()
    expect(reasons).to_be_visible()
    expect(documents).to_be_hidden()
    _audit(page, Axe())


def test_without_javascript_everything_shows_and_errors_are_announced(
    new_page, appeal_data
):
    penalty = appeal_data["penalty"]
    page = new_page(viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page.goto(f"/en/appeals/new/?record=penalty:{penalty.pk}")
    expect(page.locator("#conditional-objection")).to_be_visible()
    expect(page.locator("#conditional-repair")).to_be_visible()
    page.get_by_label("Credit repair application").check()
    page.get_by_label("Your name").fill("王伟")
    page.get_by_role("button", name="Send application").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()  # autofocus
    expect(page.get_by_label("Your name")).to_have_value("王伟")
    summary = page.locator(".error-summary")
    expect(
        summary.get_by_role("link", name=re.compile("proves the obligations"))
    ).to_have_count(1)
    expect(summary.get_by_role("link", name=re.compile("reason"))).to_have_count(0)


def _case_asking_for_material(appeal_data):
    penalty = appeal_data["penalty"]
    submission = submit_appeal(
        reference=reference_for(penalty),
        kind=AppealKind.REPAIR,
        applicant_name="王伟",
        capacity=Capacity.PARTY,
        contact_email="wangwei@example.com",
        statement="罚款已缴清，违法行为已整改。",
        uploads=[
            Upload(
                EvidenceRole.FULFILMENT, pdf("2026年罚款缴款凭证（杭州市财政局）.pdf")
            ),
            Upload(EvidenceRole.COMMITMENT, pdf("信用承诺书.pdf")),
        ],
        token=uuid.uuid4(),
        language="zh-hans",
        site_url="http://testserver/",
    )
    handling.accept_appeal(
        official=appeal_data["handler"], appeal=submission.appeal, site_url="/"
    )
    handling.request_material(
        official=appeal_data["handler"],
        appeal=submission.appeal,
        message="请补充整改报告（加盖公章）和现场整改照片。",
        site_url="/",
    )
    return submission


@pytest.mark.parametrize(("language", "viewport"), list(_views()))
def test_the_tracking_page(new_page, appeal_data, language, viewport):
    submission = _case_asking_for_material(appeal_data)
    number, prefix = submission.appeal.number, LANGUAGES[language]
    page = _open_page(new_page, language, viewport)
    page.goto(f"{prefix}/appeals/track/{number}/{submission.secret}/")
    expect(page).to_have_url(re.compile(rf"/appeals/track/{number}/$"))

    steps = page.locator("#timeline li.step")
    expect(steps).to_have_count(3)
    expect(steps.last).to_contain_text("请补充整改报告")
    files = page.locator("#files-sent tbody tr")
    expect(files).to_have_count(2)
    expect(files.first).to_contain_text("2026年罚款缴款凭证（杭州市财政局）.pdf")
    expect(page.locator("#next-step")).to_contain_text(
        _say(language, "Send the material the authority asked for.")
    )
    expect(page.locator("#contact")).to_contain_text(appeal_data["authority"].name)
    _fits(page, viewport)
    _audit(page, Axe())
    if viewport is PHONE:
        _shoot(page, f"tracking-{language}-390.png")

    # The material asked for, sent from the page: the handler has it.
    page.locator("#id_note").fill("整改报告见附件。")
    page.locator("#id_evidence").set_input_files(files=[_pdf("整改报告.pdf")])
    page.get_by_role("button", name=_say(language, "Send the material")).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#files-sent tbody tr")).to_have_count(3)
    expect(page.locator("#material")).to_have_count(0)
    assert submission.appeal.evidence.filter(original_name="整改报告.pdf").exists()
    _fits(page, viewport)
    if viewport is PHONE:
        _shoot(page, f"tracking-after-material-{language}-390.png")


def _fill_objection(page):
    page.get_by_label(zh("Objection"), exact=True).check()
    page.get_by_label(zh("The content of the record is wrong")).check()
    page.get_by_label(zh("Your name")).fill("王伟")
    page.get_by_label(zh("I am the party named in the record")).check()
    page.get_by_label(zh("Email or phone number")).fill("wangwei@example.com")
    page.get_by_label(zh("Your statement")).fill("处罚决定书所列事实有误。")
    page.get_by_role("button", name=zh("Send application"), exact=True).click()


def test_a_second_case_is_asked_about_before_it_is_taken(new_page, appeal_data):
    penalty = appeal_data["penalty"]
    form = f"/appeals/new/?record=penalty:{penalty.pk}"
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto(form)
    _fill_objection(page)
    number = page.locator("#tracking-number").inner_text().strip()
    # The same objection again, from a fresh form: warned, typed answers kept.
    page.goto(form)
    _fill_objection(page)
    warning = page.locator("#second-case")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(warning).to_contain_text(number)
    expect(page.get_by_label(zh("Your statement"))).to_have_value(
        "处罚决定书所列事实有误。"
    )
    _fits(page, PHONE)
    _audit(page, Axe())
    _shoot(page, "second-case-zh-hans-390.png")
    page.get_by_label(zh("Send this as a second case")).check()
    page.get_by_role("button", name=zh("Send application"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Your application was received")
    )
    assert page.locator("#tracking-number").inner_text().strip() != number


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_commitment_letter_prints_on_a_phone(new_page, appeal_data, language):
    penalty = appeal_data["penalty"]
    page = _open_page(new_page, language, PHONE)
    page.goto(
        f"{LANGUAGES[language]}/appeals/commitment-letter/?record=penalty:{penalty.pk}"
    )
    expect(page.locator("article[lang=zh-Hans]")).to_contain_text(
        penalty.decision_number
    )
    _fits(page, PHONE)
    _audit(page, Axe())
    _shoot(page, f"commitment-letter-{language}-390.png")
