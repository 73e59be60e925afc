"""Writes to the demonstration cities: loading the announced batches."""

from django.db import transaction

from portal.cities.models import DemonstrationBatch, Designation
from portal.cities.reference import BATCHES
from portal.registry.models import Region


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
        batch, _ = DemonstrationBatch.objects.update_or_create(
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
