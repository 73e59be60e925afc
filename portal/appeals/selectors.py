"""Reads of appeals shared by pages: the handlers' scoped queue, the public marker.

Handlers find cases only through `appeals_for` / `appeal_for`, scoped to their
authority: another authority's case is simply not found (404). The public
learns only whether a case about a record is open, never who filed it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from portal.appeals import deadlines
from portal.appeals.choices import AppealKind, RecordType, Status
from portal.appeals.models import Appeal, Evidence
from portal.core.dates import local_today
from portal.publishing.models import Official


def appeals_for(official: Official) -> QuerySet:
    """Return the cases of the official's authority, in every status."""
    return Appeal.objects.filter(authority_id=official.authority_id)


def appeal_for(official: Official, pk) -> Appeal:
    """Return one of the authority's cases, or raise Http404."""
    try:
        return appeals_for(official).select_related("authority").get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def evidence_for(official: Official, appeal_pk, pk) -> Evidence:
    try:
        return Evidence.objects.get(
            pk=pk, appeal_id=appeal_pk, appeal__authority_id=official.authority_id
        )
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


QUEUE_VIEWS = ("open", "overdue", "decided", "all")


@dataclass(frozen=True)
class QueueRow:
    appeal: Appeal
    days_left: int | None  # working days to the deadline; None while paused
    overdue: bool


def queue(
    official: Official,
    *,
    view: str = "open",
    kind: str = "",
    today: datetime.date | None = None,
) -> QuerySet:
    """Return the authority's cases for the queue, the most urgent first."""
    today = today or local_today()
    cases = appeals_for(official)
    if view == "open":
        cases = cases.open()
    elif view == "overdue":
        cases = cases.filter(
            status__in=(Status.RECEIVED, Status.ACCEPTED), due_on__lt=today
        )
    elif view == "decided":
        cases = cases.filter(status=Status.DECIDED)
    if kind in AppealKind.values:
        cases = cases.filter(kind=kind)
    if view == "decided":
        return cases.order_by("-decided_at", "-pk")
    # Cases waiting for the applicant come last: their clock is stopped.
    waiting = Case(
        When(status=Status.AWAITING_MATERIAL, then=Value(1)),
        When(status=Status.DECIDED, then=Value(2)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return cases.annotate(waiting=waiting).order_by(
        "waiting", "due_on", "received_at", "pk"
    )


def queue_rows(appeals, *, today: datetime.date | None = None) -> list[QueueRow]:
    today = today or local_today()
    rows = []
    for appeal in appeals:
        running = appeal.is_open and appeal.due_on is not None
        rows.append(
            QueueRow(
                appeal=appeal,
                days_left=deadlines.days_left(appeal.due_on, today)
                if running
                else None,
                overdue=running and appeal.due_on < today,
            )
        )
    return rows


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int
    due_today: int


def counts(official: Official, *, today: datetime.date | None = None) -> Counts:
    """Count the authority's open cases, overdue ones and those due today."""
    today = today or local_today()
    running = appeals_for(official).filter(
        status__in=(Status.RECEIVED, Status.ACCEPTED)
    )
    return Counts(
        open=appeals_for(official).open().count(),
        overdue=running.filter(due_on__lt=today).count(),
        due_today=running.filter(due_on=today).count(),
    )


def is_under_appeal(record_type: str, record_id: int) -> bool:
    """Tell whether a case about the record is open (the public marker)."""
    return Appeal.objects.open().about(record_type, record_id).exists()


def open_record_keys(*, penalties=(), permits=(), entries=()) -> set[str]:
    """Return `type:id` of the given records that have an open case, in one query."""
    wanted = {
        RecordType.PENALTY: [r.pk for r in penalties],
        RecordType.PERMIT: [r.pk for r in permits],
        RecordType.LIST_ENTRY: [r.pk for r in entries],
    }
    ids = {pk for pks in wanted.values() for pk in pks}
    if not ids:
        return set()
    rows = (
        Appeal.objects.open()
        .filter(record_id__in=ids, record_type__in=list(wanted))
        .values_list("record_type", "record_id")
        .distinct()
    )
    return {
        f"{record_type}:{record_id}"
        for record_type, record_id in rows
        if record_id in wanted[record_type]
    }


def open_case_by(
    record_type: str,
    record_id: int,
    *,
    email: str = "",
    phone: str = "",
    token_hash: str = "",
) -> Appeal | None:
    """Return the open case about the record from the same email or phone.

    The case made by the same form (its token's hash) is no other case: a
    double click's first copy may commit while the second is being checked.
    """
    if email:
        same = Q(contact_email__iexact=email.strip())
    elif phone:
        same = Q(contact_phone=phone)
    else:
        return None
    cases = Appeal.objects.open().about(record_type, record_id).filter(same)
    if token_hash:
        cases = cases.exclude(token_hash=token_hash)
    return cases.order_by("received_at", "pk").first()


def by_number(number: str) -> Appeal | None:
    return (
        Appeal.objects.select_related("authority")
        .filter(number=(number or "").strip())
        .first()
    )
