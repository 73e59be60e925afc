"""The appeals handlers' forms: accept, ask for more, decide, correct."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.appeals.choices import AppealKind, Outcome, RecordType
from portal.appeals.services.handling import OUTCOMES


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestMaterialForm(forms.Form):
    message = forms.CharField(
        label=_("What the applicant must send"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The clock stops until it arrives."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written to the applicant."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown publicly with the record's withdrawal. No personal data of "
            "the applicant."
        ),
    )
    correct = forms.BooleanField(
        label=_("Correct the record instead of withdrawing it"),
        required=False,
        help_text=_(
            "For an upheld objection to a permit or a penalty: the next page "
            "shows the record's fields to correct."
        ),
    )

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (outcome.value, outcome.label) for outcome in OUTCOMES[appeal.kind]
        ]
        # Only an objection to a permit or a penalty can be met by a correction.
        correctable = (
            appeal.kind == AppealKind.OBJECTION
            and appeal.record_type != RecordType.LIST_ENTRY
        )
        if not correctable:
            del self.fields["correct"]

    def clean(self):
        data = super().clean()
        if data.get("correct") and data.get("outcome") != Outcome.UPHELD:
            self.add_error(
                "correct", _("Only an upheld objection corrects the record.")
            )
        return data


class CorrectionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written to the applicant."),
    )
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown publicly with the record's change history."),
    )
