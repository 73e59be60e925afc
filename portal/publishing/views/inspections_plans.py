"""Plans of random inspections: the list, a new plan, a plan's page, its items,
sample sizes, and closing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.core.dates import local_today
from portal.inspections import selectors
from portal.inspections import services as inspection_services
from portal.inspections.choices import PUBLIC_RESULT_STATES, PlanState
from portal.inspections.exceptions import InspectionError
from portal.inspections.forms import ItemForm, PlanForm, PublicValueForm, SizesForm
from portal.inspections.models import InspectionResult, PlanStratum
from portal.publishing.views import inspections_rows as rows
from portal.publishing.views.inspections_base import (
    SERVICE_ERRORS,
    InspectionsMixin,
    plan_url,
    refused,
    show_on_form,
)

_PER_PAGE = 50


def _total(queryset, group: str, aggregate):
    """Return a per-plan subquery of `aggregate` over `queryset`, 0 when empty."""
    values = queryset.order_by().values(group).annotate(total=aggregate)
    return Coalesce(Subquery(values.values("total"), output_field=IntegerField()), 0)


def _with_counts(plans):
    return plans.annotate(
        item_count=Count("items", distinct=True),
        drawn_count=Count("drawn", distinct=True),
        sample_total=_total(
            PlanStratum.objects.filter(plan=OuterRef("pk")), "plan", Sum("size")
        ),
        published_count=_total(
            InspectionResult.objects.filter(
                drawn__plan=OuterRef("pk"), state__in=PUBLIC_RESULT_STATES
            ),
            "drawn__plan",
            Count("pk"),
        ),
    )


class PlanListView(InspectionsMixin, TemplateView):
    template_name = "publishing/inspections/plan_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = selectors.plans_of(authority=self.authority)
        state = self.request.GET.get("state", "")
        if state in PlanState.values:
            plans = plans.filter(state=state)
        page = Paginator(
            _with_counts(plans).order_by("-starts_on", "-pk"), _PER_PAGE
        ).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            plans=page.object_list,
            state=state,
            states=PlanState.choices,
        )
        return context


class PlanCreateView(InspectionsMixin, TemplateView):
    template_name = "publishing/inspections/plan_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=PlanForm(authority=self.authority))
        )

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST, authority=self.authority)
        if form.is_valid():
            try:
                plan = inspection_services.create_plan(
                    authority=self.authority, actor=request.user, **form.cleaned_data
                )
            except SERVICE_ERRORS as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request,
                    _("Draft plan saved. Add its items and sample sizes, then commit."),
                )
                return redirect(plan_url(plan))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PlanDetailView(InspectionsMixin, TemplateView):
    """A plan as its officials see it; its forms follow the plan's state."""

    template_name = "publishing/inspections/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = kwargs.get("plan") or self.get_plan()
        lead = plan.is_led_by(self.authority)
        draft = plan.state == PlanState.DRAFT
        context.update(
            plan=plan,
            is_lead=lead,
            partners=list(plan.partners.all()),
            items=list(plan.items.select_related("authority")),
            log=rows.log_rows(plan),
        )
        shown = set()
        if draft:
            strata = rows.draft_strata(plan)
            context["strata"] = strata
            if lead:
                shown |= {"item_form", "sizes_form"}
                context.setdefault("item_form", ItemForm(plan=plan))
                context.setdefault("sizes_form", rows.sizes_form(strata))
                context["sizes_fields"] = [
                    (row, context["sizes_form"][row.field_name]) for row in strata
                ]
        else:
            context.update(rows.frozen(plan))
        if plan.state == PlanState.COMMITTED and lead:
            shown.add("draw_form")
            context.setdefault("draw_form", PublicValueForm())
        context["shown_forms"] = shown
        if plan.state in (PlanState.DRAWN, PlanState.CLOSED):
            page = Paginator(plan.drawn.select_related("entity"), _PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            context.update(
                page_obj=page,
                drawn_rows=rows.drawn_rows(
                    plan,
                    page.object_list,
                    items=context["items"],
                    authority=self.authority,
                    today=local_today(),
                ),
                missing=rows.missing_results(plan),
            )
        return context


class PlanStepView(PlanDetailView):
    """A form of the plan page: on a refusal, the page again with the message."""

    http_method_names = ["post"]
    form_name = ""

    def make_form(self, plan):
        raise NotImplementedError

    def act(self, plan, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        form = self.make_form(plan)
        if form.is_valid():
            return self.valid(plan, form)
        return self.invalid(plan, form)

    def valid(self, plan, form):
        try:
            done = self.act(plan, form)
        except InspectionError as error:
            # Not this authority's step, or not in this state: no form to fix.
            return refused(self.request, error, plan_url(plan))
        except ValidationError as error:
            show_on_form(form, error)
            return self.invalid(plan, form)
        messages.success(self.request, done)
        return redirect(plan_url(plan))

    def invalid(self, plan, form):
        context = self.get_context_data(plan=plan, **{self.form_name: form})
        if self.form_name not in context["shown_forms"]:
            # Posted where the page shows no such form (another official
            # changed the plan meanwhile): its problems go on top.
            context["stray_form"] = form
        return self.render_to_response(context, status=400)


class AddItemView(PlanStepView):
    form_name = "item_form"

    def make_form(self, plan):
        return ItemForm(self.request.POST, plan=plan)

    def act(self, plan, form):
        data = form.cleaned_data
        inspection_services.add_item(
            authority=self.authority,
            actor=self.request.user,
            plan=plan,
            title=data["title"],
            legal_basis=data["legal_basis"],
            responsible=data["authority"],
        )
        return _("Inspection item added.")


class SizesView(PlanStepView):
    form_name = "sizes_form"

    def make_form(self, plan):
        return SizesForm(self.request.POST, labels=rows.stratum_labels(plan))

    def act(self, plan, form):
        inspection_services.set_sample_sizes(
            authority=self.authority,
            actor=self.request.user,
            plan=plan,
            sizes=form.sizes(),
        )
        return _("Sample sizes saved.")


class ClosePlanView(InspectionsMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        try:
            inspection_services.close_plan(
                authority=self.authority, actor=request.user, plan=plan
            )
        except SERVICE_ERRORS as error:
            return refused(request, error, plan_url(plan))
        messages.success(request, _("The plan is closed."))
        return redirect(plan_url(plan))
