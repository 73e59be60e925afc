from django import forms
from django.utils.translation import gettext_lazy as _


class ApiKeyRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The link to your key is sent here; nothing else is."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A trap for robots: people do not see it (and are told to leave it).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get("website"))
