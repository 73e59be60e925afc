"""Forms of the officials' area. Validation is the models' own, run by services."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.disclosures.choices import RecordKind, WithdrawalReason
from portal.publishing import kinds
from portal.publishing.choices import ImportMode
from portal.publishing.importing.columns import by_field
from portal.registry.models import Entity

COUNTERPART_FIELDS = [
    "category",
    "name",
    "uscc",
    "business_registration_number",
    "organisation_code",
    "tax_registration_number",
    "institution_certificate_number",
    "social_organisation_number",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "id_type",
    "id_type_other",
    "id_number",
]


def _with_columns(fields: dict, kind: str, part: str) -> dict:
    """Add the exchange-format column to each field's help text."""
    columns = by_field(kind)
    for name, field in fields.items():
        column = columns.get(f"{part}.{name}")
        if column is None:
            continue
        note = format_lazy(
            _("Column {code} ({label})."), code=column.code, label=column.label
        )
        field.help_text = (
            format_lazy("{} {}", field.help_text, note) if field.help_text else note
        )
    return fields


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        required=False,
        help_text=_("Six digits. Leave empty only at your first sign-in."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class CounterpartForm(forms.Form):
    """The counterpart of a record, found or created by its code when saved."""

    prefix = "counterpart"

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Entity, fields=COUNTERPART_FIELDS)
        self.fields.update(_with_columns(fields, kind, "entity"))

    def entity(self) -> Entity:
        return Entity(**self.cleaned_data)


def record_fields(kind: str) -> list[str]:
    """Return the record's own fields (the counterpart's are on its own form)."""
    return [
        "decision_number",
        *(
            f
            for f in kinds.content_fields(kind)
            if f != "entity" and f not in kinds.COUNTERPART_AS_DECIDED
        ),
    ]


class RecordForm(forms.Form):
    """A permit's or penalty's own fields, as the national format has them."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(kinds.model_for(kind), fields=record_fields(kind))
        self.fields.update(_with_columns(fields, kind, "record"))
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                # A date input reads only YYYY-MM-DD; the locale would write 2026/12/05.
                field.widget = forms.DateInput(
                    attrs={"type": "date"}, format="%Y-%m-%d"
                )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly with the record's change history."),
    )


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=WithdrawalReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the decision that annulled it. Shown publicly."),
    )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Record type"), choices=RecordKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8 or GB18030/GBK) or XLSX in the national exchange format; "
            "headers may be the column codes or the Chinese labels."
        ),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file."), code="extension"
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; split it.")
                % {"mb": self.max_bytes // (1024 * 1024)},
                code="size",
            )
        return upload


class PublishImportForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What to publish"),
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the corrections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when rows change published records; shown publicly with them."
        ),
    )
