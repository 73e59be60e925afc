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
