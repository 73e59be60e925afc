"""Bulk imports: upload, progress and report, publish, templates to download."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from portal.publishing import selectors, tasks
from portal.publishing.exceptions import PublishingError
from portal.publishing.forms import PublishImportForm, UploadForm
from portal.publishing.importing import templates as file_templates
from portal.publishing.importing.columns import columns_for
from portal.publishing.services import imports as services
from portal.publishing.views.mixins import KIND_SLUGS, OfficialMixin

_PROBLEMS_PER_PAGE = 100
# Seconds between automatic reloads of a running import's page.
REFRESH_SECONDS = 3


class ImportListView(OfficialMixin, TemplateView):
    template_name = "publishing/import_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(
            selectors.imports_for(self.official).select_related("uploaded_by"), 25
        ).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, imports=page.object_list, form=self._form())
        return context

    def _form(self, data=None, files=None):
        return UploadForm(data, files, max_bytes=settings.IMPORT_MAX_BYTES)

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            context = self.get_context_data()
            context["form"] = form
            return self.render_to_response(context, status=400)
        batch = services.create_import(
            official=self.official,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            language=get_language(),
        )
        tasks.run_check(batch)
        return redirect("publishing:import", pk=batch.pk)


class ImportDetailView(OfficialMixin, TemplateView):
    template_name = "publishing/import_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        batch = response.context_data["batch"]
        if batch.is_running:
            # Reloads the page while the worker runs (no script, no meta tag).
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = selectors.import_for(self.official, self.kwargs["pk"])
        page = Paginator(batch.problems.all(), _PROBLEMS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        labels = {c.code: c.label for c in columns_for(batch.kind)}
        form = kwargs.get("publish_form") or PublishImportForm()
        context.update(
            batch=batch,
            problems=[(p, labels.get(p.column, "")) for p in page.object_list],
            page_obj=page,
            publish_form=form,
            all_blocked=services.blocking_reason(batch, "all_or_nothing"),
            valid_blocked=services.blocking_reason(batch, "valid_rows"),
            refresh_seconds=REFRESH_SECONDS,
            kind_slug=KIND_SLUGS[batch.kind],
        )
        return context


class ImportPublishView(OfficialMixin, TemplateView):
    template_name = "publishing/import_detail.html"

    def post(self, request, *args, **kwargs):
        batch = selectors.import_for(self.official, self.kwargs["pk"])
        form = PublishImportForm(request.POST)
        if form.is_valid():
            try:
                batch = services.start_publish(
                    batch=batch,
                    official=self.official,
                    mode=form.cleaned_data["mode"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            except PublishingError as error:
                messages.error(request, error.message)
                return redirect("publishing:import", pk=batch.pk)
            else:
                tasks.run_publish(batch)
                return redirect("publishing:import", pk=batch.pk)
        view = ImportDetailView(request=request, kwargs=self.kwargs)
        view.official = self.official
        context = view.get_context_data(publish_form=form)
        return self.render_to_response(context, status=400)


class ProblemsDownloadView(OfficialMixin, View):
    """The report as CSV (UTF-8 with BOM, so spreadsheet programs read it)."""

    def get(self, request, pk):
        batch = selectors.import_for(self.official, pk)
        labels = {c.code: c.label for c in columns_for(batch.kind)}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Row"), _("Column"), _("Column name"), _("Problem")])
        for problem in batch.problems.iterator():
            writer.writerow(
                [
                    problem.row,
                    problem.column,
                    labels.get(problem.column, ""),
                    problem.message,
                ]
            )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{batch.reference}-problems.csv"'
        )
        return response


class TemplateDownloadView(OfficialMixin, View):
    """An empty file in the national format, headed by codes or labels."""

    def get(self, request, kind, fmt):
        headers = request.GET.get("headers", "codes")
        labels = headers == "labels"
        if fmt == "xlsx":
            content = file_templates.xlsx_template(kind, labels=labels)
            content_type = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        else:
            content = file_templates.csv_template(kind, labels=labels)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        name = f"{KIND_SLUGS[kind]}-template{'-labels' if labels else ''}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
