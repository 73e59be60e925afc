"""What the officials' inspection pages share: the gate, scoping, service errors.

Every page passes `OfficialMixin` (password, TOTP, the publisher's role) and
finds plans through `selectors.plans_of`, so a plan the official's authority
neither leads nor joins is simply not found (404).
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from portal.inspections import selectors
from portal.inspections.exceptions import InspectionError
from portal.inspections.models import InspectionPlan
from portal.publishing.access import OfficialMixin
from portal.publishing.choices import Role

# A service refuses with one of these; the page shows the message and the
# service's transaction has left everything as it was.
SERVICE_ERRORS = (InspectionError, ValidationError)


def plan_url(plan) -> str:
    return reverse("inspections-officials:plan", kwargs={"pk": plan.pk})


def plan_for(authority, pk) -> InspectionPlan:
    """Return a plan the authority leads or joins, or raise Http404."""
    try:
        return selectors.plans_of(authority=authority).get(pk=pk)
    except (InspectionPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def error_messages(error) -> list[str]:
    """Return a service error's messages, in the request's language."""
    if isinstance(error, InspectionError):
        return [str(error.message)]
    return [str(message) for message in error.messages]


def show_on_form(form, error) -> None:
    """Put a service's refusal on the form: on its field when it names one."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            field = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for problem in problems:
                form.add_error(field, problem)
        return
    for message in error_messages(error):
        form.add_error(None, message)


def refused(request, error, url: str):
    """Show a service's refusal as a message on the page at `url`."""
    for message in error_messages(error):
        messages.error(request, message)
    return redirect(url)


class InspectionsMixin(OfficialMixin):
    """An officials' page of random inspections, for the authority's publishers."""

    role = Role.PUBLISHER

    @property
    def authority(self):
        return self.official.authority

    def get_plan(self) -> InspectionPlan:
        return plan_for(self.authority, self.kwargs["pk"])
