"""Writes to the demonstration cities: the announced batches, officials' entries.

The statistics service (`portal.cities.statistics`) writes the figures;
`refresh_statistics` is re-exported here for callers that look for writes in
services.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.cities.models import DemonstrationBatch, Designation
from portal.cities.reference import BATCHES
from portal.cities.statistics import (
    refresh_averages,
    refresh_statistics,
    schedule_statistics_refresh,
)
from portal.core.models import ChangeLogEntry
from portal.registry.models import Authority, Region
from portal.registry.regions import region_code_range

__all__ = [
    "create_batch",
    "designate_region",
    "load_reference_data",
    "refresh_statistics",
    "schedule_statistics_refresh",
]

# Where an official's entry came from, in the change log.
FORM_SOURCE = "cities-form"


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the batches and their designations; return counts.

    The regions must be loaded first (`portal.registry.services`).
    """
    codes = {code for batch in BATCHES for code, _name in batch["members"]}
    regions = Region.objects.in_bulk(codes, field_name="code")
    missing = sorted(codes - regions.keys())
    if missing:
        raise Region.DoesNotExist(
            f"Load the reference regions first; missing: {', '.join(missing)}."
        )
    designations = 0
    for data in BATCHES:
        batch, _created = DemonstrationBatch.objects.update_or_create(
            number=data["number"],
            defaults={
                "announced_on": data["announced_on"],
                "announced_by": data["announced_by"],
                "official_count": data["official_count"],
                "source": data["source"],
            },
        )
        for code, _name in data["members"]:
            Designation.objects.update_or_create(
                batch=batch,
                region=regions[code],
                defaults={
                    "designated_on": batch.announced_on,
                    "source": batch.source,
                },
            )
            designations += 1
    return {"demonstration batches": len(BATCHES), "designations": designations}


def _require_source(source: str) -> str:
    source = source.strip()
    if not source:
        raise ValidationError(
            {"source": _("Give the notice this comes from.")}, code="required"
        )
    return source


def _log_creation(obj, *, fields: list[str], actor) -> None:
    ChangeLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=ChangeLogEntry.Action.CREATE,
        changes={name: [None, _plain(getattr(obj, name))] for name in fields},
        actor=actor,
        source=FORM_SOURCE,
    )


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Region):
        return value.code
    if isinstance(value, DemonstrationBatch):
        return value.number
    return value


@transaction.atomic
def create_batch(
    *,
    number: int,
    announced_on: datetime.date,
    announced_by: str,
    official_count: int,
    source: str,
    actor,
) -> DemonstrationBatch:
    """Record a newly announced batch of demonstration cities."""
    batch = DemonstrationBatch(
        number=number,
        announced_on=announced_on,
        announced_by=announced_by.strip(),
        official_count=official_count,
        source=_require_source(source),
    )
    batch.full_clean()
    batch.save()
    _log_creation(
        batch,
        fields=["number", "announced_on", "announced_by", "official_count", "source"],
        actor=actor,
    )
    return batch


@transaction.atomic
def designate_region(
    *,
    batch: DemonstrationBatch,
    region: Region,
    source: str,
    actor,
    designated_on: datetime.date | None = None,
) -> Designation:
    """Record that a region was named a demonstration city in a batch.

    The demonstration cities' averages change with their members. A district
    or county-level city designated for the first time becomes a city of its
    own, so the figures of the authorities in it are recomputed once this
    commits (which recomputes the averages too).
    """
    designation = Designation(
        batch=batch,
        region=region,
        designated_on=designated_on or batch.announced_on,
        source=_require_source(source),
    )
    designation.full_clean()
    designation.save()
    _log_creation(
        designation,
        fields=["batch", "region", "designated_on", "source"],
        actor=actor,
    )
    held = list(
        Authority.objects.filter(
            region__code__range=region_code_range(region.code)
        ).values_list("pk", flat=True)
    )
    if held:
        schedule_statistics_refresh(authorities=held)
    else:
        refresh_averages()
    return designation
