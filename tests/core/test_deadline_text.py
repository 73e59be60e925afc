"""Pages quote the publication deadline from its setting, never a typed number."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("days", "phrase"), [(7, "7 working days"), (10, "10 working days")]
)
def test_the_footer_follows_the_setting(client, settings, days, phrase):
    settings.PUBLICATION_DEADLINE_WORKING_DAYS = days
    html = _text(client, "/en/")
    assert f"Records appear within {phrase} of each decision" in html


def test_one_day_is_singular(client, settings):
    settings.PUBLICATION_DEADLINE_WORKING_DAYS = 1
    html = _text(client, "/en/permits/")
    assert "Records appear within 1 working day of each decision" in html
    assert "Permit decisions, put online within 1 working day of each" in html


def test_the_permit_list_follows_the_setting(client, settings):
    settings.PUBLICATION_DEADLINE_WORKING_DAYS = 12
    html = _text(client, "/en/permits/")
    assert "put online within 12 working days of each decision" in html
