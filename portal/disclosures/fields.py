"""Model fields of records: several choice values, and bounded free text."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.disclosures.choices import PenaltyCategory

# Built once: `PenaltyCategory.values` builds a new list on every access, which
# an import of 100,000 rows notices.
_KNOWN = frozenset(PenaltyCategory.values)


class PenaltyCategoriesField(models.CharField):
    """One or more penalty categories, stored as `,fine,warning,`.

    The surrounding commas make "has category X" a plain `contains` lookup on
    SQLite and PostgreSQL alike (see `PenaltyQuerySet.with_category`).
    """

    description = _("Penalty categories")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 400)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _split(value: str) -> list[str]:
        return [part for part in value.split(",") if part]

    def from_db_value(self, value, expression, connection):
        return None if value is None else self._split(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, tuple):
            return list(value)
        return self._split(value)

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return "," + ",".join(value) + "," if value else ""
        return value

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj) or [])

    def validate(self, value, model_instance):
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        unknown = [item for item in value or [] if item not in _KNOWN]
        if unknown:
            raise ValidationError(
                _("Unknown penalty category: %(value)s."),
                code="invalid_choice",
                params={"value": "、".join(unknown)},
            )
        if len(set(value or [])) != len(value or []):
            raise ValidationError(
                _("A penalty category is listed twice."), code="duplicate"
            )

    def run_validators(self, value):
        # The stored string's length is checked against the prepared value.
        super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=PenaltyCategory.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class LimitedTextField(models.TextField):
    """Free text of at most `max_length` characters, enforced as a CharField's is.

    A TextField's max_length only sizes the form widget; the lengths here are
    the national exchange format's (docs/imports.md), so every write path
    (form, import, API) refuses longer text with the same message.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))
