"""The applicant's form: what applies, eligibility, never lost, never doubled,
files checked and kept private, abuse kept out."""

import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from portal.appeals.choices import AppealKind, EvidenceRole, Status
from portal.appeals.models import Appeal, AppealEvent, Evidence
from portal.appeals.tracking import hash_secret, hash_token
from tests.appeals.factories import (
    EXE,
    PNG,
    big_pdf,
    form_data,
    pdf,
    repairable_penalty,
    upload,
    young_penalty,
)
from tests.factories import make_permit

pytestmark = pytest.mark.django_db


def url(record, record_type="penalty"):
    return f"/appeals/new/?record={record_type}:{record.pk}"


def _stored_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_FILES_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


class TestTheFormShowsWhatApplies:
    def test_a_penalty_open_for_repair(self, client, authority):
        penalty = repairable_penalty(authority=authority)
        response = client.get(url(penalty))
        html = response.content.decode()
        assert response.status_code == 200
        assert penalty.decision_number in html
        assert authority.name in html
        assert penalty.repair_from.isoformat() in html
        assert "现在可以申请信用修复。" in html
        # The evidence needed, and that it costs nothing.
        assert "信用承诺书" in html
        assert "<strong>信用修复免费。</strong>" in html.split("<main")[1]
        assert 'name="fulfilment_proof"' in html and 'name="commitment_letter"' in html

    def test_a_penalty_before_its_repair_date_says_from_when(self, client):
        penalty = young_penalty()
        html = client.get(url(penalty)).content.decode()
        assert penalty.repair_from.isoformat() in html
        assert 'class="errors"' in html  # the refusal, before anyone types

    def test_a_permit_offers_only_an_objection(self, client):
        permit = make_permit()
        response = client.get(url(permit, "permit"))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="repair"' not in html
        assert 'name="fulfilment_proof"' not in html

    def test_in_english(self, client):
        penalty = repairable_penalty()
        html = client.get(f"/en{url(penalty)}").content.decode()
        assert "Credit repair is free of charge." in html
        assert "signed credit commitment letter" in html

    @pytest.mark.parametrize("record", ["", "penalty:999999", "penalty:x", "entity:1"])
    def test_no_public_record_no_form(self, client, record):
        response = client.get(f"/appeals/new/?record={record}")
        assert response.status_code == 404
        assert "<form" not in response.content.decode().split("<main")[1]


class TestEligibility:
    def test_repair_before_the_minimum_period_is_refused_with_the_date(self, client):
        penalty = young_penalty()
        response = client.post(url(penalty), form_data(penalty))
        assert response.status_code == 400
        assert not Appeal.objects.exists()
        errors = response.context["form"].errors["kind"]
        assert penalty.repair_from.isoformat() in errors[0]
        # An objection to the same record goes through now.
        data = form_data(penalty, kind=AppealKind.OBJECTION)
        assert client.post(url(penalty), data).status_code == 302
        assert Appeal.objects.get().kind == AppealKind.OBJECTION

    def test_repair_after_the_minimum_period_is_accepted(
        self, client, authority, settings
    ):
        penalty = repairable_penalty(authority=authority)
        response = client.post(url(penalty), form_data(penalty))
        appeal = Appeal.objects.get()
        assert response.status_code == 302
        assert response["Location"].startswith(f"/appeals/submitted/{appeal.number}/")
        assert (appeal.kind, appeal.status) == (AppealKind.REPAIR, Status.RECEIVED)
        assert appeal.authority == authority
        assert (appeal.record_type, appeal.record_id) == ("penalty", penalty.pk)
        assert appeal.record_label == penalty.decision_number
        roles = sorted(appeal.evidence.values_list("role", flat=True))
        assert roles == [EvidenceRole.COMMITMENT, EvidenceRole.FULFILMENT]
        assert AppealEvent.objects.filter(appeal=appeal).count() == 1

    def test_a_repair_application_needs_both_documents(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty)
        del data["commitment_letter"]
        response = client.post(url(penalty), data)
        assert response.status_code == 400
        assert "commitment_letter" in response.context["form"].errors
        assert not Appeal.objects.exists()

    def test_an_objection_says_what_is_wrong(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty, kind=AppealKind.OBJECTION, ground="")
        response = client.post(url(penalty), data)
        assert "ground" in response.context["form"].errors


