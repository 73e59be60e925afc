"""The tracking page: the timeline, the files sent, the next step and its
deadline, whom to contact, and more material when it is asked for."""

import datetime

import pytest
from django.utils import timezone

from portal.appeals.choices import AppealKind, Outcome, Status
from portal.appeals.models import Appeal, Evidence
from portal.appeals.services import handling
from tests.appeals.factories import (
    EXE,
    SITE,
    make_appeal,
    pdf,
    repairable_penalty,
    upload,
)
from tests.appeals.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(authority):
    return make_appeal(repairable_penalty(authority=authority))


def _open(client, submission, language=""):
    client.post(
        f"{language}/appeals/track/",
        {"number": submission.appeal.number, "secret": submission.secret},
    )
    return client.get(f"{language}/appeals/track/{submission.appeal.number}/")


class TestTimeline:
    def test_each_step_with_its_date(self, client, filed, handler):
        handling.accept_appeal(official=handler, appeal=filed.appeal, site_url=SITE)
        handling.request_material(
            official=handler,
            appeal=filed.appeal,
            message="请补充整改报告。",
            site_url=SITE,
        )
        page = parse(_open(client, filed, "/en"))
        steps = page.by_id("timeline").find_all("li", class_="step")
        titles = [step.find("h3").text() for step in steps]
        assert titles == [
            "Application received",
            "Accepted, being examined",
            "More material asked for",
        ]
        today = timezone.localdate().isoformat()
        for step in steps:
            assert step.find("time")["datetime"].startswith(today)
        assert "请补充整改报告。" in steps[2].text()
        # Officials stay unnamed.
        assert handler.user.username not in page.text()


class TestFiles:
    def test_each_file_by_name_and_size(self, client, filed):
        page = parse(_open(client, filed, "/en"))
        rows = page.by_id("files-sent").find_all("tr")[1:]
        cells = [[cell.text() for cell in row.find_all(("th", "td"))] for row in rows]
        names = [row[0] for row in cells]
        assert names == ["缴款凭证.pdf", "信用承诺书.pdf"]
        assert cells[0][1] == "Proof of fulfilment"
        size = Evidence.objects.first().size
        assert cells[0][2] == f"{size} bytes"
        assert "Files sent" in page.text()

    def test_no_files_is_said_in_words(self, client):
        submission = make_appeal(kind=AppealKind.OBJECTION)
        page = parse(_open(client, submission, "/en"))
        assert "You have not sent any files." in page.by_id("files").text()


class TestNextStep:
    def test_a_repair_just_received_is_answered_by_its_deadline(self, client, filed):
        page = parse(_open(client, filed, "/en"))
        step = page.by_id("next-step")
        due = filed.appeal.due_on
        assert step.find("time")["datetime"] == due.isoformat()
        text = step.text()
        assert (
            "accepts your application, asks you for more material, or refuses it"
            in text
        )
        assert f"{due.day}" in text and due.strftime("%B") in text
        assert "working days from today" in text

    def test_an_accepted_objection_is_decided_by_its_deadline(self, client, handler):
        submission = make_appeal(
            repairable_penalty(authority=handler.authority), kind=AppealKind.OBJECTION
        )
        handling.accept_appeal(
            official=handler, appeal=submission.appeal, site_url=SITE
        )
        step = parse(_open(client, submission, "/en")).by_id("next-step")
        assert "decides on your objection" in step.text()

    def test_waiting_for_material_the_clock_is_stopped(self, client, filed, handler):
        handling.request_material(
            official=handler, appeal=filed.appeal, message="请补充。", site_url=SITE
        )
        step = parse(_open(client, filed, "/en")).by_id("next-step")
        text = step.text()
        assert "Send the material the authority asked for" in text
        left = Appeal.objects.get().paused_days
        assert f"{left} working days" in text
        assert step.find("a", href="#material") is not None

    def test_an_overdue_case_says_it_is_late(self, client, filed):
        past = timezone.localdate() - datetime.timedelta(days=30)
        Appeal.objects.filter(pk=filed.appeal.pk).update(due_on=past)
        step = parse(_open(client, filed, "/en")).by_id("next-step")
        assert "is late" in step.text()

    def test_a_decided_case_has_nothing_more_to_do(self, client, filed, handler):
        handling.decide_appeal(
            official=handler,
            appeal=filed.appeal,
            outcome=Outcome.REJECTED,
            reason="材料不全。",
            site_url=SITE,
        )
        step = parse(_open(client, filed, "/en")).by_id("next-step")
        assert "Nothing more is needed from you" in step.text()


