"""The authority's to-do list and timeliness, and its audit log."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from portal.core.models import ChangeLogEntry
from portal.publishing import selectors
from portal.publishing.access import OfficialMixin
from portal.publishing.choices import Role


class DashboardView(OfficialMixin, TemplateView):
    template_name = "publishing/dashboard.html"
    role = None  # every official may see their authority's dashboard

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["board"] = selectors.dashboard(self.official)
        context["imports"] = selectors.imports_for(self.official)[:5]
        return context


class AuditView(OfficialMixin, TemplateView):
    """The append-only change log of the authority, for its administrators."""

    template_name = "publishing/audit.html"
    role = Role.AUTHORITY_ADMIN

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = selectors.audit_log(self.official)
        action = self.request.GET.get("action", "")
        if action in ChangeLogEntry.Action.values:
            entries = entries.filter(action=action)
        source = self.request.GET.get("source", "").strip()
        if source:
            entries = entries.filter(source=source)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            entries=page.object_list,
            actions=ChangeLogEntry.Action.choices,
            action=action,
            source=source,
        )
        return context
