"""Committing a plan (its pools and sizes frozen and published) and drawing it
with the public value, each after a page saying what cannot be undone."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from portal.inspections import pools, verify_draw
from portal.inspections import services as inspection_services
from portal.inspections.choices import PlanState
from portal.inspections.forms import PublicValueForm
from portal.publishing.views import inspections_rows as rows
from portal.publishing.views.inspections_base import (
    SERVICE_ERRORS,
    InspectionsMixin,
    plan_url,
    refused,
)
from portal.publishing.views.inspections_plans import PlanStepView


class CommitView(InspectionsMixin, TemplateView):
    """GET: what committing fixes and publishes; POST: commit."""

    template_name = "publishing/inspections/commit_confirm.html"

    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        if plan.state != PlanState.DRAFT:
            messages.info(request, _("This plan is already committed."))
            return redirect(plan_url(plan))
        strata = rows.draft_strata(plan)
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                is_lead=plan.is_led_by(self.authority),
                items=plan.items.select_related("authority"),
                strata=strata,
                sample_total=sum(row.size or 0 for row in strata),
                population=sum(row.population for row in strata),
                inspectors=pools.pool_inspectors(plan).count(),
            )
        )

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        try:
            inspection_services.freeze_and_commit(
                authority=self.authority, actor=request.user, plan=plan
            )
        except SERVICE_ERRORS as error:
            return refused(request, error, plan_url(plan))
        messages.success(
            request,
            _(
                "Committed: the pools, the sample sizes and the commitment are "
                "published. Enter the public value once it exists."
            ),
        )
        return redirect(plan_url(plan))


class DrawView(PlanStepView):
    """POST the public value: first a page to check it, then the draw."""

    form_name = "draw_form"

    def make_form(self, plan):
        return PublicValueForm(self.request.POST)

    def valid(self, plan, form):
        if "confirm" not in self.request.POST:
            return self.confirm(plan, form)
        return super().valid(plan, form)

    def confirm(self, plan, form):
        """Show the value exactly as the seed will use it, before it is used."""
        value = verify_draw.normalise_public_value(form.cleaned_data["public_value"])
        return render(
            self.request,
            "publishing/inspections/draw_confirm.html",
            {
                "official": self.official,
                "plan": plan,
                "value": value,
                "is_lead": plan.is_led_by(self.authority),
            },
        )

    def act(self, plan, form):
        drawn = inspection_services.enter_public_value_and_draw(
            authority=self.authority,
            actor=self.request.user,
            plan=plan,
            public_value=form.cleaned_data["public_value"],
        )
        count = drawn.drawn.count()
        return ngettext(
            "Drawn: %(count)d entity and its team are published with the secret, "
            "so anyone can check the draw.",
            "Drawn: %(count)d entities and their teams are published with the "
            "secret, so anyone can check the draw.",
            count,
        ) % {"count": count}