class TestContact:
    def test_the_authority_and_how_it_is_reached(self, client, filed, authority):
        page = parse(_open(client, filed, "/en"))
        contact = page.by_id("contact")
        assert authority.name in contact.text()
        assert contact.find("a", href=f"/en/authorities/{authority.pk}/")
        assert "email or phone number you gave" in contact.text()

    def test_the_authority_s_contact_details(self, client, filed, authority):
        authority.contact_office = "法制科"
        authority.contact_phone = "0571-87654321转8012"
        authority.contact_email = "xyxf@scjg.hangzhou.gov.cn"
        authority.contact_address = "杭州市解放东路18号"
        authority.contact_hours = "工作日 9:00–17:00"
        authority.save()
        contact = parse(_open(client, filed, "/en")).by_id("contact")
        text = contact.text()
        for value in ("法制科", "杭州市解放东路18号", "工作日 9:00–17:00"):
            assert value in text
        assert contact.find("a", href="tel:057187654321,8012").text() == (
            "0571-87654321转8012"
        )
        assert contact.find("a", href="mailto:xyxf@scjg.hangzhou.gov.cn")
        # The tracking number is still to be quoted.
        assert f"quote your tracking number {filed.appeal.number}" in text

    def test_without_details_the_tracking_number_is_still_asked_for(
        self, client, filed
    ):
        contact = parse(_open(client, filed, "/en")).by_id("contact")
        assert f"quote your tracking number {filed.appeal.number}" in contact.text()
        assert not contact.find("a", href="tel:")
        assert not contact.find("dl")


class TestMaterial:
    @pytest.fixture
    def asked(self, filed, handler):
        handling.request_material(
            official=handler,
            appeal=filed.appeal,
            message="请补充整改报告。",
            site_url=SITE,
        )
        return filed

    def test_the_upload_sits_under_what_was_asked(self, client, asked):
        page = parse(_open(client, asked, "/en"))
        section = page.by_id("material")
        assert "请补充整改报告。" in section.find("blockquote").text()
        form = section.find("form")
        assert form["enctype"] == "multipart/form-data"
        assert form.find("input", type="file", name="evidence").has("multiple")

    def test_sent_files_reach_the_handler(self, client, asked, handler_client):
        _open(client, asked)
        response = client.post(
            f"/appeals/track/{asked.appeal.number}/material/",
            {"note": "见附件。", "evidence": [pdf("整改报告.pdf")]},
        )
        assert response.status_code == 302
        page = parse(client.get(response["Location"]))
        names = [
            row.find("th").text() for row in page.by_id("files-sent").find_all("tr")[1:]
        ]
        assert "整改报告.pdf" in names
        handler_page = handler_client.get(f"/officials/appeals/{asked.appeal.pk}/")
        assert "整改报告.pdf" in handler_page.content.decode()

    def test_a_refused_file_shows_the_summary_and_keeps_the_note(self, client, asked):
        _open(client, asked)
        response = client.post(
            f"/en/appeals/track/{asked.appeal.number}/material/",
            {"note": "见附件。", "evidence": [upload("报告.pdf", EXE)]},
        )
        assert response.status_code == 400
        page = parse(response)
        assert page.find("title").text().startswith("Error:")
        summary = page.find("div", class_="error-summary")
        assert [a["href"] for a in summary.find_all("a")] == ["#id_evidence"]
        assert "见附件。" in page.by_id("id_note").text()
        assert Appeal.objects.get().status == Status.AWAITING_MATERIAL
