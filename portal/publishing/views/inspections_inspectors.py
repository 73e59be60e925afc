"""The authority's directory of inspectors (执法检查人员名录库) and the
conflicts they declare."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.inspections import services as inspection_services
from portal.inspections.forms import ConflictForm, InspectorForm
from portal.inspections.models import Inspector, TeamMember
from portal.inspections.services import people
from portal.publishing.views.inspections_base import (
    SERVICE_ERRORS,
    InspectionsMixin,
    refused,
    show_on_form,
)

_PER_PAGE = 50


def inspector_url(inspector) -> str:
    return reverse("inspections-officials:inspector", kwargs={"pk": inspector.pk})


class _DirectoryMixin(InspectionsMixin):
    def inspectors(self):
        """Return the official's authority's inspectors, and no one else's."""
        return Inspector.objects.filter(authority=self.authority)

    def get_inspector(self) -> Inspector:
        try:
            return self.inspectors().get(pk=self.kwargs["pk"])
        except (Inspector.DoesNotExist, ValueError, TypeError):
            raise Http404 from None


class InspectorListView(_DirectoryMixin, TemplateView):
    """GET: the directory and a form to add an inspector; POST: add one."""

    template_name = "publishing/inspections/inspector_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspectors = self.inspectors().annotate(
            conflict_count=Count("conflicts", distinct=True),
            assignment_count=Count("assignments", distinct=True),
        )
        page = Paginator(inspectors.order_by("-active", "code"), _PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(page_obj=page, inspectors=page.object_list)
        context.setdefault("form", InspectorForm())
        return context

    def post(self, request, *args, **kwargs):
        form = InspectorForm(request.POST)
        if form.is_valid():
            try:
                inspector = inspection_services.add_inspector(
                    authority=self.authority, actor=request.user, **form.cleaned_data
                )
            except SERVICE_ERRORS as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request,
                    _("Inspector %(code)s added to the directory.")
                    % {"code": inspector.code},
                )
                return redirect(reverse("inspections-officials:inspectors"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InspectorDetailView(_DirectoryMixin, TemplateView):
    template_name = "publishing/inspections/inspector_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspector = self.get_inspector()
        context.update(
            inspector=inspector,
            conflicts=inspector.conflicts.select_related("entity").order_by(
                "-declared_at"
            ),
            assignments=TeamMember.objects.filter(inspector=inspector)
            .select_related("drawn__plan", "drawn__entity")
            .order_by("-drawn__plan__drawn_at", "drawn__position")[:_PER_PAGE],
        )
        context.setdefault("conflict_form", ConflictForm())
        return context


class DeclareConflictView(InspectorDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        inspector = self.get_inspector()
        form = ConflictForm(request.POST)
        if form.is_valid():
            entity = form.cleaned_data["entity"]
            try:
                inspection_services.declare_conflict(
                    authority=self.authority,
                    actor=request.user,
                    inspector=inspector,
                    entity=entity,
                    note=form.cleaned_data["note"],
                )
            except SERVICE_ERRORS as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Conflict recorded: %(code)s is not sent to %(entity)s in "
                        "plans committed from now on."
                    )
                    % {"code": inspector.code, "entity": entity.name},
                )
                return redirect(inspector_url(inspector))
        context = self.get_context_data(conflict_form=form)
        return self.render_to_response(context, status=400)


class _ActiveView(_DirectoryMixin, TemplateView):
    http_method_names = ["post"]
    service = None  # The people service that sets the inspector's state.

    def post(self, request, *args, **kwargs):
        inspector = self.get_inspector()
        try:
            type(self).service(
                authority=self.authority, actor=request.user, inspector=inspector
            )
        except SERVICE_ERRORS as error:
            return refused(request, error, inspector_url(inspector))
        messages.success(request, self.message() % {"code": inspector.code})
        return redirect(inspector_url(inspector))


class DeactivateView(_ActiveView):
    service = people.deactivate_inspector

    def message(self):
        return _("%(code)s is inactive: plans committed from now on leave them out.")


class ReactivateView(_ActiveView):
    service = people.reactivate_inspector

    def message(self):
        return _("%(code)s is active again.")
