"""The applicant's tracking page: where the case stands, and more material."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.appeals import progress, records, selectors, tracking
from portal.appeals.choices import Status
from portal.appeals.exceptions import AppealError
from portal.appeals.forms import MaterialForm
from portal.appeals.services import submission
from portal.core import busy, ratelimit
from portal.core.dates import local_today


def _closed(number):
    return redirect(f"{reverse('appeals:track')}?number={number}")


@never_cache
def case(request, number, *, material_form=None, status=200):
    """The applicant's view of the case: its steps, files, next step, contact."""
    appeal = selectors.by_number(number)
    if appeal is None or not tracking.has_access(request.session, number):
        return _closed(number)
    waiting = appeal.status == Status.AWAITING_MATERIAL
    if waiting and material_form is None:
        material_form = MaterialForm()
    return render(
        request,
        "appeals/case.html",
        {
            "appeal": appeal,
            "steps": progress.timeline(appeal),
            "files": list(appeal.evidence.order_by("uploaded_at", "pk")),
            "next": progress.next_step(appeal, local_today()),
            "reference": records.find_by_id(appeal.record_type, appeal.record_id),
            "request_for_material": progress.material_request(appeal)
            if waiting
            else None,
            "material_form": material_form if waiting else None,
        },
        status=status,
    )


@require_POST
def add_material(request, number):
    """Send what the authority asked for; the files go to its handlers."""
    appeal = selectors.by_number(number)
    if appeal is None or not tracking.has_access(request.session, number):
        return _closed(number)
    form = MaterialForm(request.POST, request.FILES)
    problem = ratelimit.refusal(
        request, "submit", limit=settings.APPEALS_SUBMISSIONS_PER_HOUR
    )
    if problem:
        form.is_valid()
        form.add_error(None, problem)
        return case(request, number, material_form=form, status=429)
    if not form.is_valid():
        return case(request, number, material_form=form, status=400)
    try:
        busy.patiently(
            submission.add_material,
            appeal=appeal,
            note=form.cleaned_data["note"],
            uploads=form.uploads(),
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return case(request, number, material_form=form, status=400)
    except AppealError as error:
        messages.error(request, error.message)
        return redirect(appeal.get_absolute_url())
    except busy.DatabaseBusy:
        form.add_error(None, busy.message())
        return busy.refuse(case(request, number, material_form=form))
    messages.success(request, _("Thank you: the material was sent to the authority."))
    return redirect(appeal.get_absolute_url())
