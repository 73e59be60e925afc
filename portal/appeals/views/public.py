"""The applicant's pages: the form, its confirmation, opening a case.

No account: a case is opened by its number and secret (or the private link),
and this browser's session remembers it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.appeals import records, selectors, tracking
from portal.appeals.forms import AppealForm, TrackForm
from portal.appeals.services import submission
from portal.core import busy, ratelimit
from portal.core.dates import local_today


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _apply(form, error: ValidationError) -> None:
    """Put a service's validation errors on the form's fields."""
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _form_page(request, reference, form, *, status=200, problem=""):
    today = local_today()
    repair_refusal = reference.repair_refusal(today=today)
    return render(
        request,
        "appeals/new.html",
        {
            "reference": reference,
            "form": form,
            "problem": problem,
            "repair_refusal": repair_refusal,
            # The number of an open case is shown only to the browser that
            # already follows it: to anyone else, that it exists is enough.
            "open_case_tracked": form.open_case is not None
            and tracking.has_access(request.session, form.open_case.number),
            "deadlines": {
                "objection": settings.APPEALS_OBJECTION_WORKING_DAYS,
                "repair_answer": settings.APPEALS_REPAIR_ANSWER_WORKING_DAYS,
                "repair_decision": settings.APPEALS_REPAIR_DECISION_WORKING_DAYS,
            },
        },
        status=status,
    )


def new_appeal(request):
    """Show the form for a record, and save the case it sends."""
    reference = records.find(request.GET.get("record", ""))
    if reference is None:
        return render(
            request,
            "appeals/not_found.html",
            {"record": request.GET.get("record", "")},
            status=404,
        )
    if request.method != "POST":
        initial = {"token": AppealForm.new_token()}
        if request.GET.get("kind") in reference.kinds():
            initial["kind"] = request.GET["kind"]
        elif len(reference.kinds()) == 1:
            initial["kind"] = reference.kinds()[0]
        return _form_page(
            request, reference, AppealForm(initial=initial, reference=reference)
        )

    # The same form again (a refresh of the answer, a double click): its case
    # exists, whatever this copy holds.
    again = submission.find_submitted(request.POST.get("token", ""))
    if again is not None:
        return _confirmed(request, again)
    form = AppealForm(request.POST, request.FILES, reference=reference)
    problem = ratelimit.refusal(
        request, "submit", limit=settings.APPEALS_SUBMISSIONS_PER_HOUR
    )
    if problem:
        return _form_page(request, reference, form, status=429, problem=problem)
    if form.is_trapped:
        return _form_page(
            request,
            reference,
            form,
            status=400,
            problem=_(
                "This submission could not be accepted. Leave the last field empty."
            ),
        )
    if not form.is_valid():
        return _form_page(request, reference, form, status=400)
    data = form.cleaned_data
    try:
        result = busy.patiently(
            submission.submit_appeal,
            reference=reference,
            kind=data["kind"],
            ground=data.get("ground") or "",
            applicant_name=data["applicant_name"],
            capacity=data["capacity"],
            contact_email=form.contact_email,
            contact_phone=form.contact_phone,
            statement=data["statement"],
            uploads=form.uploads(),
            token=data["token"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
            site_url=_site_url(request),
        )
    except ValidationError as error:
        _apply(form, error)
        return _form_page(request, reference, form, status=400)
    except busy.DatabaseBusy:
        return busy.refuse(_form_page(request, reference, form, problem=busy.message()))
    return _confirmed(request, result)


def _confirmed(request, result):
    number = result.appeal.number
    tracking.grant(request.session, number)
    if result.secret is None:
        messages.info(request, _("This application had already been received."))
        return redirect(result.appeal.get_absolute_url())
    if not result.created:
        messages.info(
            request,
            _(
                "This form reached us twice (after a double click or a refresh, "
                "for example): only one case was created, this one."
            ),
        )
    return redirect("appeals:submitted", number=number, secret=result.secret)


@never_cache
def submitted(request, number, secret):
    """Confirm a saved case: its number, its secret, its private link.

    The secret is in the address, as in the private link: a refresh, or the
    same form sent twice, shows this page again.
    """
    appeal = selectors.by_number(number)
    if appeal is None or not tracking.secret_matches(appeal, secret):
        return redirect(f"{reverse('appeals:track')}?number={number}")
    tracking.grant(request.session, number)
    link = request.build_absolute_uri(
        reverse("appeals:private-link", kwargs={"number": number, "secret": secret})
    )
    return render(
        request,
        "appeals/submitted.html",
        {"appeal": appeal, "secret": secret, "link": link},
    )


def track(request):
    """Open a case with its number and secret."""
    if request.method != "POST":
        form = TrackForm(initial={"number": request.GET.get("number", "")})
        return render(request, "appeals/track.html", {"form": form})
    form = TrackForm(request.POST)
    problem = ratelimit.refusal(
        request, "track", limit=settings.APPEALS_TRACKING_ATTEMPTS_PER_HOUR
    )
    if problem:
        return render(
            request,
            "appeals/track.html",
            {"form": form, "problem": problem},
            status=429,
        )
    if form.is_valid():
        appeal = selectors.by_number(form.cleaned_data["number"])
        if appeal is not None and tracking.secret_matches(
            appeal, form.cleaned_data["secret"]
        ):
            tracking.grant(request.session, appeal.number)
            try:
                # The session is what remembers the case: saved here, where a
                # locked database can be waited for and answered.
                busy.patiently(request.session.save)
            except busy.DatabaseBusy:
                request.session.modified = False
                return busy.refuse(
                    render(
                        request,
                        "appeals/track.html",
                        {"form": form, "problem": busy.message()},
                    )
                )
            return redirect(appeal.get_absolute_url())
        form.add_error(
            None,
            _(
                "No case matches this number and secret. Check both, as sent in "
                "the first email or shown when you applied."
            ),
        )
    return render(request, "appeals/track.html", {"form": form}, status=400)


@never_cache
def private_link(request, number, secret):
    """Open a case from the link in the first email, then drop the secret
    from the address bar."""
    problem = ratelimit.refusal(
        request, "track", limit=settings.APPEALS_TRACKING_ATTEMPTS_PER_HOUR
    )
    appeal = None if problem else selectors.by_number(number)
    if appeal is not None and tracking.secret_matches(appeal, secret):
        tracking.grant(request.session, number)
        return redirect(appeal.get_absolute_url())
    form = TrackForm(initial={"number": number})
    return render(
        request,
        "appeals/track.html",
        {
            "form": form,
            "problem": problem
            or _("This link is not valid. Enter the number and the secret."),
        },
        status=429 if problem else 404,
    )
