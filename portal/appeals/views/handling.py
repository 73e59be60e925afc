"""The appeals handlers' pages in the officials' area, under /officials/appeals/.

Each passes `OfficialMixin` (password, TOTP, the appeals handler's role) and
finds cases through `selectors.appeal_for`, scoped to the official's authority.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from portal.appeals import records, selectors
from portal.appeals.choices import AppealKind, RecordType
from portal.appeals.exceptions import AppealError
from portal.appeals.forms import (
    AcceptForm,
    CorrectionReasonForm,
    DecisionForm,
    RequestMaterialForm,
)
from portal.appeals.services import handling
from portal.core.dates import local_today
from portal.publishing.access import OfficialMixin
from portal.publishing.choices import Role
from portal.publishing.exceptions import PublishingError
from portal.publishing.forms import (
    COUNTERPART_FIELDS,
    CounterpartForm,
    RecordForm,
    record_fields,
)
from portal.publishing.views.records import apply_errors

_PER_PAGE = 50


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def case_url(appeal) -> str:
    return reverse("appeals-handling:case", kwargs={"pk": appeal.pk})


class _HandlerMixin(OfficialMixin):
    role = Role.APPEALS_HANDLER

    def get_appeal(self):
        return selectors.appeal_for(self.official, self.kwargs["pk"])


class QueueView(_HandlerMixin, TemplateView):
    template_name = "appeals/handling/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        view = self.request.GET.get("view", "open")
        if view not in selectors.QUEUE_VIEWS:
            view = "open"
        kind = self.request.GET.get("kind", "")
        cases = selectors.queue(self.official, view=view, kind=kind, today=today)
        page = Paginator(cases, _PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            today=today,
            view=view,
            kind=kind,
            kinds=AppealKind.choices,
            page_obj=page,
            rows=selectors.queue_rows(page.object_list, today=today),
            counts=selectors.counts(self.official, today=today),
        )
        return context


class CaseView(_HandlerMixin, TemplateView):
    template_name = "appeals/handling/case.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        appeal = kwargs.get("appeal") or self.get_appeal()
        today = local_today()
        reference = records.find_by_id(appeal.record_type, appeal.record_id)
        context.update(
            appeal=appeal,
            row=selectors.queue_rows([appeal], today=today)[0],
            reference=reference,
            official_record_url=_official_record_url(appeal),
            events=appeal.events.select_related("actor").prefetch_related("evidence"),
            evidence=appeal.evidence.all(),
            accept_form=kwargs.get("accept_form") or AcceptForm(),
            request_form=kwargs.get("request_form") or RequestMaterialForm(),
            decision_form=kwargs.get("decision_form") or DecisionForm(appeal=appeal),
        )
        return context


def _official_record_url(appeal) -> str | None:
    if appeal.record_type == RecordType.LIST_ENTRY:
        return None
    return reverse(
        "publishing:record", kwargs={"kind": appeal.record_type, "pk": appeal.record_id}
    )


class _StepView(CaseView):
    """A POST that takes one step on the case, then goes back to it."""

    http_method_names = ["post"]
    form_class = None
    form_name = ""

    def make_form(self, appeal):
        return self.form_class(self.request.POST)

    def post(self, request, *args, **kwargs):
        appeal = self.get_appeal()
        form = self.make_form(appeal)
        if form.is_valid():
            try:
                outcome = self.act(appeal, form.cleaned_data)
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            except PublishingError as error:
                messages.error(request, error.message)
                return redirect(case_url(appeal))
            else:
                return outcome
        context = self.get_context_data(appeal=appeal, **{self.form_name: form})
        return self.render_to_response(context, status=400)


class AcceptView(_StepView):
    form_class = AcceptForm
    form_name = "accept_form"

    def act(self, appeal, data):
        handling.accept_appeal(
            official=self.official,
            appeal=appeal,
            message=data["message"],
            site_url=_site_url(self.request),
        )
        messages.success(self.request, _("Accepted; the applicant has been told."))
        return redirect(case_url(appeal))


class RequestMaterialView(_StepView):
    form_class = RequestMaterialForm
    form_name = "request_form"

    def act(self, appeal, data):
        handling.request_material(
            official=self.official,
            appeal=appeal,
            message=data["message"],
            site_url=_site_url(self.request),
        )
        messages.success(
            self.request, _("The applicant has been asked for more material.")
        )
        return redirect(case_url(appeal))


class DecideView(_StepView):
    form_name = "decision_form"

    def make_form(self, appeal):
        return DecisionForm(self.request.POST, appeal=appeal)

    def act(self, appeal, data):
        if data.get("correct"):
            # The reasons travel to the correction page, which decides.
            self.request.session[f"appeals_reason_{appeal.pk}"] = data["reason"]
            return redirect(
                reverse("appeals-handling:correct", kwargs={"pk": appeal.pk})
            )
        handling.decide_appeal(
            official=self.official,
            appeal=appeal,
            outcome=data["outcome"],
            reason=data["reason"],
            public_note=data["public_note"],
            site_url=_site_url(self.request),
        )
        messages.success(self.request, _("Decided; the applicant has been told."))
        return redirect(case_url(appeal))


class CorrectView(_HandlerMixin, TemplateView):
    """Uphold an objection by correcting the record's fields."""

    template_name = "appeals/handling/correct.html"

    def _record(self, appeal):
        if appeal.kind != AppealKind.OBJECTION or (
            appeal.record_type == RecordType.LIST_ENTRY
        ):
            raise Http404
        reference = records.find_by_id(appeal.record_type, appeal.record_id)
        if reference is None or reference.authority.pk != self.official.authority_id:
            raise Http404
        return reference.record

    def _render(self, appeal, record, counterpart, form, reasons, status=200):
        context = self.get_context_data(
            appeal=appeal,
            record=record,
            kind=appeal.record_type,
            counterpart_form=counterpart,
            record_form=form,
            reason_form=reasons,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        appeal = self.get_appeal()
        record = self._record(appeal)
        kind = appeal.record_type
        counterpart = CounterpartForm(
            kind=kind, initial=model_to_dict(record.entity, fields=COUNTERPART_FIELDS)
        )
        form = RecordForm(
            kind=kind, initial=model_to_dict(record, fields=record_fields(kind))
        )
        reasons = CorrectionReasonForm(
            initial={"reason": request.session.get(f"appeals_reason_{appeal.pk}", "")}
        )
        return self._render(appeal, record, counterpart, form, reasons)

    def post(self, request, *args, **kwargs):
        appeal = self.get_appeal()
        record = self._record(appeal)
        kind = appeal.record_type
        counterpart = CounterpartForm(request.POST, kind=kind)
        form = RecordForm(request.POST, kind=kind)
        reasons = CorrectionReasonForm(request.POST)
        if not all([counterpart.is_valid(), form.is_valid(), reasons.is_valid()]):
            return self._render(appeal, record, counterpart, form, reasons, 400)
        try:
            handling.uphold_with_correction(
                official=self.official,
                appeal=appeal,
                entity=counterpart.entity(),
                fields=form.cleaned_data,
                reason=reasons.cleaned_data["reason"],
                correction_reason=reasons.cleaned_data["correction_reason"],
                site_url=_site_url(request),
            )
        except ValidationError as error:
            apply_errors(error, counterpart=counterpart, record=form, reason=reasons)
            return self._render(appeal, record, counterpart, form, reasons, 400)
        except (AppealError, PublishingError) as error:
            messages.error(request, error.message)
            return redirect(case_url(appeal))
        request.session.pop(f"appeals_reason_{appeal.pk}", None)
        messages.success(
            request, _("Upheld: the record was corrected and the applicant told.")
        )
        return redirect(case_url(appeal))


class EvidenceDownloadView(_HandlerMixin, View):
    """Send one evidence file to a handler of the case's authority, never inline."""

    def get(self, request, *args, **kwargs):
        item = selectors.evidence_for(self.official, kwargs["pk"], kwargs["file_pk"])
        try:
            stream = item.file.open("rb")
        except OSError:
            raise Http404 from None
        # Named and typed by what the portal found in it, never by the
        # applicant's name for it; and never run, should a browser open it.
        response = FileResponse(
            stream,
            as_attachment=True,
            filename=item.download_name,
            content_type=item.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
