"""Forms of the officials' pages for random inspections.

They only read and shape input; the services validate with the models' own
rules and refuse what the acting authority may not do.
"""

from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.inspections import reference
from portal.inspections.choices import ResultWithdrawalReason
from portal.inspections.models import (
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    Inspector,
)
from portal.registry.models import Authority, CounterpartCategory, Entity

PLAN_FIELDS = [
    "number",
    "title",
    "region_prefix",
    "category",
    "stratification",
    "team_size",
    "starts_on",
    "ends_on",
    "public_value_source",
]
RESULT_FIELDS = ["category", "decided_on", "details"]


def _date_inputs(form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            # A date input reads only YYYY-MM-DD; the locale would write 2026/12/05.
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def category_label(code: str) -> str:
    """Return a result category's name in the active language."""
    category = reference.BY_CODE.get(code)
    if category is None:
        return code
    return category.name if get_language().startswith("zh") else category.name_en


def category_choices() -> list[tuple[str, str]]:
    return [(c.code, category_label(c.code)) for c in reference.RESULT_CATEGORIES]


def partner_choices(authority):
    """Return the authorities that may join a plan: the lead's government's
    other departments (same region), as in a joint inspection (部门联合抽查)."""
    return Authority.objects.filter(region_id=authority.region_id).exclude(
        pk=authority.pk
    )


class PlanForm(forms.Form):
    """A new draft plan: its terms, its partners and its population filter."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Partner authorities"),
        queryset=Authority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Other departments of the same government joining the inspection "
            "(部门联合抽查); each records the results of its own items."
        ),
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(InspectionPlan, fields=PLAN_FIELDS)
        fields["team_size"].min_value = 2
        fields["team_size"].widget.attrs["min"] = 2
        fields["category"].choices = [
            ("", _("Every category")),
            *CounterpartCategory.choices,
        ]
        fields["public_value_source"].widget = forms.Textarea(attrs={"rows": 3})
        fields["public_value_source"].help_text = _(
            "Name a value that does not exist yet when the plan is published and "
            "that nobody at the authority controls, published by someone else and "
            "easy for anyone to look up, e.g. 中国福利彩票3D第2026060期开奖号码. "
            "Say exactly how it will be typed (digits only, with or without "
            "spaces): the draw uses the text as entered."
        )
        ordered = {name: fields[name] for name in ["number", "title"]}
        ordered["partners"] = self.fields.pop("partners")
        ordered.update((name, fields[name]) for name in PLAN_FIELDS[2:])
        self.fields = ordered
        self.fields["partners"].queryset = partner_choices(authority)
        _date_inputs(self)


class ItemForm(forms.Form):
    """An inspection item (抽查事项) with its legal basis and responsible authority."""

    prefix = "item"

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(InspectionItem, fields=["title"]))
        self.fields["legal_basis"] = forms.CharField(
            label=capfirst(InspectionItem._meta.get_field("legal_basis").verbose_name),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("The law, regulation or rule that allows the inspection."),
        )
        self.fields["authority"] = forms.ModelChoiceField(
            label=_("Responsible authority"),
            queryset=Authority.objects.filter(
                Q(pk=plan.authority_id) | Q(joint_inspection_plans=plan)
            ).distinct(),
            initial=plan.authority_id,
            empty_label=None,
            help_text=_("The lead or a partner: it records this item's results."),
        )


def size_field_name(label: str) -> str:
    return f"size_{label}"


class SizesForm(forms.Form):
    """One sample size per stratum of the population."""

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = list(labels)
        for label in self.labels:
            self.fields[size_field_name(label)] = forms.IntegerField(
                label=label, min_value=0, widget=forms.NumberInput(attrs={"min": 0})
            )

    def sizes(self) -> dict[str, int]:
        return {
            label: self.cleaned_data[size_field_name(label)] for label in self.labels
        }


class PublicValueForm(forms.Form):
    public_value = forms.CharField(
        label=_("Public value, exactly as published"),
        max_length=300,
        help_text=_(
            "Type it in the form the plan announced: anyone re-running the draw "
            "types the same text."
        ),
    )


class ResultForm(forms.Form):
    """The result of inspecting one drawn entity for one item."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(InspectionResult, fields=RESULT_FIELDS))
        self.fields["category"] = forms.ChoiceField(
            label=capfirst(InspectionResult._meta.get_field("category").verbose_name),
            choices=category_choices(),
        )
        self.fields["details"].widget = forms.Textarea(attrs={"rows": 3})
        _date_inputs(self)


class CorrectionForm(ResultForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Shown publicly with the result's history."),
        )


class WithdrawForm(forms.Form):
    withdrawal_reason = forms.ChoiceField(
        label=_("Reason"),
        choices=ResultWithdrawalReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the decision that revoked it. Shown publicly."),
    )


class InspectorForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Inspector, fields=["code", "name"]))


class ConflictForm(forms.Form):
    """A declared conflict: the entity found by its USCC or public key."""

    entity = forms.CharField(
        label=_("Entity's USCC or public key"),
        max_length=20,
        help_text=_("As on the entity's page on this portal."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Seen by officials only."),
    )

    def clean_entity(self) -> Entity:
        code = self.cleaned_data["entity"].strip()
        entity = Entity.objects.filter(Q(key=code) | Q(uscc=code.upper())).first()
        if entity is None:
            raise forms.ValidationError(
                _("No entity with the code %(code)s on this portal."),
                params={"code": code},
            )
        return entity