class TestNeverLostNeverDoubled:
    def test_the_confirmation_shows_the_number_and_the_secret(self, client):
        penalty = repairable_penalty()
        response = client.post(url(penalty), form_data(penalty), follow=True)
        appeal = Appeal.objects.get()
        secret = response.context["secret"]
        assert appeal.number.startswith(f"{appeal.received_on.year}-")
        assert appeal.secret_hash == hash_secret(secret) != secret
        html = response.content.decode()
        assert appeal.number in html and secret in html
        assert f"/appeals/track/{appeal.number}/{secret}/" in html
        # A refresh of the confirmation shows the same, and creates nothing.
        again = client.get(response.redirect_chain[-1][0])
        assert again.context["secret"] == secret
        assert Appeal.objects.count() == 1
        # The secret is kept nowhere but in its hash (nor is the form's token).
        stored = str(list(Appeal.objects.values()))
        assert secret not in stored
        assert str(appeal.token_hash) in stored and "token:" not in stored

    def test_a_double_submit_creates_one_case(self, client, settings):
        penalty = repairable_penalty()
        token = uuid.uuid4()
        first = client.post(url(penalty), form_data(penalty, token=token))
        second = client.post(url(penalty), form_data(penalty, token=token))
        assert Appeal.objects.count() == 1
        assert Evidence.objects.count() == 2
        # The second sent files were not kept: only the first case's two.
        assert len(_stored_files(settings)) == 2
        assert first["Location"] == second["Location"]
        # The second answer still shows the secret of the one case.
        assert client.get(second["Location"]).context["secret"]

    def test_the_same_form_from_another_browser_shows_the_same_case(self, client):
        penalty = repairable_penalty()
        token = uuid.uuid4()
        first = client.post(url(penalty), form_data(penalty, token=token), follow=True)
        other = Client()
        again = other.post(url(penalty), form_data(penalty, token=token), follow=True)
        assert Appeal.objects.count() == 1
        assert again.context["appeal"] == first.context["appeal"]
        assert again.context["secret"] == first.context["secret"]

    def test_without_the_right_secret_the_confirmation_is_closed(self, client):
        penalty = repairable_penalty()
        client.post(url(penalty), form_data(penalty))
        appeal = Appeal.objects.get()
        response = Client().get(f"/appeals/submitted/{appeal.number}/guess/")
        assert response.status_code == 302
        assert response["Location"].startswith("/appeals/track/")

    def test_a_rejected_upload_keeps_the_form(self, client, settings):
        penalty = repairable_penalty()
        token = uuid.uuid4()
        data = form_data(
            penalty,
            token=token,
            statement="罚款已缴清，见附件。",
            applicant_name="杭州华信网络科技有限公司",
            contact="13812345678",
            commitment_letter=upload("信用承诺书.pdf", EXE),
        )
        response = client.post(url(penalty), data)
        assert response.status_code == 400
        assert not Appeal.objects.exists()
        assert _stored_files(settings) == []
        html = response.content.decode()
        assert "罚款已缴清，见附件。" in html
        assert 'value="杭州华信网络科技有限公司"' in html
        assert 'value="13812345678"' in html
        assert f'value="{token}"' in html
        assert 'id="id_kind_1" value="repair" checked' in html
        assert 'id="files-again"' in html  # files must be chosen again
        error = response.context["form"].errors["commitment_letter"][0]
        assert "信用承诺书.pdf" in error and "PDF" in error
        # Sent again with a real PDF, the same token makes the one case.
        data["commitment_letter"] = pdf("信用承诺书.pdf")
        data["fulfilment_proof"] = pdf()
        assert client.post(url(penalty), data).status_code == 302
        assert Appeal.objects.get().token_hash == hash_token(token)

    def test_an_oversized_file_is_refused(self, client, settings):
        settings.APPEALS_MAX_FILE_BYTES = 1024 * 1024
        penalty = repairable_penalty()
        data = form_data(penalty, fulfilment_proof=big_pdf(1024 * 1024 + 1))
        response = client.post(url(penalty), data)
        assert response.status_code == 400
        assert "1 MB" in response.context["form"].errors["fulfilment_proof"][0]
        assert not Appeal.objects.exists()

    def test_too_many_files_are_refused(self, client, settings):
        settings.APPEALS_MAX_FILES = 3
        penalty = repairable_penalty()
        data = form_data(penalty, evidence=[pdf("a.pdf"), pdf("b.pdf")])
        response = client.post(url(penalty), data)
        assert "evidence" in response.context["form"].errors
        assert not Appeal.objects.exists()


class TestFilesArePrivate:
    def test_files_are_kept_outside_media_under_random_names(self, client, settings):
        penalty = repairable_penalty()
        data = form_data(penalty, evidence=[upload("现场照片.pdf", PNG, "image/png")])
        client.post(url(penalty), data)
        files = list(Evidence.objects.order_by("pk"))
        assert len(files) == 3
        photo = files[-1]
        assert (photo.original_name, photo.content_type) == (
            "现场照片.pdf",
            "image/png",
        )
        path = Path(photo.file.path)
        assert path.is_relative_to(Path(settings.PRIVATE_FILES_ROOT))
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert path.suffix == ".png" and "现场照片" not in path.name
        assert path.read_bytes() == PNG
        with pytest.raises(ValueError):
            _ = photo.file.url  # no address serves it


