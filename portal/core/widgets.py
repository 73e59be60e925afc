"""Form widgets whose every input has its own label (screen readers need them)."""

from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget, RangeWidget


class _Labelled:
    template_name = "widgets/labelled_range.html"
    labels: tuple = ()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["labelled"] = list(
            zip(context["widget"]["subwidgets"], self.labels, strict=True)
        )
        return context


class DateRange(_Labelled, DateRangeWidget):
    labels = (_("From"), _("To"))

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})


class NumberRange(_Labelled, RangeWidget):
    labels = (_("Minimum"), _("Maximum"))

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"type": "number", "min": "0", "step": "any", **(attrs or {})}
        )
