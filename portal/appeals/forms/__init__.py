"""Forms of appeals: the applicant's and the handlers'."""

from portal.appeals.forms.applicant import AppealForm, parse_contact
from portal.appeals.forms.files import MultipleFileField
from portal.appeals.forms.handling import (
    AcceptForm,
    CorrectionReasonForm,
    DecisionForm,
    RequestMaterialForm,
)
from portal.appeals.forms.tracking import MaterialForm, TrackForm

__all__ = [
    "AcceptForm",
    "AppealForm",
    "CorrectionReasonForm",
    "DecisionForm",
    "MaterialForm",
    "MultipleFileField",
    "RequestMaterialForm",
    "TrackForm",
    "parse_contact",
]
