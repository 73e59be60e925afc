"""Writes to the registry: loading the reference regions."""

from django.db import transaction

from portal.registry import reference
from portal.registry.models import Region


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the reference regions, parents first; return counts."""
    by_code: dict[str, Region] = {}
    for code, name, name_en, level in reference.regions():
        parent = reference.parent_code(code)
        by_code[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "parent": by_code[parent] if parent else None,
            },
        )
    return {"regions": len(by_code)}
