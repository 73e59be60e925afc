"""expire_publicity and calendar overrides that move publication deadlines."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.core.models import CalendarDay, ChangeLogEntry
from portal.core.workdays import clear_calendar_cache, get_calendar
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.publishing.services import housekeeping
from tests.factories import make_penalty, make_permit

pytestmark = pytest.mark.django_db


def test_expiry_ends_publicity_once_and_says_why(authority):
    old = make_penalty(authority=authority, decided_on=datetime.date(2023, 1, 10))
    current = make_penalty(authority=authority)
    assert old.public_until < datetime.date.today()

    call_command("expire_publicity", verbosity=0)
    old.refresh_from_db()
    assert old.state == RecordState.WITHDRAWN
    assert old.withdrawal_reason == WithdrawalReason.PUBLICITY_ENDED
    assert old.public_until.isoformat() in old.withdrawal_note
    entry = ChangeLogEntry.objects.for_object(old).get()
    assert (entry.action, entry.actor_label) == ("expire", "system")
    current.refresh_from_db()
    assert current.state == RecordState.PUBLISHED

    # Safe to run twice: nothing more to do, nothing more logged.
    assert housekeeping.expire_publicity() == 0
    assert ChangeLogEntry.objects.filter(action="expire").count() == 1


def _first_working_day_after(day):
    calendar = get_calendar()
    day += datetime.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _expected_deadline(decided_on):
    clear_calendar_cache()
    return get_calendar().add_working_days(decided_on, 7)


def test_a_new_holiday_moves_the_deadlines_it_falls_in(authority):
    decided = timezone.localdate() - datetime.timedelta(days=30)
    inside = make_penalty(authority=authority, decided_on=decided)
    earlier = make_permit(
        authority=authority, decided_on=decided - datetime.timedelta(days=40)
    )
    deadline, earlier_deadline = (
        inside.publication_deadline,
        earlier.publication_deadline,
    )
    holiday = _first_working_day_after(decided)

    changed = housekeeping.save_calendar_day(
        day=CalendarDay(date=holiday, is_working_day=False, name="测试假日")
    )
    assert changed == 1
    inside.refresh_from_db()
    assert inside.publication_deadline > deadline
    assert inside.publication_deadline == _expected_deadline(decided)
    entry = ChangeLogEntry.objects.for_object(inside).get(action="update")
    assert entry.changes["publication_deadline"] == [
        deadline.isoformat(),
        inside.publication_deadline.isoformat(),
    ]
    earlier.refresh_from_db()
    assert earlier.publication_deadline == earlier_deadline

    assert housekeeping.delete_calendar_day(day=CalendarDay.objects.get()) == 1
    inside.refresh_from_db()
    assert inside.publication_deadline == deadline


def test_the_admin_for_calendar_days_recomputes(admin_client, authority):
    decided = timezone.localdate() - datetime.timedelta(days=30)
    penalty = make_penalty(authority=authority, decided_on=decided)
    deadline = penalty.publication_deadline
    holiday = _first_working_day_after(decided)
    response = admin_client.post(
        "/admin/core/calendarday/add/",
        {"date": holiday.isoformat(), "name": "假日", "source": ""},
    )
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.publication_deadline > deadline


def test_recompute_command(authority):
    decided = timezone.localdate() - datetime.timedelta(days=30)
    penalty = make_penalty(authority=authority, decided_on=decided)
    # An override written behind the service's back (e.g. loaded in bulk).
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=_first_working_day_after(decided), is_working_day=False)]
    )
    call_command("recompute_deadlines", "--from", decided.isoformat(), verbosity=0)
    old = penalty.publication_deadline
    penalty.refresh_from_db()
    assert penalty.publication_deadline > old
    assert penalty.publication_deadline == _expected_deadline(decided)
