"""The handlers' side: TOTP and role, scoped to the authority, the queue and its
deadlines, the steps, and decisions that change the record everywhere."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.appeals.choices import AppealKind, EvidenceRole, Outcome, Remedy, Status
from portal.appeals.models import Appeal
from portal.appeals.services import handling
from portal.appeals.services.common import Upload
from portal.core.models import ChangeLogEntry
from portal.creditlists.models import ListEntry
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.disclosures.models import Penalty
from portal.publishing.exceptions import NotPermitted
from portal.search import indexing
from portal.search.models import SearchDocument
from tests.appeals.factories import (
    JPEG,
    PDF,
    PNG,
    SITE,
    make_appeal,
    pdf,
    repairable_penalty,
    upload,
)
from tests.appeals.test_evidence import POLYGLOT
from tests.factories import make_list_entry, make_permit
from tests.publishing.conftest import sign_in
from tests.publishing.factories import PASSWORD, make_official

pytestmark = pytest.mark.django_db
QUEUE = "/officials/appeals/"


def _api_ids(client):
    """The ids on the first page of the public API's penalties."""
    rows = client.get("/api/v1/penalties/").json()["results"]
    return [row["id"] for row in rows]


def case_url(appeal, suffix=""):
    return f"/officials/appeals/{appeal.pk}/{suffix}"


@pytest.fixture
def repair(authority):
    return make_appeal(repairable_penalty(authority=authority))


class TestTheGate:
    def test_a_password_alone_is_not_enough(self, client, handler, repair):
        client.login(username=handler.user.username, password=PASSWORD)
        response = client.get(QUEUE)
        assert response.status_code == 302
        assert response["Location"].startswith("/officials/login/")

    def test_a_publisher_without_the_role_is_refused(self, client, authority, repair):
        publisher = make_official(authority=authority)
        sign_in(client, publisher)
        assert client.get(QUEUE).status_code == 403
        assert client.get(case_url(repair.appeal)).status_code == 403

    def test_the_queue_is_scoped_to_the_authority(
        self, client, other_handler, repair, handler_client
    ):
        assert repair.appeal.number in handler_client.get(QUEUE).content.decode()
        other = sign_in(Client(), other_handler)
        assert repair.appeal.number not in other.get(QUEUE).content.decode()
        # Another authority's case, its files and its steps are simply not found.
        evidence = repair.appeal.evidence.first()
        assert other.get(case_url(repair.appeal)).status_code == 404
        assert (
            other.get(case_url(repair.appeal, f"evidence/{evidence.pk}/")).status_code
            == 404
        )
        decided = other.post(
            case_url(repair.appeal, "decide/"),
            {"outcome": "repaired", "reason": "准予修复"},
        )
        assert decided.status_code == 404
        assert Appeal.objects.get().status == Status.RECEIVED

    def test_the_services_check_the_scope_too(self, other_handler, repair):
        with pytest.raises(NotPermitted):
            handling.accept_appeal(
                official=other_handler, appeal=repair.appeal, site_url=SITE
            )


