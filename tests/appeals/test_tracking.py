"""Following a case without an account: the number and the secret, or the link."""

import pytest
from django.core import mail
from django.test import Client

from portal.appeals.choices import Status
from portal.appeals.models import Appeal
from portal.appeals.services import handling
from tests.appeals.factories import EXE, SITE, make_appeal, pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(authority):
    from tests.appeals.factories import repairable_penalty

    return make_appeal(repairable_penalty(authority=authority))


def _open(client, submission):
    return client.post(
        "/appeals/track/",
        {"number": submission.appeal.number, "secret": submission.secret},
    )


class TestTrackingNeedsTheSecret:
    def test_the_case_page_is_closed_without_it(self, client, filed):
        response = client.get(filed.appeal.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"] == (f"/appeals/track/?number={filed.appeal.number}")

    def test_a_wrong_secret_opens_nothing_and_says_the_same_as_a_wrong_number(
        self, client, filed
    ):
        wrong_secret = client.post(
            "/appeals/track/", {"number": filed.appeal.number, "secret": "guess"}
        )
        wrong_number = client.post(
            "/appeals/track/", {"number": "2099-000001", "secret": filed.secret}
        )
        assert wrong_secret.status_code == wrong_number.status_code == 400
        assert (
            wrong_secret.context["form"].non_field_errors()
            == wrong_number.context["form"].non_field_errors()
        )
        assert client.get(filed.appeal.get_absolute_url()).status_code == 302

    def test_the_number_and_secret_open_the_status_and_timeline(self, client, filed):
        response = _open(client, filed)
        assert response.status_code == 302
        page = client.get(response["Location"])
        html = page.content.decode()
        assert page.status_code == 200
        assert filed.appeal.number in html
        assert filed.appeal.due_on.isoformat() in html
        assert filed.appeal.authority.name in html
        # The applicant's own contact details are not repeated on the page.
        assert "wangwei@example.com" not in html

    def test_the_private_link_opens_it_and_leaves_the_address_bar(self, client, filed):
        number, secret = filed.appeal.number, filed.secret
        response = client.get(f"/appeals/track/{number}/{secret}/")
        assert response.status_code == 302
        assert response["Location"] == f"/appeals/track/{number}/"
        assert client.get(response["Location"]).status_code == 200
        assert Client().get(f"/appeals/track/{number}/wrong/").status_code == 404

    def test_attempts_are_limited(self, client, filed, settings):
        settings.APPEALS_TRACKING_ATTEMPTS_PER_HOUR = 3
        for _ in range(3):
            client.post(
                "/appeals/track/", {"number": filed.appeal.number, "secret": "x"}
            )
        # Even the right secret waits now.
        assert _open(client, filed).status_code == 429


class TestMoreMaterial:
    def test_the_applicant_adds_what_was_asked_for(
        self, client, filed, handler, django_capture_on_commit_callbacks
    ):
        handling.request_material(
            official=handler,
            appeal=filed.appeal,
            message="请补充整改报告。",
            site_url=SITE,
        )
        _open(client, filed)
        page = client.get(filed.appeal.get_absolute_url()).content.decode()
        assert "请补充整改报告。" in page
        assert 'name="evidence"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/appeals/track/{filed.appeal.number}/material/",
                {"note": "整改报告见附件。", "evidence": [pdf("整改报告.pdf")]},
            )
        assert response.status_code == 302
        appeal = Appeal.objects.get()
        assert appeal.status == Status.RECEIVED
        assert appeal.due_on is not None and appeal.paused_days is None
        assert appeal.evidence.count() == 3
        assert [m.to for m in mail.outbox] == [
            ["wangwei@example.com"],
            ["handler@example.gov.cn"],
        ]

    def test_a_refused_file_keeps_the_note(self, client, filed, handler):
        handling.request_material(
            official=handler, appeal=filed.appeal, message="请补充。", site_url=SITE
        )
        _open(client, filed)
        response = client.post(
            f"/appeals/track/{filed.appeal.number}/material/",
            {"note": "见附件。", "evidence": [upload("报告.pdf", EXE)]},
        )
        assert response.status_code == 400
        assert "见附件。" in response.content.decode()
        assert Appeal.objects.get().status == Status.AWAITING_MATERIAL

    def test_nothing_to_add_unless_asked(self, client, filed):
        _open(client, filed)
        response = client.post(
            f"/appeals/track/{filed.appeal.number}/material/", {"note": "补充"}
        )
        assert response.status_code == 302
        assert Appeal.objects.get().events.count() == 1

    def test_a_stranger_cannot_add_material(self, filed, handler):
        handling.request_material(
            official=handler, appeal=filed.appeal, message="请补充。", site_url=SITE
        )
        response = Client().post(
            f"/appeals/track/{filed.appeal.number}/material/", {"note": "spam"}
        )
        assert response.status_code == 302
        assert Appeal.objects.get().status == Status.AWAITING_MATERIAL


def test_pages_with_secrets_are_neither_cached_nor_crawled(client, filed):
    number, secret = filed.appeal.number, filed.secret
    confirmation = client.get(f"/appeals/submitted/{number}/{secret}/")
    assert confirmation.status_code == 200
    assert "no-store" in confirmation["Cache-Control"]
    assert "no-store" in client.get(f"/appeals/track/{number}/")["Cache-Control"]
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /appeals/" in robots