class TestAbuse:
    def test_the_honeypot_refuses_robots(self, client):
        penalty = repairable_penalty()
        response = client.post(
            url(penalty), form_data(penalty, website="http://spam.example")
        )
        assert response.status_code == 400
        assert not Appeal.objects.exists()

    def test_submissions_are_limited_per_address(self, client, settings):
        settings.APPEALS_SUBMISSIONS_PER_HOUR = 2
        penalty = repairable_penalty()
        # Different applicants: the same one would be asked about a second case.
        for n in range(2):
            data = form_data(penalty, contact=f"applicant{n}@example.com")
            assert client.post(url(penalty), data).status_code == 302
        response = client.post(url(penalty), form_data(penalty, statement="第三次申请"))
        assert response.status_code == 429
        assert "第三次申请" in response.content.decode()  # kept, not lost
        assert Appeal.objects.count() == 2
        # Another address is not held back.
        other = client.post(
            url(penalty),
            form_data(penalty, contact="other@example.com"),
            REMOTE_ADDR="203.0.113.7",
        )
        assert other.status_code == 302

    def test_behind_a_proxy_the_forwarded_address_counts(self, client, settings):
        settings.APPEALS_SUBMISSIONS_PER_HOUR = 1
        settings.TRUSTED_PROXIES = 1
        penalty = repairable_penalty()
        for address in ("198.51.100.1", "198.51.100.2"):
            response = client.post(
                url(penalty),
                form_data(penalty, contact=f"from-{address}@example.com"),
                HTTP_X_FORWARDED_FOR=f"10.0.0.1, {address}",
            )
            assert response.status_code == 302
        assert Appeal.objects.count() == 2

    def test_csrf_is_checked(self):
        penalty = repairable_penalty()
        client = Client(enforce_csrf_checks=True)
        assert client.post(url(penalty), form_data(penalty)).status_code == 403
        assert not Appeal.objects.exists()


class TestContact:
    @pytest.mark.parametrize(
        ("typed", "email", "phone"),
        [
            ("wangwei@example.com", "wangwei@example.com", ""),
            ("138 1234 5678", "", "13812345678"),
            ("+86 138-1234-5678", "", "13812345678"),
            ("0571-87654321", "", "057187654321"),
        ],
    )
    def test_email_or_phone(self, client, typed, email, phone):
        penalty = repairable_penalty()
        client.post(url(penalty), form_data(penalty, contact=typed))
        appeal = Appeal.objects.get()
        assert (appeal.contact_email, appeal.contact_phone) == (email, phone)

    @pytest.mark.parametrize("typed", ["wang@", "12345", "电话", "2381234567"])
    def test_anything_else_is_refused(self, client, typed):
        penalty = repairable_penalty()
        response = client.post(url(penalty), form_data(penalty, contact=typed))
        assert "contact" in response.context["form"].errors
        assert not Appeal.objects.exists()


class TestEmails:
    def test_the_applicant_gets_the_private_link_and_the_handlers_the_case(
        self, client, handler, django_capture_on_commit_callbacks
    ):
        penalty = repairable_penalty(authority=handler.authority)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url(penalty), form_data(penalty), follow=True)
        appeal = Appeal.objects.get()
        secret = response.context["secret"]
        to_applicant, to_handlers = mail.outbox
        assert to_applicant.to == ["wangwei@example.com"]
        assert appeal.number in to_applicant.subject
        assert f"/appeals/track/{appeal.number}/{secret}/" in to_applicant.body
        assert "免费" in to_applicant.body
        assert to_handlers.to == ["handler@example.gov.cn"]
        assert f"/officials/appeals/{appeal.pk}/" in to_handlers.body
        # The handlers' email carries no applicant data.
        assert "wangwei" not in to_handlers.body and "王伟" not in to_handlers.body

    def test_an_english_applicant_is_written_to_in_english(
        self, client, django_capture_on_commit_callbacks
    ):
        penalty = repairable_penalty()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en{url(penalty)}", form_data(penalty))
        assert Appeal.objects.get().language == "en"
        assert "was received" in mail.outbox[0].subject
        assert "/en/appeals/track/" in mail.outbox[0].body

    def test_a_phone_number_gets_no_email(
        self, client, django_capture_on_commit_callbacks
    ):
        penalty = repairable_penalty()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url(penalty), form_data(penalty, contact="13812345678"), follow=True
            )
        assert mail.outbox == []
        html = response.content.decode()
        assert "不会发送邮件" in html
        assert response.context["secret"] in html


def test_a_resend_without_its_files_still_finds_the_case(client):
    penalty = repairable_penalty()
    token = uuid.uuid4()
    first = client.post(url(penalty), form_data(penalty, token=token))
    data = form_data(penalty, token=token)
    del data["fulfilment_proof"], data["commitment_letter"]
    again = client.post(url(penalty), data)
    assert again["Location"] == first["Location"]
    assert Appeal.objects.count() == 1
