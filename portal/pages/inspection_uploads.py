"""A reader's own copies of a plan's files, sent to the check page.

The uploads are read into memory, checked and forgotten: nothing is saved.
A downloaded file carries the plan number in front of its name
("杭市监抽〔2026〕3号_plan.json"), and a browser may add " (1)" to a second
copy, so both are recognised as the file they name.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.appeals.forms.files import MultipleFileField, MultipleFileInput
from portal.inspections import checks
from portal.inspections.choices import PlanState

# The files that exist only once a plan is drawn.
DRAW_FILES = ("draw.json", "drawn.csv", "teams.csv")
_COPY_MARK = re.compile(r" \(\d+\)(?=\.[A-Za-z]+$)")


def file_meant(upload_name: str) -> str | None:
    """Return the plan file an uploaded file's name stands for, or None."""
    name = _COPY_MARK.sub("", upload_name.strip()).lower()
    for known in checks.CHECKABLE_FILES:
        if name == known:
            return known
        if name.endswith(known) and not name[-len(known) - 1].isalnum():
            return known
    return None


def _megabytes(size: int) -> int:
    return size // (1024 * 1024)


class CheckUploadForm(forms.Form):
    copies = MultipleFileField(
        label=_("Your copies of the plan's files"),
        required=False,
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": ".json,.csv,application/json,text/csv"}
        ),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.drawn = plan.state in (PlanState.DRAWN, PlanState.CLOSED)
        self.fields["copies"].help_text = _(
            "Choose one or more of: %(names)s, up to %(mb)d MB each. A name may "
            "start with the plan number, as the files download."
        ) % {
            "names": ", ".join(self.checkable()),
            "mb": _megabytes(checks.MAX_FILE_BYTES),
        }
        self.fields["copies"].widget.attrs["aria-describedby"] = (
            f"{self['copies'].auto_id}-help"
        )

    def checkable(self) -> list[str]:
        """Return the files this plan can be checked with (no draw files before)."""
        return [
            name
            for name in checks.CHECKABLE_FILES
            if self.drawn or name not in DRAW_FILES
        ]

    def clean_copies(self) -> dict[str, bytes]:
        uploads = self.cleaned_data.get("copies") or []
        if not uploads:
            raise ValidationError(
                _("Choose at least one of the plan's files to check."), code="required"
            )
        errors, meant = [], {}
        for upload in uploads:
            name = file_meant(upload.name or "")
            if name is None:
                errors.append(
                    _(
                        "“%(upload)s” is not one of the plan's files. Send files "
                        "named %(names)s."
                    )
                    % {
                        "upload": upload.name,
                        "names": ", ".join(self.checkable()),
                    }
                )
            elif upload.size > checks.MAX_FILE_BYTES:
                errors.append(
                    _(
                        "“%(upload)s” is larger than %(mb)d MB, the most a plan's "
                        "file may be."
                    )
                    % {"upload": upload.name, "mb": _megabytes(checks.MAX_FILE_BYTES)}
                )
            elif name in meant:
                errors.append(
                    _("Two of the files you chose are %(name)s: send one of them.")
                    % {"name": name}
                )
            elif name in DRAW_FILES and not self.drawn:
                errors.append(
                    _(
                        "%(name)s exists only after the draw, and this plan has "
                        "not been drawn yet."
                    )
                    % {"name": name}
                )
            else:
                meant[name] = upload
        if errors:
            raise ValidationError(errors)
        # Read only once every file is known to be one of the plan's and small
        # enough; Django deletes its temporary copies when the request ends.
        return {name: upload.read() for name, upload in meant.items()}
