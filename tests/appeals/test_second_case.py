"""A second open case on the same record by the same applicant is not taken
silently: the form warns, keeps what was typed, and asks to confirm."""

import uuid

import pytest
from django.test import Client

from portal.appeals.choices import AppealKind
from portal.appeals.forms import AppealForm
from portal.appeals.models import Appeal
from tests.appeals.factories import (
    form_data,
    make_appeal,
    reference_for,
    repairable_penalty,
)
from tests.appeals.html import parse

pytestmark = pytest.mark.django_db


def url(record, language=""):
    return f"{language}/appeals/new/?record=penalty:{record.pk}"


@pytest.fixture
def penalty():
    return repairable_penalty()


@pytest.fixture
def first(penalty):
    return make_appeal(penalty, kind=AppealKind.OBJECTION).appeal


def _again(**overrides):
    return {
        "kind": AppealKind.OBJECTION,
        "statement": "第二次：罚款金额有误。",
        **overrides,
    }


def test_the_same_contact_is_warned_and_nothing_is_saved(client, penalty, first):
    token = uuid.uuid4()
    response = client.post(
        url(penalty, "/en"), form_data(penalty, token=token, **_again())
    )
    assert response.status_code == 400
    assert Appeal.objects.count() == 1
    form = response.context["form"]
    assert list(form.errors) == ["second_case"]
    page = parse(response)
    summary = page.find("div", class_="error-summary")
    assert [a["href"] for a in summary.find_all("a")] == ["#id_second_case"]
    warning = page.by_id("second-case")
    assert "You already have a case open about this record" in warning.text()
    # How to follow it, without showing another browser who filed what.
    assert page.find("a", href="/en/appeals/track/") is not None
    assert first.number not in response.content.decode()
    # Everything typed is kept, the token too.
    html = response.content.decode()
    assert "第二次：罚款金额有误。" in html and f'value="{token}"' in html
    assert 'value="wangwei@example.com"' in html


def test_confirming_makes_the_second_case(client, penalty, first):
    data = form_data(penalty, **_again(second_case="on"))
    assert client.post(url(penalty), data).status_code == 302
    assert Appeal.objects.count() == 2


@pytest.mark.parametrize("typed", ["WangWei@Example.com", " wangwei@example.com "])
def test_an_email_matches_whatever_its_case(client, penalty, first, typed):
    response = client.post(url(penalty), form_data(penalty, contact=typed, **_again()))
    assert "second_case" in response.context["form"].errors


def test_a_phone_number_matches_however_it_is_written(client, penalty):
    make_appeal(penalty, contact_email="", contact_phone="13812345678")
    data = form_data(penalty, contact="+86 138-1234-5678", **_again())
    assert "second_case" in client.post(url(penalty), data).context["form"].errors


def test_another_applicant_is_not_held_up(client, penalty, first):
    data = form_data(penalty, contact="lina@example.com", **_again())
    assert client.post(url(penalty), data).status_code == 302


def test_a_decided_case_is_no_reason_to_warn(client, penalty, first):
    Appeal.objects.filter(pk=first.pk).update(status="decided")
    assert client.post(url(penalty), form_data(penalty, **_again())).status_code == 302


def test_another_record_is_no_reason_to_warn(client, first):
    other = repairable_penalty()
    assert client.post(url(other), form_data(other, **_again())).status_code == 302


def test_the_browser_that_filed_it_sees_its_number_and_link(penalty):
    client = Client()
    data = form_data(penalty, kind=AppealKind.OBJECTION)
    client.post(url(penalty), data)
    first = Appeal.objects.get()
    response = client.post(url(penalty), form_data(penalty, **_again()))
    page = parse(response)
    warning = page.by_id("second-case")
    assert first.number in warning.text()
    assert warning.find("a", href=first.get_absolute_url()) is not None


def test_the_same_form_sent_twice_is_still_one_case_not_a_warning(client, penalty):
    token = uuid.uuid4()
    client.post(url(penalty), form_data(penalty, token=token))
    again = client.post(url(penalty), form_data(penalty, token=token))
    assert again.status_code == 302
    assert Appeal.objects.count() == 1


def test_the_same_form_racing_its_first_copy_is_not_a_second_case(penalty):
    """A double click whose first copy commits while the second is checked:
    the second finds its own case by the token, and is no second case."""
    token = uuid.uuid4()
    make_appeal(penalty, kind=AppealKind.OBJECTION, token=token)
    data = form_data(penalty, token=token, kind=AppealKind.OBJECTION)
    form = AppealForm(data, reference=reference_for(penalty))
    assert form.is_valid(), form.errors