class TestTheQueue:
    def test_overdue_cases_are_highlighted_first(self, handler_client, authority):
        late = make_appeal(
            repairable_penalty(authority=authority),
            kind=AppealKind.OBJECTION,
            now=timezone.now() - datetime.timedelta(days=40),
        ).appeal
        fresh = make_appeal(repairable_penalty(authority=authority)).appeal
        response = handler_client.get(QUEUE)
        rows = response.context["rows"]
        assert [row.appeal for row in rows] == [late, fresh]
        assert rows[0].overdue and not rows[1].overdue
        assert rows[1].days_left == 10
        html = response.content.decode()
        assert html.count('class="overdue"') == 1
        assert response.context["counts"].overdue == 1
        only_late = handler_client.get(QUEUE, {"view": "overdue"}).context["rows"]
        assert [row.appeal for row in only_late] == [late]

    def test_the_case_page_shows_the_applicant_to_the_handler(
        self, handler_client, repair
    ):
        html = handler_client.get(case_url(repair.appeal)).content.decode()
        assert "王伟" in html and "wangwei@example.com" in html
        assert "缴款凭证.pdf" in html and "信用承诺书.pdf" in html

    def test_evidence_downloads_as_an_attachment(self, handler_client, repair):
        evidence = repair.appeal.evidence.first()
        response = handler_client.get(
            case_url(repair.appeal, f"evidence/{evidence.pk}/")
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF

    @pytest.mark.parametrize(
        ("name", "content", "content_type", "extension"),
        [
            ("report.html", POLYGLOT, "application/pdf", "pdf"),
            ("evil.svg", POLYGLOT, "application/pdf", "pdf"),
            ("扫描件.pdf", PDF, "application/pdf", "pdf"),
            ("photo.jpeg", JPEG, "image/jpeg", "jpg"),
            ("screenshot.PNG", PNG, "image/png", "png"),
        ],
    )
    def test_evidence_is_offered_under_its_detected_type_only(
        self, handler_client, authority, name, content, content_type, extension
    ):
        uploads = [
            Upload(EvidenceRole.FULFILMENT, upload(name, content, "text/html")),
            Upload(EvidenceRole.COMMITMENT, pdf()),
        ]
        case = make_appeal(repairable_penalty(authority=authority), uploads=uploads)
        item = case.appeal.evidence.get(role=EvidenceRole.FULFILMENT)
        assert item.content_type == content_type
        assert item.file.name.endswith(f".{extension}")
        assert name not in item.file.name
        assert item.original_name == name

        response = handler_client.get(case_url(case.appeal, f"evidence/{item.pk}/"))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="evidence-{item.pk}.{extension}"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == content

        # The name the applicant gave is shown as text, escaped.
        html = handler_client.get(case_url(case.appeal)).content.decode()
        assert name in html
        assert f"evidence-{item.pk}.{extension}" in html

    def test_the_dashboard_counts_the_cases(self, handler_client, repair):
        html = handler_client.get("/officials/").content.decode()
        assert 'href="/officials/appeals/"' in html


class TestSteps:
    def test_accept_then_ask_for_more(
        self, handler_client, repair, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            handler_client.post(case_url(repair.appeal, "accept/"), {"message": ""})
        appeal = Appeal.objects.get()
        assert appeal.status == Status.ACCEPTED
        assert appeal.accepted_on == timezone.localdate()
        assert mail.outbox[-1].subject == f"您的申请 {appeal.number} 已受理"
        with django_capture_on_commit_callbacks(execute=True):
            response = handler_client.post(
                case_url(repair.appeal, "request/"), {"message": "请补充缴款凭证。"}
            )
        assert response.status_code == 302
        appeal.refresh_from_db()
        assert appeal.status == Status.AWAITING_MATERIAL
        assert "请补充缴款凭证。" in mail.outbox[-1].body

    def test_a_request_without_a_message_is_refused(self, handler_client, repair):
        response = handler_client.post(
            case_url(repair.appeal, "request/"), {"message": ""}
        )
        assert response.status_code == 400
        assert Appeal.objects.get().status == Status.RECEIVED

    def test_a_decision_needs_reasons_and_a_fitting_outcome(
        self, handler_client, repair
    ):
        no_reason = handler_client.post(
            case_url(repair.appeal, "decide/"), {"outcome": "repaired", "reason": ""}
        )
        wrong = handler_client.post(
            case_url(repair.appeal, "decide/"), {"outcome": "upheld", "reason": "x"}
        )
        assert no_reason.status_code == wrong.status_code == 400
        assert Appeal.objects.get().status == Status.RECEIVED

    def test_a_rejection_leaves_the_record_alone(self, handler_client, repair):
        handler_client.post(
            case_url(repair.appeal, "decide/"),
            {"outcome": "rejected", "reason": "罚款尚未缴纳。"},
        )
        appeal = Appeal.objects.get()
        assert (appeal.outcome, appeal.remedy) == (Outcome.REJECTED, Remedy.NONE)
        penalty = Penalty.objects.get(pk=appeal.record_id)
        assert penalty.state == RecordState.PUBLISHED

    def test_a_case_is_decided_once(self, handler, repair):
        handling.decide_appeal(
            official=handler,
            appeal=repair.appeal,
            outcome=Outcome.REJECTED,
            reason="x",
            site_url=SITE,
        )
        with pytest.raises(handling.AppealError):
            handling.decide_appeal(
                official=handler,
                appeal=repair.appeal,
                outcome=Outcome.REPAIRED,
                reason="y",
                site_url=SITE,
            )


class TestAnUpheldCaseChangesTheRecordEverywhere:
    def test_a_granted_repair_withdraws_the_penalty(
        self, client, handler_client, authority, django_capture_on_commit_callbacks
    ):
        penalty = repairable_penalty(authority=authority)
        appeal = make_appeal(penalty).appeal
        indexing.rebuild()
        key = f"penalty:{penalty.pk}"
        public = Client()
        page = public.get(penalty.get_absolute_url()).content.decode()
        assert 'id="under-appeal"' in page
        assert "王伟" not in page and "wangwei" not in page
        assert SearchDocument.objects.filter(key=key).exists()

        with django_capture_on_commit_callbacks(execute=True):
            response = handler_client.post(
                case_url(appeal, "decide/"),
                {
                    "outcome": "repaired",
                    "reason": "罚款已缴清，承诺书已签署，准予修复。",
                    "public_note": "信用修复",
                },
            )
        assert response.status_code == 302
        penalty.refresh_from_db()
        assert penalty.state == RecordState.WITHDRAWN
        assert penalty.withdrawal_reason == WithdrawalReason.REPAIR_GRANTED
        # The page keeps only the fact of the withdrawal; search forgets it.
        gone = public.get(penalty.get_absolute_url())
        assert gone.status_code == 410
        assert penalty.facts not in gone.content.decode()
        assert not SearchDocument.objects.filter(key=key).exists()
        search = public.get("/search/", {"q": penalty.decision_number})
        assert penalty.get_absolute_url() not in search.content.decode()
        # The collection and the integrity file show it no more (but as withdrawn).
        listing = public.get("/penalties/").content.decode()
        assert penalty.get_absolute_url() not in listing
        assert penalty not in Penalty.objects.public()
        file = public.get(penalty.entity.get_absolute_url()).content.decode()
        withdrawn = file.split('id="withdrawn-heading"')[1]
        assert penalty.decision_number in withdrawn
        assert str(WithdrawalReason.REPAIR_GRANTED.label) in withdrawn
        # The change log names the case (feeds and deltas read it).
        entry = ChangeLogEntry.objects.get(action=ChangeLogEntry.Action.WITHDRAW)
        assert (entry.source, entry.actor) == (
            appeal.number,
            appeal.authority.officials.get().user,
        )
        appeal.refresh_from_db()
        assert (appeal.status, appeal.remedy) == (Status.DECIDED, Remedy.WITHDRAWN)
        assert appeal.decided_in_time and appeal.handling_days == 0
        assert "准予修复" in mail.outbox[-1].body

    def test_the_public_api_forgets_it_too(self, handler, authority):
        penalty = repairable_penalty(authority=authority)
        appeal = make_appeal(penalty).appeal
        public = Client()
        url = f"/api/v1/penalties/{penalty.pk}/"
        assert penalty.facts in public.get(url).content.decode()
        assert penalty.pk in _api_ids(public)

        handling.decide_appeal(
            official=handler,
            appeal=appeal,
            outcome=Outcome.REPAIRED,
            reason="准予修复",
            site_url=SITE,
        )
        # Only the fact of removal stays public, as on the record's page.
        response = public.get(url)
        assert response.status_code == 410
        assert response.json()["error"]["code"] == "withdrawn"
        assert penalty.facts not in response.content.decode()
        assert penalty.pk not in _api_ids(public)

    def test_an_upheld_objection_can_correct_the_record_instead(
        self, handler_client, authority
    ):
        penalty = repairable_penalty(authority=authority)
        appeal = make_appeal(penalty, kind=AppealKind.OBJECTION).appeal
        response = handler_client.post(
            case_url(appeal, "decide/"),
            {"outcome": "upheld", "reason": "违法事实记载有误。", "correct": "on"},
        )
        assert response["Location"] == case_url(appeal, "correct/")
        form = handler_client.get(response["Location"])
        assert form.status_code == 200
        assert form.context["reason_form"]["reason"].value() == "违法事实记载有误。"
        data = {
            **{
                f"counterpart-{name}": value
                for name, value in form.context["counterpart_form"].initial.items()
                if value not in (None, "")
            },
            **{
                name: value
                for name, value in form.context["record_form"].initial.items()
                if value not in (None, "")
            },
        }
        data["categories"] = penalty.categories
        data["facts"] = "经营超过保质期的食品（已更正）"
        data["reason"] = "违法事实记载有误。"
        data["correction_reason"] = "异议成立，更正违法事实。"
        response = handler_client.post(case_url(appeal, "correct/"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        penalty.refresh_from_db()
        assert (penalty.state, penalty.version) == (RecordState.CORRECTED, 2)
        assert penalty.facts == "经营超过保质期的食品（已更正）"
        appeal.refresh_from_db()
        assert (appeal.outcome, appeal.remedy) == (Outcome.UPHELD, Remedy.CORRECTED)
        page = Client().get(penalty.get_absolute_url()).content.decode()
        assert "异议成立，更正违法事实。" in page
        assert 'id="under-appeal"' not in page

    def test_an_upheld_objection_takes_an_entry_off_its_list(
        self, client, authority, handler, django_capture_on_commit_callbacks
    ):
        entry = make_list_entry(authority=authority)
        appeal = make_appeal(
            entry, kind=AppealKind.OBJECTION, record_type="listentry"
        ).appeal
        indexing.rebuild()
        file = client.get(entry.entity.get_absolute_url()).content.decode()
        assert "badge-appeal" in file
        with django_capture_on_commit_callbacks(execute=True):
            handling.decide_appeal(
                official=handler,
                appeal=appeal,
                outcome=Outcome.UPHELD,
                reason="列入依据不足。",
                site_url=SITE,
            )
        entry.refresh_from_db()
        assert entry.removal_reason == ListEntry.RemovalReason.OBJECTION_UPHELD
        assert entry.removed_on == timezone.localdate()
        assert not ListEntry.objects.current().filter(pk=entry.pk).exists()
        assert not SearchDocument.objects.filter(key=f"listentry:{entry.pk}").exists()
        assert (
            entry.credit_list.name
            not in client.get(entry.entity.get_absolute_url())
            .content.decode()
            .split("lists-heading")[1]
            .split("penalties-heading")[0]
        )

    def test_a_permit_objection_upheld_withdraws_it(self, handler, authority):
        permit = make_permit(authority=authority)
        appeal = make_appeal(permit, kind=AppealKind.OBJECTION, record_type="permit")
        handling.decide_appeal(
            official=handler,
            appeal=appeal.appeal,
            outcome=Outcome.UPHELD,
            reason="许可已被撤销。",
            site_url=SITE,
        )
        permit.refresh_from_db()
        assert permit.withdrawal_reason == WithdrawalReason.OBJECTION_UPHELD

    def test_a_record_gone_meanwhile_is_said_so(self, handler, authority):
        penalty = repairable_penalty(authority=authority)
        appeal = make_appeal(penalty).appeal
        Penalty.objects.filter(pk=penalty.pk).update(
            state=RecordState.WITHDRAWN,
            withdrawal_reason=WithdrawalReason.ANNULLED,
            withdrawn_at=timezone.now(),
        )
        appeal = handling.decide_appeal(
            official=handler,
            appeal=appeal,
            outcome=Outcome.REPAIRED,
            reason="准予修复",
            site_url=SITE,
        )
        assert appeal.remedy == Remedy.ALREADY_GONE
