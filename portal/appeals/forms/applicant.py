"""The applicant's forms: the application, tracking, more material."""

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from portal.appeals import evidence
from portal.appeals.choices import AppealKind, Capacity, EvidenceRole
from portal.appeals.records import RecordRef
from portal.appeals.services.common import Upload
from portal.core.forms import RobotTrapMixin, robot_trap

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")
_PHONE_JUNK = re.compile(r"[\s()\-]")


def parse_contact(value: str) -> tuple[str, str]:
    """Return (email, phone) from what the applicant typed, or raise."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("This email address is not valid, e.g. name@example.com."),
                code="email",
            ) from None
        return value, ""
    digits = _PHONE_JUNK.sub("", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return "", digits
    raise ValidationError(
        _(
            "Give an email address, or a phone number: a mobile number of 11 "
            "digits (13812345678) or a landline with its area code (0571-87654321)."
        ),
        code="contact",
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, cleaned one by one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data if item]
        return [clean_one(data, initial)] if data else []


def _file_help() -> str:
    return _("PDF, PNG or JPEG, up to %(mb)s MB each.") % {
        "mb": f"{settings.APPEALS_MAX_FILE_BYTES / (1024 * 1024):.0f}"
    }


_ACCEPT = {"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}


class AppealForm(RobotTrapMixin, forms.Form):
    """An objection or a repair application about one public record."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("What are you asking for?"), widget=forms.RadioSelect
    )
    ground = forms.ChoiceField(
        label=_("What is wrong with the record?"),
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only for an objection."),
    )
    applicant_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Or the name of the company you apply for."),
    )
    capacity = forms.ChoiceField(
        label=_("You apply as"), choices=Capacity.choices, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        help_text=_(
            "Where the authority can reach you. With an email address you also "
            "receive the tracking link and each step by email."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
    statement = forms.CharField(
        label=_("Your statement"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is wrong, or how the obligations were fulfilled. At most 5,000 "
            "characters."
        ),
    )
    fulfilment_proof = forms.FileField(
        label=_("Proof of fulfilment"),
        required=False,
        widget=forms.FileInput(attrs=_ACCEPT),
    )
    commitment_letter = forms.FileField(
        label=_("Signed credit commitment letter (信用承诺书)"),
        required=False,
        widget=forms.FileInput(attrs=_ACCEPT),
    )
    evidence = MultipleFileField(
        label=_("Other evidence"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, **_ACCEPT}),
    )
    website = robot_trap()

    def __init__(self, *args, reference: RecordRef, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in reference.kinds()
        ]
        self.fields["ground"].choices = [
            (ground.value, ground.label) for ground in reference.grounds
        ]
        help_text = _file_help()
        self.fields["fulfilment_proof"].help_text = _(
            "Only for repair: e.g. the receipt of the fine paid, the "
            "rectification report. %(files)s"
        ) % {"files": help_text}
        self.fields["commitment_letter"].help_text = _(
            "Only for repair: the letter you signed, scanned or photographed. %(files)s"
        ) % {"files": help_text}
        self.fields["evidence"].help_text = _(
            "Anything else that supports your case, several files at once. %(files)s"
        ) % {"files": help_text}

    def clean_contact(self):
        email, phone = parse_contact(self.cleaned_data["contact"])
        self.contact_email, self.contact_phone = email, phone
        return email or phone

    def _inspected(self, name):
        files = self.cleaned_data.get(name)
        for upload in files if isinstance(files, list) else [files]:
            if upload:
                try:
                    evidence.inspect(upload)
                except ValidationError as error:
                    self.add_error(name, error)

    def clean(self):
        data = super().clean()
        for name in ("fulfilment_proof", "commitment_letter", "evidence"):
            self._inspected(name)
        kind = data.get("kind")
        if kind == AppealKind.REPAIR:
            refusal = self.reference.repair_refusal()
            if refusal:
                self.add_error("kind", refusal)
            for name in ("fulfilment_proof", "commitment_letter"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("A repair application needs this document."))
        elif kind == AppealKind.OBJECTION and not data.get("ground"):
            self.add_error("ground", _("Say what is wrong with the record."))
        if len(self.uploads()) > settings.APPEALS_MAX_FILES:
            self.add_error(
                "evidence",
                _("Send at most %(count)d files at a time.")
                % {"count": settings.APPEALS_MAX_FILES},
            )
        return data

    def uploads(self) -> list[Upload]:
        data = getattr(self, "cleaned_data", {})
        uploads = []
        if data.get("kind") == AppealKind.REPAIR:
            for role, name in (
                (EvidenceRole.FULFILMENT, "fulfilment_proof"),
                (EvidenceRole.COMMITMENT, "commitment_letter"),
            ):
                if data.get(name):
                    uploads.append(Upload(role, data[name]))
        uploads += [Upload(EvidenceRole.OTHER, f) for f in data.get("evidence") or []]
        return uploads

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=20,
        help_text=_("For example 2026-000123."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=64,
        help_text=_("Shown when you applied and sent in the first email."),
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )


class MaterialForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = MultipleFileField(
        label=_("Files"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, **_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _file_help()

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        for upload in files:
            evidence.inspect(upload)
        return files

    def uploads(self) -> list[Upload]:
        return [Upload(EvidenceRole.OTHER, f) for f in self.cleaned_data["evidence"]]
