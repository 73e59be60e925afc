"""A removed record on every surface: its page, the API's 410 body and the feeds
say the same day and reason, read from `record.removal()`."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.disclosures.choices import RecordState, WithdrawalReason
from tests.factories import make_penalty, make_permit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(HTTP_HOST="localhost")


@pytest.fixture
def early_withdrawal():
    """A penalty withdrawn at 07:30 in Beijing: still the previous day in UTC."""
    penalty = make_penalty(decided_on=D(2025, 3, 3), content="罚款3000元")
    penalty.state = RecordState.WITHDRAWN
    penalty.withdrawal_reason = WithdrawalReason.OBJECTION_UPHELD
    penalty.withdrawal_note = "复议决定撤销"
    penalty.withdrawn_at = timezone.make_aware(datetime.datetime(2025, 3, 10, 7, 30))
    penalty.save()
    return penalty


def test_the_page_of_a_withdrawn_record(client, early_withdrawal):
    response = client.get(f"/en{early_withdrawal.get_absolute_url()}")
    html = response.content.decode()
    assert response.status_code == 410
    assert "2025-03-10" in html
    assert str(WithdrawalReason.OBJECTION_UPHELD.label) in html
    assert "复议决定撤销" in html
    assert "罚款3000元" not in html


def test_the_page_of_an_expired_penalty(client):
    penalty = make_penalty(decided_on=D(2020, 5, 6), content="罚款4000元")
    response = client.get(f"/en{penalty.get_absolute_url()}")
    html = response.content.decode()
    assert response.status_code == 410
    assert f"Its publicity period ended on {penalty.public_until:%Y-%m-%d}." in html
    assert "罚款4000元" not in html


def test_a_withdrawn_permit_is_gone_too(client, api):
    permit = make_permit()
    permit.state = RecordState.WITHDRAWN
    permit.withdrawal_reason = WithdrawalReason.ANNULLED
    permit.withdrawn_at = timezone.now()
    permit.save()
    assert client.get(permit.get_absolute_url()).status_code == 410
    body = api.get(f"/api/v1/permits/{permit.pk}/").json()
    assert body["error"]["code"] == "withdrawn"


def test_the_api_says_the_day_of_withdrawal_in_beijing_time(api, early_withdrawal):
    response = api.get(
        f"/api/v1/penalties/{early_withdrawal.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 410
    error = response.json()["error"]
    assert error["code"] == "withdrawn"
    assert error["message"] == (
        "This record was withdrawn on 2025-03-10: "
        f"{WithdrawalReason.OBJECTION_UPHELD.label}."
    )


def test_the_api_says_an_expired_penalty_has_ended(api):
    penalty = make_penalty(decided_on=D(2020, 5, 6))
    response = api.get(f"/api/v1/penalties/{penalty.pk}/")
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "publicity_ended"
