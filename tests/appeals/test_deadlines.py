"""Deadlines in working days of the official calendar, across the 2024 National
Day week (1–7 October off; Sunday 29 September and Saturday 12 October worked)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.appeals import deadlines
from portal.appeals.choices import AppealKind, Status
from portal.appeals.services import handling
from portal.appeals.services.submission import add_material
from portal.core.models import CalendarDay
from portal.disclosures.choices import Severity
from portal.publishing.services.housekeeping import save_calendar_day
from tests.appeals.factories import SITE, make_appeal
from tests.factories import make_penalty

pytestmark = pytest.mark.django_db  # the calendar reads its overrides
D = datetime.date
FRIDAY = D(2024, 9, 27)  # the last working day but one before the holiday


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_an_objection_is_due_15_working_days_after_receipt():
    # 29, 30 Sep; 8, 9, 10, 11, 12 (Sat), 14, 15, 16, 17, 18, 21, 22, 23 Oct.
    assert deadlines.first_deadline(AppealKind.OBJECTION, FRIDAY) == D(2024, 10, 23)


def test_a_repair_application_is_answered_in_10_and_decided_in_3():
    assert deadlines.first_deadline(AppealKind.REPAIR, FRIDAY) == D(2024, 10, 16)
    # Accepted on Wednesday 9 October: 10, 11 and the make-up Saturday 12.
    repair = SimpleNamespace(kind=AppealKind.REPAIR)
    deadlines.start(repair, FRIDAY, 10)
    deadlines.accepted(repair, D(2024, 10, 9))
    assert (repair.clock_from, repair.clock_days) == (D(2024, 10, 9), 3)
    assert repair.due_on == D(2024, 10, 12)
    # An objection keeps its deadline when it is accepted.
    objection = SimpleNamespace(kind=AppealKind.OBJECTION)
    deadlines.start(objection, FRIDAY, 15)
    deadlines.accepted(objection, D(2024, 10, 9))
    assert objection.due_on == D(2024, 10, 23)


def test_handling_time_skips_the_holiday():
    assert deadlines.handling_days(FRIDAY, D(2024, 10, 14)) == 8
    assert deadlines.handling_days(FRIDAY, FRIDAY) == 0


def test_deadlines_follow_the_settings(settings):
    settings.APPEALS_OBJECTION_WORKING_DAYS = 3
    # 29 Sep, 30 Sep, then the holiday, then 8 Oct.
    assert deadlines.first_deadline(AppealKind.OBJECTION, FRIDAY) == D(2024, 10, 8)


def test_a_case_through_the_holiday_with_its_clock_stopped(handler, authority):
    # Serious, decided in January 2024: still public today, repairable from July.
    penalty = make_penalty(
        authority=authority, decided_on=D(2024, 1, 10), severity=Severity.SERIOUS
    )
    appeal = make_appeal(penalty, now=at(FRIDAY)).appeal
    assert (appeal.received_on, appeal.due_on) == (FRIDAY, D(2024, 10, 16))

    # Asked for more on Monday 30 September, with 8 working days left:
    # 8, 9, 10, 11, 12 (Sat), 14, 15, 16 October.
    appeal = handling.request_material(
        official=handler,
        appeal=appeal,
        message="请补充缴款凭证原件扫描件。",
        site_url=SITE,
        now=at(D(2024, 9, 30)),
    )
    assert appeal.status == Status.AWAITING_MATERIAL
    assert (appeal.due_on, appeal.paused_days) == (None, 8)

    # The material arrives on Thursday 10 October: 8 working days from then.
    appeal = add_material(
        appeal=appeal,
        note="已补充。",
        uploads=[],
        site_url=SITE,
        now=at(D(2024, 10, 10)),
    )
    assert appeal.status == Status.RECEIVED
    # 11, 12 (Sat), 14, 15, 16, 17, 18, 21 October.
    assert appeal.due_on == D(2024, 10, 21)

    appeal = handling.accept_appeal(
        official=handler, appeal=appeal, site_url=SITE, now=at(D(2024, 10, 11))
    )
    # 12 (Sat), 14, 15 October.
    assert appeal.due_on == D(2024, 10, 15)
    appeal = handling.decide_appeal(
        official=handler,
        appeal=appeal,
        outcome="rejected",
        reason="承诺书未签字。",
        site_url=SITE,
        now=at(D(2024, 10, 16)),
    )
    # Decided the day after its deadline: late. 10 working days after receipt
    # (29, 30 Sep; 8–12, 14, 15, 16 Oct): the days it waited count too.
    assert appeal.decided_in_time is False
    assert appeal.handling_days == 10


def test_a_calendar_override_moves_the_deadlines_of_running_cases(handler, authority):
    penalty = make_penalty(
        authority=authority, decided_on=D(2024, 1, 10), severity=Severity.SERIOUS
    )
    running = make_appeal(penalty, now=at(FRIDAY)).appeal
    paused = make_appeal(penalty, now=at(FRIDAY)).appeal
    paused = handling.request_material(
        official=handler,
        appeal=paused,
        message="请补充。",
        site_url=SITE,
        now=at(D(2024, 9, 30)),
    )
    assert running.due_on == D(2024, 10, 16)
    # Say 15 October became a holiday after all: the deadline moves a day on.
    changed = save_calendar_day(
        day=CalendarDay(date=D(2024, 10, 15), is_working_day=False, name="示例")
    )
    assert changed == 1
    running.refresh_from_db()
    assert running.due_on == D(2024, 10, 17)
    paused.refresh_from_db()
    assert paused.due_on is None and paused.paused_days == 8
