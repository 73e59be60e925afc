"""The applicant's forms after applying: opening a case, sending more material."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.appeals import evidence
from portal.appeals.choices import EvidenceRole
from portal.appeals.forms.files import MultipleFileField, file_help, files_input
from portal.appeals.services.common import Upload


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=20,
        help_text=_("For example 2026-000123."),
        error_messages={
            "required": _("Enter the tracking number, for example 2026-000123")
        },
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=64,
        help_text=_("Shown when you applied and sent in the first email."),
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the secret you were given when you applied")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MaterialForm(forms.Form):
    """What the authority asked for: a note, files, or both."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write a note, choose files, or both."),
        error_messages={
            "max_length": _("The note must be 5,000 characters or fewer"),
        },
    )
    evidence = MultipleFileField(label=_("Files"), required=False, widget=files_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = file_help()

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        for upload in files:
            evidence.inspect(upload)
        return files

    def uploads(self) -> list[Upload]:
        return [Upload(EvidenceRole.OTHER, f) for f in self.cleaned_data["evidence"]]
