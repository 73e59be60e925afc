"""An official's journey in a real browser: sign in with a TOTP code, upload a
file, fix the row the report points at, publish, find the record publicly.

The TOTP code is computed from the official's secret, as their app would.
"""

import re

import pytest

from tests.browser.support import require_playwright, zh
from tests.factories import make_authority, make_region
from tests.publishing.factories import (
    PASSWORD,
    csv_bytes,
    make_official,
    penalty_row,
    totp_code,
)

require_playwright()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def officials_data(transactional_db, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    authority = make_authority(name="杭州市市场监督管理局", region=make_region())
    official = make_official(authority=authority, is_authority_admin=True)
    return {"authority": authority, "official": official}


def _audit(page, axe):
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, [(v["id"], v["help"]) for v in blocking]


def _upload(page, content: bytes, name: str) -> None:
    page.goto("/officials/imports/")
    page.get_by_label(zh("Record type")).select_option("penalty")
    page.get_by_label(re.compile(f"^{zh('File')}")).set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name=zh("Upload and check")).click()


def test_official_signs_in_uploads_fixes_publishes_and_sees_it_public(
    page, officials_data, live_server
):
    axe = Axe()
    official, authority = officials_data["official"], officials_data["authority"]

    page.goto("/officials/")
    expect(page).to_have_url(re.compile(r"/officials/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Officials sign in"))
    _audit(page, axe)
    page.get_by_label(zh("User name")).fill(official.user.username)
    page.get_by_label(zh("Password")).fill(PASSWORD)
    page.get_by_label(zh("Code from your authenticator app")).fill(
        totp_code(official.user)
    )
    page.get_by_role("button", name=zh("Sign in")).click()
    expect(page).to_have_url(f"{live_server.url}/officials/")
    expect(page.get_by_role("heading", level=1)).to_have_text(authority.name)
    _audit(page, axe)

    row = penalty_row(authority, CF_NR_FK="两千元", CF_XDR_MC="杭州镕铖贸易有限公司")
    _upload(page, csv_bytes("penalty", [row], encoding="gb18030"), "处罚.csv")
    problems = page.locator("table[aria-labelledby=problems]")
    expect(page.locator("#import-status")).to_have_text(zh("Checked"))
    expect(page.get_by_text("CF_NR_FK")).to_be_visible()
    expect(page.get_by_text("“两千元”", exact=False)).to_be_visible()
    # Row 2 (the first after the header), the fine column, the cell's text.
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody tr td").first).to_have_text("2")
    _audit(page, axe)
    # All-or-nothing is refused while a row is wrong: the official fixes it.
    row["CF_NR_FK"] = "0.2"
    _upload(page, csv_bytes("penalty", [row], encoding="gb18030"), "处罚.csv")
    expect(page.locator("#import-status")).to_have_text(zh("Checked"))
    page.get_by_label(zh("All rows or none")).check()
    page.get_by_role("button", name=zh("Publish"), exact=True).click()
    expect(page.locator("#import-status")).to_have_text(zh("Published"))

    page.goto("/penalties/")
    page.get_by_role("link", name=row["CF_WSH"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(row["CF_WSH"])
    expect(page.get_by_text("杭州镕铖贸易有限公司").first).to_be_visible()
    expect(page.get_by_role("heading", name=zh("Change history"))).to_be_visible()

    # The authority's own system gets a token to push the next records.
    page.goto("/officials/api-token/")
    _audit(page, axe)
    page.get_by_role("button", name=zh("Issue a token")).click()
    key = page.locator("#token-key").inner_text()
    # Shown once, whole: 32 random bytes, URL-safe (only its hash is stored).
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key)
    expect(page.get_by_role("button", name=zh("Replace the token"))).to_be_visible()
    _audit(page, axe)
