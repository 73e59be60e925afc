"""Pieces shared by the public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


def robot_trap() -> forms.CharField:
    """A field people do not see (and are told to leave empty); robots fill it.

    Declare it as `website` on a form with `RobotTrapMixin`, and render it
    inside `<div class="trap">`.
    """
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class RobotTrapMixin:
    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get("website"))


class _RawNullBooleanSelect(forms.NullBooleanSelect):
    # Django's widget turns every value it does not know into None before the
    # field sees it; hand the field the value as sent.
    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    """Yes, no, or not given; anything else is an error, not "not given".

    Django's NullBooleanField reads every unknown value as None, so a filter
    such as `?joint=maybe` would silently list everything.
    """

    widget = _RawNullBooleanSelect
    _EMPTY = (None, "", "unknown")

    def to_python(self, value):
        if value in self._EMPTY:
            return None
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "1", "yes", "on"):
            return True
        if str(value).lower() in ("false", "0", "no", "off"):
            return False
        raise forms.ValidationError(_("Give true or false."), code="invalid")

    def validate(self, value):
        pass
