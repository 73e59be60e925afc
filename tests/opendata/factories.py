"""Builders for the open-data tests: many rows at once."""

import datetime

from portal.disclosures.models import Penalty
from tests.factories import make_penalty


def make_many_penalties(count: int, **fields) -> list[int]:
    """Create `count` public penalties like one validated template; return their ids.

    Only the template goes through full_clean(); the copies share its derived
    fields (deadline, publicity window) and differ in decision number, date
    and fine, so bulk_create can write thousands quickly.
    """
    template = make_penalty(**fields)
    copied = [
        field.attname
        for field in Penalty._meta.concrete_fields
        if not field.primary_key and field.attname not in ("created_at", "updated_at")
    ]
    values = {name: getattr(template, name) for name in copied}
    penalties = []
    for n in range(count - 1):
        row = dict(values)
        row["decision_number"] = f"{template.decision_number}-{n}"
        row["decided_on"] = template.decided_on - datetime.timedelta(days=n % 5)
        row["fine_amount"] = (template.fine_amount or 0) + n
        penalties.append(Penalty(**row))
    Penalty.objects.bulk_create(penalties, batch_size=1000)
    return [
        template.pk,
        *Penalty.objects.filter(
            decision_number__startswith=f"{template.decision_number}-"
        ).values_list("pk", flat=True),
    ]
