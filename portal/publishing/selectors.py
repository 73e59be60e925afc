"""Reads of the officials' area, every one scoped to the official's authority.

Views, the API and services find records only through these functions, so an
official never sees another authority's record: it is simply not found (404).
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.http import Http404

from portal.core.dates import local_today
from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty, Permit
from portal.publishing import kinds
from portal.publishing.models import ImportBatch, Official, RecordVersion


def official_for(user) -> Official | None:
    """Return the user's active official profile, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return Official.objects.select_related("authority__region", "user").get(
            user=user
        )
    except Official.DoesNotExist:
        return None


def records_for(official: Official, kind: str) -> QuerySet:
    """Return the official's authority's records of a kind, in every state."""
    return (
        kinds.model_for(kind)
        .objects.filter(authority_id=official.authority_id)
        .select_related("entity", "authority__region")
    )


def record_for(official: Official, kind: str, pk) -> Permit | Penalty:
    """Return one of the authority's records, or raise Http404."""
    try:
        return records_for(official, kind).get(pk=pk)
    except (kinds.model_for(kind).DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def imports_for(official: Official) -> QuerySet:
    return ImportBatch.objects.filter(authority_id=official.authority_id)


def import_for(official: Official, pk) -> ImportBatch:
    try:
        return imports_for(official).select_related("authority__region").get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def record_log(record) -> QuerySet:
    """Return the change log of one record, oldest first."""
    return ChangeLogEntry.objects.for_object(record).select_related("actor")


def record_versions(record) -> QuerySet:
    return RecordVersion.objects.filter(
        kind=kinds.kind_of(record), record_id=record.pk
    ).order_by("-version")


def audit_log(official: Official) -> QuerySet:
    """Return every change-log entry about the authority's records, or by its
    officials, newest first."""
    authority = official.authority_id
    conditions = Q(actor__official__authority_id=authority)
    for model in kinds.MODELS.values():
        conditions |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model.objects.filter(authority_id=authority).values("pk"),
        )
    return (
        ChangeLogEntry.objects.filter(conditions)
        .select_related("actor", "content_type")
        .order_by("-at", "-pk")
    )


def quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


@dataclass
class Timeliness:
    published: int
    on_time: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.published if self.published else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


@dataclass
class Dashboard:
    today: datetime.date
    awaiting: list
    awaiting_count: int
    late: list
    late_count: int
    ending_soon: list
    ending_soon_count: int
    quarter_start: datetime.date
    timeliness: Timeliness


_SHOWN = 20


def dashboard(official: Official, *, today: datetime.date | None = None) -> Dashboard:
    """Return what the authority must act on and how timely it has been."""
    today = today or local_today()
    start = quarter_start(today)
    awaiting, late, published, on_time = [], [], 0, 0
    late_count = awaiting_count = 0
    for kind in kinds.MODELS:
        records = records_for(official, kind)
        drafts = records.filter(state=RecordState.DRAFT)
        awaiting_count += drafts.count()
        awaiting += list(drafts.order_by("publication_deadline")[:_SHOWN])
        late_records = records.filter(
            published_at__isnull=False,
            published_at__date__gt=F("publication_deadline"),
            published_at__date__gte=start,
        )
        late_count += late_records.count()
        late += list(late_records.order_by("-published_at")[:_SHOWN])
        this_quarter = records.filter(published_at__date__gte=start)
        published += this_quarter.count()
        on_time += this_quarter.published_on_time().count()
    ending = Penalty.objects.public(today=today).filter(
        authority_id=official.authority_id,
        public_until__lte=today + datetime.timedelta(days=30),
    )
    awaiting.sort(key=lambda record: record.publication_deadline)
    late.sort(key=lambda record: record.published_at, reverse=True)
    return Dashboard(
        today=today,
        awaiting=awaiting[:_SHOWN],
        awaiting_count=awaiting_count,
        late=late[:_SHOWN],
        late_count=late_count,
        ending_soon=list(
            ending.select_related("entity").order_by("public_until")[:_SHOWN]
        ),
        ending_soon_count=ending.count(),
        quarter_start=start,
        timeliness=Timeliness(published=published, on_time=on_time),
    )
