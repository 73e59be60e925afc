"""Writes to the credit lists: loading the national lists and their measures."""

from django.db import transaction

from portal.creditlists.models import CreditList, Measure
from portal.creditlists.reference import LISTS, MEASURES


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the national lists and their measures; return counts."""
    measures = 0
    for order, data in enumerate(LISTS, start=1):
        credit_list, _ = CreditList.objects.update_or_create(
            slug=data["slug"], defaults={**data, "order": order}
        )
        measure_set = MEASURES[credit_list.slug]
        for position, item in enumerate(measure_set["items"], start=1):
            title, description, department, representatives, *basis = item
            Measure.objects.update_or_create(
                credit_list=credit_list,
                title=title,
                defaults={
                    "kind": measure_set["kind"],
                    "description": description,
                    "implementing_department": department,
                    "legal_basis": basis[0] if basis else measure_set["legal_basis"],
                    "applies_to_representatives": representatives,
                    "order": position,
                },
            )
            measures += 1
    return {"credit lists": len(LISTS), "measures": measures}
