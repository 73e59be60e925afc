from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import RobotTrapMixin, robot_trap


class ApiKeyRequestForm(RobotTrapMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The link to your key is sent here; nothing else is."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = robot_trap()
