"""The confirmation speaks of a form sent twice only when it was."""

import uuid

import pytest

from tests.appeals.factories import form_data, repairable_penalty

pytestmark = pytest.mark.django_db

TWICE = "This form reached us twice"


def url(record):
    return f"/en/appeals/new/?record=penalty:{record.pk}"


def test_a_form_sent_once_says_nothing_of_twice(client):
    penalty = repairable_penalty()
    response = client.post(url(penalty), form_data(penalty), follow=True)
    html = response.content.decode()
    assert "Your application was received" in html
    assert TWICE not in html
    assert "sent the form twice" not in html


def test_a_form_sent_twice_says_so_once(client):
    penalty = repairable_penalty()
    token = uuid.uuid4()
    client.post(url(penalty), form_data(penalty, token=token))
    again = client.post(url(penalty), form_data(penalty, token=token), follow=True)
    html = again.content.decode()
    assert TWICE in html
    assert "only one case was created" in html
    # A later refresh of the same page has nothing more to report.
    refreshed = client.get(again.redirect_chain[-1][0]).content.decode()
    assert TWICE not in refreshed
