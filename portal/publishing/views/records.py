"""Single records: list, create, read, edit or correct, publish, withdraw."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.models import model_to_dict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.disclosures.choices import PUBLIC_STATES, RecordState
from portal.publishing import kinds, selectors
from portal.publishing.access import OfficialMixin
from portal.publishing.exceptions import PublishingError
from portal.publishing.forms import (
    COUNTERPART_FIELDS,
    CorrectionForm,
    CounterpartForm,
    RecordForm,
    WithdrawForm,
    record_fields,
)
from portal.publishing.services import records as services

_PER_PAGE = 50


def apply_errors(error: ValidationError, *, counterpart, record, reason=None) -> None:
    """Put a service's validation errors on the form fields they belong to."""
    for key, errors in error.message_dict.items():
        form, name = record, key
        if key.startswith("counterpart."):
            form, name = counterpart, key.removeprefix("counterpart.")
        elif key == "reason" and reason is not None:
            form = reason
        if name == NON_FIELD_ERRORS or name not in form.fields:
            name = None
        for message in errors:
            form.add_error(name, message)


def detail_url(record) -> str:
    kind = "permit" if record._meta.model_name == "permit" else "penalty"
    return reverse("publishing:record", kwargs={"kind": kind, "pk": record.pk})


class RecordListView(OfficialMixin, TemplateView):
    template_name = "publishing/record_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kwargs["kind"]
        records = selectors.records_for(self.official, kind).order_by(
            "-decided_on", "-pk"
        )
        state = self.request.GET.get("state", "")
        if state in RecordState.values:
            records = records.filter(state=state)
        query = self.request.GET.get("q", "").strip()
        if query:
            records = records.filter(
                Q(decision_number__icontains=query)
                | Q(counterpart_name__icontains=query)
            )
        page = Paginator(records, _PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            kind=kind,
            page_obj=page,
            records=page.object_list,
            state=state,
            query=query,
            states=RecordState.choices,
        )
        return context


class _RecordFormView(OfficialMixin, TemplateView):
    template_name = "publishing/record_form.html"

    def forms(self, data=None, *, initial=None, entity_initial=None):
        kind = self.kwargs["kind"]
        return (
            CounterpartForm(data, kind=kind, initial=entity_initial),
            RecordForm(data, kind=kind, initial=initial),
        )

    def render_forms(self, counterpart_form, record_form, **extra):
        return self.render_to_response(
            self.get_context_data(
                counterpart_form=counterpart_form,
                record_form=record_form,
                kind=self.kwargs["kind"],
                **extra,
            )
        )


class RecordCreateView(_RecordFormView):
    def get(self, request, *args, **kwargs):
        authority = self.official.authority
        counterpart, record = self.forms(
            initial={
                "data_source_name": authority.name,
                "data_source_uscc": authority.uscc,
            }
        )
        return self.render_forms(counterpart, record)

    def post(self, request, *args, **kwargs):
        counterpart, record = self.forms(request.POST)
        if not (counterpart.is_valid() and record.is_valid()):
            return self.render_forms(counterpart, record)
        try:
            saved = services.create_draft(
                official=self.official,
                kind=self.kwargs["kind"],
                entity=counterpart.entity(),
                fields=record.cleaned_data,
            )
            if "publish" in request.POST:
                services.publish_record(official=self.official, record=saved)
        except ValidationError as error:
            apply_errors(error, counterpart=counterpart, record=record)
            return self.render_forms(counterpart, record)
        messages.success(
            request,
            _("Published.") if "publish" in request.POST else _("Saved as a draft."),
        )
        return redirect(detail_url(saved))


