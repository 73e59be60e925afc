"""The application: an objection or a repair application about one record."""

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from portal.appeals import evidence, selectors, tracking
from portal.appeals.choices import AppealKind, Capacity, EvidenceRole
from portal.appeals.forms.files import (
    ACCEPT,
    MultipleFileField,
    file_help,
    files_input,
)
from portal.appeals.records import RecordRef
from portal.appeals.services.common import Upload
from portal.core.forms import RobotTrapMixin, robot_trap

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")
_PHONE_JUNK = re.compile(r"[\s()\-]")
# The documents of a repair application, by the form's field.
_REPAIR_DOCUMENTS = (
    (EvidenceRole.FULFILMENT, "fulfilment_proof"),
    (EvidenceRole.COMMITMENT, "commitment_letter"),
)


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


def _required(message) -> dict:
    return {"required": message}


class AppealForm(RobotTrapMixin, forms.Form):
    """An objection or a repair application about one public record.

    The fields are in the order the page shows them, so that the error
    summary lists the problems in that order too.
    """

    # Questions shown with "(optional)"; every other one must be answered
    # (the reasons and the documents only under the answer they belong to).
    marked_optional = ("evidence",)

    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was incomplete. Send it again."),
            "invalid": _("The form was incomplete. Send it again."),
        },
    )
    # Shown only when this applicant already has a case open on the record.
    second_case = forms.BooleanField(
        label=_("Send this as a second case"), required=False
    )
    kind = forms.ChoiceField(
        label=_("What are you asking for?"),
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose what you are applying for")),
    )
    ground = forms.ChoiceField(
        label=_("What is wrong with the record?"),
        widget=forms.RadioSelect,
        required=False,
    )
    fulfilment_proof = forms.FileField(
        label=_("Proof of fulfilment"),
        required=False,
        widget=forms.FileInput(attrs=ACCEPT),
    )
    commitment_letter = forms.FileField(
        label=_("Signed credit commitment letter (信用承诺书)"),
        required=False,
        widget=forms.FileInput(attrs=ACCEPT),
    )
    applicant_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Or the name of the company you apply for."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter your name, or the name of the company you apply for"),
            "max_length": _("Your name must be 100 characters or fewer"),
        },
    )
    capacity = forms.ChoiceField(
        label=_("You apply as"),
        choices=Capacity.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose whether you are the party or represent it")),
    )
    contact = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        help_text=_(
            "Where the authority can reach you. With an email address you also "
            "receive the tracking link and each step by email."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _(
                "Enter your email address or phone number so that the authority "
                "can tell you the outcome"
            ),
            "max_length": _("The email address must be 254 characters or fewer"),
        },
    )
    statement = forms.CharField(
        label=_("Your statement"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is wrong, or how the obligations were fulfilled. At most 5,000 "
            "characters."
        ),
        error_messages={
            "required": _(
                "Enter your statement: what is wrong, or how the obligations "
                "were fulfilled"
            ),
            "max_length": _("Your statement must be 5,000 characters or fewer"),
        },
    )
    evidence = MultipleFileField(
        label=_("Other evidence"), required=False, widget=files_input()
    )
    website = robot_trap()

    def __init__(self, *args, reference: RecordRef, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.reference = reference
        # The open case of the same applicant about the record, once cleaned.
        self.open_case = None
        self.contact_email = self.contact_phone = ""
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in reference.kinds()
        ]
        self.fields["ground"].choices = [
            (ground.value, ground.label) for ground in reference.grounds
        ]
        files = file_help()
        self.fields["fulfilment_proof"].help_text = _(
            "For example the receipt of the fine paid, or the rectification "
            "report. %(files)s"
        ) % {"files": files}
        self.fields["commitment_letter"].help_text = _(
            "The letter you signed, scanned or photographed. %(files)s"
        ) % {"files": files}
        self.fields["evidence"].help_text = _(
            "Anything else that supports your case, several files at once. %(files)s"
        ) % {"files": files}

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
        kind = data.get("kind")
        # Without JavaScript every answer stays on the page: what belongs to
        # the other kind is ignored, never checked.
        names = ["evidence"]
        if kind == AppealKind.REPAIR:
            names[:0] = [name for _role, name in _REPAIR_DOCUMENTS]
        for name in names:
            self._inspected(name)
        if kind == AppealKind.REPAIR:
            self._check_repair(data)
        elif kind == AppealKind.OBJECTION and not data.get("ground"):
            self.add_error("ground", _("Choose what is wrong with the record"))
        if len(self.uploads()) > settings.APPEALS_MAX_FILES:
            self.add_error(
                "evidence",
                _("Send at most %(count)d files at a time.")
                % {"count": settings.APPEALS_MAX_FILES},
            )
        self._check_second_case(data)
        return data

    def _check_repair(self, data):
        refusal = self.reference.repair_refusal()
        if refusal:
            self.add_error("kind", refusal)
        missing = {
            "fulfilment_proof": _(
                "Choose a file that proves the obligations are fulfilled"
            ),
            "commitment_letter": _(
                "Choose the file of your signed credit commitment letter"
            ),
        }
        for name, message in missing.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)

    def _check_second_case(self, data):
        if not (self.contact_email or self.contact_phone):
            return
        self.open_case = selectors.open_case_by(
            self.reference.type,
            self.reference.id,
            email=self.contact_email,
            phone=self.contact_phone,
            token_hash=tracking.hash_token(data["token"]) if data.get("token") else "",
        )
        if self.open_case is not None and not data.get("second_case"):
            self.add_error(
                "second_case",
                _(
                    "You already have a case open about this record: tick the box "
                    "to send this as a second case"
                ),
            )

    def uploads(self) -> list[Upload]:
        data = getattr(self, "cleaned_data", {})
        uploads = []
        if data.get("kind") == AppealKind.REPAIR:
            uploads += [
                Upload(role, data[name])
                for role, name in _REPAIR_DOCUMENTS
                if data.get(name)
            ]
        uploads += [Upload(EvidenceRole.OTHER, f) for f in data.get("evidence") or []]
        return uploads

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()
