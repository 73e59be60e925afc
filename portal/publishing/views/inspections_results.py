"""One drawn entity's result for one item: record, publish, correct, withdraw.

Any authority of the plan reads it; only the item's responsible authority
acts on it (the services refuse the others, and the page says so).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.core.dates import local_today
from portal.inspections import selectors
from portal.inspections import services as inspection_services
from portal.inspections.choices import PUBLIC_RESULT_STATES, PlanState, ResultState
from portal.inspections.exceptions import InspectionError
from portal.inspections.forms import (
    RESULT_FIELDS,
    CorrectionForm,
    ResultForm,
    WithdrawForm,
    category_label,
)
from portal.inspections.history import public_history
from portal.inspections.models import InspectionResult
from portal.publishing.views import inspections_rows as rows
from portal.publishing.views.inspections_base import (
    InspectionsMixin,
    refused,
    show_on_form,
)


def result_url(drawn, item) -> str:
    return reverse(
        "inspections-officials:result",
        kwargs={"pk": drawn.plan_id, "drawn": drawn.pk, "item": item.pk},
    )


class ResultView(InspectionsMixin, TemplateView):
    """GET: the result and the forms its state allows; POST: record it."""

    template_name = "publishing/inspections/result.html"

    def get_target(self):
        """Return (plan, drawn entity, item, result or None), scoped to the plan."""
        plan = self.get_plan()
        if plan.state not in (PlanState.DRAWN, PlanState.CLOSED):
            raise Http404
        drawn = get_object_or_404(
            plan.drawn.select_related("entity"), pk=self.kwargs["drawn"]
        )
        item = get_object_or_404(
            plan.items.select_related("authority"), pk=self.kwargs["item"]
        )
        result = InspectionResult.objects.filter(drawn=drawn, item=item).first()
        return plan, drawn, item, result

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, drawn, item, result = kwargs.get("target") or self.get_target()
        own = item.authority_id == self.authority.pk
        context.update(
            plan=plan,
            drawn=drawn,
            item=item,
            result=result,
            own=own,
            team=[
                member.inspector
                for member in selectors.team_of(plan=plan).filter(drawn=drawn)
            ],
            today=local_today(),
        )
        if result is None:
            if own and plan.state == PlanState.DRAWN:
                context.setdefault("record_form", ResultForm())
            return context
        public = result.state in PUBLIC_RESULT_STATES
        context.update(
            category=category_label(result.category),
            overdue=result.state == ResultState.DRAFT
            and result.publication_deadline < context["today"],
            history=public_history(result),
            versions=result.versions.all().order_by("-version"),
            log=rows.log_rows(result),
        )
        if own and public:
            context.setdefault(
                "correct_form",
                CorrectionForm(initial=model_to_dict(result, fields=RESULT_FIELDS)),
            )
            context.setdefault("withdraw_form", WithdrawForm())
        return context

    def post(self, request, *args, **kwargs):
        target = _plan, drawn, item, result = self.get_target()
        form = ResultForm(request.POST)
        if form.is_valid():
            try:
                inspection_services.record_result(
                    authority=self.authority,
                    actor=request.user,
                    drawn=drawn,
                    item=item,
                    **form.cleaned_data,
                )
            except InspectionError as error:
                return refused(request, error, result_url(drawn, item))
            except ValidationError as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request, _("Result saved as a draft; publish it when ready.")
                )
                return redirect(result_url(drawn, item))
        context = self.get_context_data(target=target, record_form=form)
        if result is not None:
            # Recorded meanwhile by another official: no form to show this on.
            context["stray_form"] = form
        return self.render_to_response(context, status=400)


class _ResultStepView(ResultView):
    """A POST on an existing result, then back to its page."""

    http_method_names = ["post"]
    form_class = None
    form_name = ""

    def get_target(self):
        target = super().get_target()
        if target[3] is None:
            raise Http404
        return target

    def post(self, request, *args, **kwargs):
        target = _plan, drawn, item, result = self.get_target()
        form = self.form_class(request.POST) if self.form_class else None
        if form is None or form.is_valid():
            try:
                done = self.act(result, form)
            except InspectionError as error:
                return refused(request, error, result_url(drawn, item))
            except ValidationError as error:
                if form is None:
                    return refused(request, error, result_url(drawn, item))
                show_on_form(form, error)
            else:
                messages.success(request, done)
                return redirect(result_url(drawn, item))
        context = self.get_context_data(target=target, **{self.form_name: form})
        return self.render_to_response(context, status=400)


class PublishResultView(_ResultStepView):
    def act(self, result, form):
        inspection_services.publish_result(
            authority=self.authority, actor=self.request.user, result=result
        )
        return _("Published.")


class CorrectResultView(_ResultStepView):
    form_class = CorrectionForm
    form_name = "correct_form"

    def act(self, result, form):
        data = form.cleaned_data
        corrected = inspection_services.correct_result(
            authority=self.authority,
            actor=self.request.user,
            result=result,
            fields={name: data[name] for name in RESULT_FIELDS},
            reason=data["reason"],
        )
        return _("Corrected: version %(version)d.") % {"version": corrected.version}


class WithdrawResultView(_ResultStepView):
    form_class = WithdrawForm
    form_name = "withdraw_form"

    def act(self, result, form):
        inspection_services.withdraw_result(
            authority=self.authority,
            actor=self.request.user,
            result=result,
            reason=form.cleaned_data["withdrawal_reason"],
            note=form.cleaned_data["note"],
        )
        return _("Withdrawn from public view.")
