"""The validation every generated row goes through before it is saved."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models

_IN_BATCH = 900  # below SQLite's smallest limit on query parameters


def validate_all(instances: Sequence[models.Model]) -> None:
    """Run each instance's full validation, as publishing does, and derivations.

    Uniqueness is guaranteed by construction (serial-number permutations and
    per-authority counters), so the per-row uniqueness and constraint queries
    are skipped. Foreign keys are checked too, but once for the whole batch:
    Django's field validation asks the database about every key of every row,
    which would double the cost of a million records. Every other field
    validator and the model's clean(), which derives deadlines, publicity
    dates, masked IDs, hashes and keys, run for each row.
    """
    if not instances:
        return
    foreign_keys = [
        field
        for field in instances[0]._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    ]
    for field in foreign_keys:
        _check_targets_exist(field, instances)
    exclude = [field.name for field in foreign_keys]
    for instance in instances:
        instance.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=False
        )


def _check_targets_exist(field: models.ForeignKey, instances) -> None:
    given = {getattr(instance, field.attname) for instance in instances}
    if None in given and not field.null:
        raise ValidationError({field.name: field.error_messages["null"]})
    wanted = given - {None}
    target = field.remote_field.model
    target_field = field.remote_field.field_name
    values = sorted(wanted)
    found = set()
    for start in range(0, len(values), _IN_BATCH):
        found.update(
            target._base_manager.filter(
                **{f"{target_field}__in": values[start : start + _IN_BATCH]}
            ).values_list(target_field, flat=True)
        )
    missing = wanted - found
    if missing:
        raise ValidationError(
            {
                field.name: ValidationError(
                    field.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": target._meta.verbose_name,
                        "pk": min(missing),
                        "field": target_field,
                        "value": min(missing),
                    },
                )
            }
        )
