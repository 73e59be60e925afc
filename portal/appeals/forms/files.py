"""File questions of the applicant's forms: several files from one input."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

ACCEPT = {"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}


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


def file_help() -> str:
    """Return what files are taken, and how big."""
    return _("PDF, PNG or JPEG, up to %(mb)s MB each.") % {
        "mb": f"{settings.APPEALS_MAX_FILE_BYTES / (1024 * 1024):.0f}"
    }


def files_input() -> MultipleFileInput:
    return MultipleFileInput(attrs={"multiple": True, **ACCEPT})
