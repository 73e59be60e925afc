"""Forms of appeals: the applicant's and the handlers'."""

from portal.appeals.forms.applicant import (
    AppealForm,
    MaterialForm,
    MultipleFileField,
    TrackForm,
    parse_contact,
)
from portal.appeals.forms.handling import (
    AcceptForm,
    CorrectionReasonForm,
    DecisionForm,
    RequestMaterialForm,
)

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