class RecordEditView(_RecordFormView):
    """Edit a draft, or correct a published record with a reason."""

    def get_record(self):
        return selectors.record_for(
            self.official, self.kwargs["kind"], self.kwargs["pk"]
        )

    def _initial(self, record):
        counterpart = model_to_dict(record.entity, fields=COUNTERPART_FIELDS)
        # The name and legal representative as this decision gave them.
        for record_field, entity_field in kinds.COUNTERPART_AS_DECIDED.items():
            counterpart[entity_field] = getattr(record, record_field)
        return (
            model_to_dict(record, fields=record_fields(self.kwargs["kind"])),
            counterpart,
        )

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        if record.state == RecordState.WITHDRAWN:
            messages.error(request, _("A withdrawn record cannot be changed."))
            return redirect(detail_url(record))
        initial, entity_initial = self._initial(record)
        counterpart, form = self.forms(initial=initial, entity_initial=entity_initial)
        reason = CorrectionForm() if record.state in PUBLIC_STATES else None
        return self.render_forms(counterpart, form, record=record, reason_form=reason)

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        correcting = record.state in PUBLIC_STATES
        counterpart, form = self.forms(request.POST)
        reason = CorrectionForm(request.POST) if correcting else None
        valid = [counterpart.is_valid(), form.is_valid()]
        if reason is not None:
            valid.append(reason.is_valid())
        if not all(valid):
            return self.render_forms(
                counterpart, form, record=record, reason_form=reason
            )
        try:
            if correcting:
                services.correct_record(
                    official=self.official,
                    record=record,
                    entity=counterpart.entity(),
                    fields=form.cleaned_data,
                    reason=reason.cleaned_data["reason"],
                )
            else:
                services.update_draft(
                    official=self.official,
                    record=record,
                    entity=counterpart.entity(),
                    fields=form.cleaned_data,
                )
        except ValidationError as error:
            apply_errors(error, counterpart=counterpart, record=form, reason=reason)
            return self.render_forms(
                counterpart, form, record=record, reason_form=reason
            )
        except PublishingError as error:
            messages.error(request, error.message)
            return redirect(detail_url(record))
        messages.success(
            request,
            _("Corrected: version %(version)d.") % {"version": record.version}
            if correcting
            else _("Draft saved."),
        )
        return redirect(detail_url(record))


class RecordDetailView(OfficialMixin, TemplateView):
    template_name = "publishing/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kwargs["kind"]
        record = selectors.record_for(self.official, kind, self.kwargs["pk"])
        context.update(
            kind=kind,
            record=record,
            fields=_field_rows(record, kind),
            log=selectors.record_log(record),
            versions=selectors.record_versions(record),
            withdraw_form=WithdrawForm() if record.state in PUBLIC_STATES else None,
        )
        return context


def _field_rows(record, kind):
    """Return (label, value) for every field of the record and its counterpart."""
    rows = []
    entity = record.entity
    as_decided = {e: r for r, e in kinds.COUNTERPART_AS_DECIDED.items()}
    for name in COUNTERPART_FIELDS:
        field = entity._meta.get_field(name)
        if name in as_decided:
            value = getattr(record, as_decided[name])
        else:
            value = getattr(
                entity, f"get_{name}_display", lambda n=name: getattr(entity, n)
            )()
        rows.append((field.verbose_name, value))
    for name in record_fields(kind):
        field = record._meta.get_field(name)
        if name == "categories":
            value = "、".join(str(label) for label in record.category_labels)
        else:
            value = getattr(
                record, f"get_{name}_display", lambda n=name: getattr(record, n)
            )()
        rows.append((field.verbose_name, value))
    return rows


class _RecordActionView(OfficialMixin, TemplateView):
    """The target of a record page's action form; opened by address, the page."""

    def get(self, request, *args, **kwargs):
        record = selectors.record_for(
            self.official, self.kwargs["kind"], self.kwargs["pk"]
        )
        return redirect(detail_url(record))


class RecordPublishView(_RecordActionView):
    def post(self, request, *args, **kwargs):
        record = selectors.record_for(
            self.official, self.kwargs["kind"], self.kwargs["pk"]
        )
        try:
            services.publish_record(official=self.official, record=record)
        except (PublishingError, ValidationError) as error:
            messages.error(
                request, getattr(error, "message", None) or "; ".join(error.messages)
            )
        else:
            messages.success(request, _("Published."))
        return redirect(detail_url(record))


class RecordWithdrawView(_RecordActionView):
    template_name = "publishing/record_detail.html"

    def post(self, request, *args, **kwargs):
        kind = self.kwargs["kind"]
        record = selectors.record_for(self.official, kind, self.kwargs["pk"])
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(
                kind=kind,
                record=record,
                fields=_field_rows(record, kind),
                log=selectors.record_log(record),
                versions=selectors.record_versions(record),
                withdraw_form=form,
            )
            return self.render_to_response(context, status=400)
        try:
            services.withdraw_record(
                official=self.official,
                record=record,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except PublishingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Withdrawn."))
        return redirect(detail_url(record))
