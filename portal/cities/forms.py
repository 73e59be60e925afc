"""Forms officials fill to record a demonstration batch or a designation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.cities.models import DemonstrationBatch
from portal.cities.periods import Period
from portal.cities.selectors import period_choices
from portal.core import identifiers
from portal.registry.models import Region

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BatchForm(forms.Form):
    number = forms.IntegerField(label=_("Batch number"), min_value=1, max_value=999)
    announced_on = forms.DateField(
        label=_("Announced on"),
        widget=_DATE,
        help_text=_("Where only the month is known, its first day."),
    )
    announced_by = forms.CharField(
        label=_("Announced by"),
        max_length=200,
        help_text=_("For example 国家发展和改革委员会、中国人民银行."),
    )
    official_count = forms.IntegerField(
        label=_("Official number of cities"), min_value=1, max_value=999
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The notice that announced the batch: its title and number."),
    )


class DesignationForm(forms.Form):
    batch = forms.ModelChoiceField(
        label=_("Batch"),
        queryset=DemonstrationBatch.objects.all(),
        to_field_name="number",
        empty_label=None,
    )
    region = forms.CharField(
        label=_("Region code"),
        min_length=6,
        max_length=6,
        help_text=_("Six-digit GB/T 2260 code, e.g. 330782 for Yiwu."),
    )
    designated_on = forms.DateField(
        label=_("Designated on"),
        widget=_DATE,
        required=False,
        help_text=_("Leave empty for the day the batch was announced."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The notice that names this city: its title and number."),
    )

    def clean_region(self) -> Region:
        code = identifiers.validate_region_code(self.cleaned_data["region"].strip())
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(
                _(
                    "No region has the code %(code)s. Check the code, or add the "
                    "region under Registry › Regions in the admin first."
                ),
                code="unknown_region",
                params={"code": code},
            )
        return region


class PeriodForm(forms.Form):
    """The period a city's or authority's comparison table shows."""

    period = forms.ChoiceField(label=pgettext_lazy("statistics", "Period"))

    def __init__(self, data, *, state):
        data = data.copy()
        if not data.get("period") and state.default_period:
            data["period"] = state.default_period
        super().__init__(data)
        self.fields["period"].choices = period_choices(state)

    @property
    def selected(self) -> Period | None:
        if self.is_valid():
            return Period.parse(self.cleaned_data["period"])
        return None
