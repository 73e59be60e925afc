"""The dashboard's figures and the audit page."""

import datetime

import pytest
from django.utils import timezone

from portal.disclosures.choices import RecordState
from portal.publishing import selectors
from tests.factories import make_change_log_entry, make_penalty, make_permit

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_dashboard_figures(official, authority, other_authority):
    today = timezone.localdate()
    start = selectors.quarter_start(today)
    draft = make_penalty(
        authority=authority,
        state=RecordState.DRAFT,
        decided_on=today - datetime.timedelta(days=1),
    )
    make_permit(authority=authority, decided_on=start, published_at=_at(start))
    late = make_penalty(
        authority=authority,
        decided_on=start - datetime.timedelta(days=40),
        published_at=_at(max(start, today - datetime.timedelta(days=1))),
    )
    ending = make_penalty(
        authority=authority,
        decided_on=today.replace(year=today.year - 1) + datetime.timedelta(days=10),
    )
    make_penalty(authority=other_authority, state=RecordState.DRAFT)

    board = selectors.dashboard(official, today=today)
    assert board.awaiting == [draft]
    assert board.late == [late]
    assert ending in board.ending_soon
    assert board.timeliness.published >= 2
    assert board.timeliness.on_time == board.timeliness.published - 1


def test_dashboard_page(official_client):
    response = official_client.get("/en/officials/")
    assert response.status_code == 200
    assert "Awaiting publication" in response.content.decode()


def test_audit_log_is_the_authoritys_only(official_client, authority, other_authority):
    mine = make_change_log_entry(record=make_penalty(authority=authority))
    theirs = make_change_log_entry(record=make_penalty(authority=other_authority))
    entries = list(official_client.get("/officials/audit/").context["entries"])
    assert mine in entries
    assert theirs not in entries
