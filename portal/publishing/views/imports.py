"""Bulk imports: upload, progress and report, publish, templates to download."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from portal.core.spreadsheets import neutralise
from portal.disclosures.history import describe_changes
from portal.publishing import kinds, selectors, tasks
from portal.publishing.access import OfficialMixin
from portal.publishing.choices import ImportStatus
from portal.publishing.converters import KIND_SLUGS
from portal.publishing.exceptions import PublishingError
from portal.publishing.forms import PublishImportForm, UploadForm
from portal.publishing.importing import templates as file_templates
from portal.publishing.importing.columns import columns_for
from portal.publishing.models import ImportProblem
from portal.publishing.services import imports as services
from portal.publishing.services import recovery

_PROBLEMS_PER_PAGE = 100
# Seconds between automatic reloads of a running import's page.
REFRESH_SECONDS = 3


class ImportListView(OfficialMixin, TemplateView):
    template_name = "publishing/import_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A job killed with its web process leaves nobody else to notice.
        recovery.recover_quietly(selectors.imports_for(self.official))
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
        if batch.is_running:
            # A job killed with its web process leaves nobody else to notice.
            recovery.recover_quietly(
                selectors.imports_for(self.official).filter(pk=batch.pk)
            )
            batch.refresh_from_db()
        query = self.request.GET
        page = Paginator(
            batch.problems.filter(level=ImportProblem.Level.ERROR), _PROBLEMS_PER_PAGE
        ).get_page(query.get("page"))
        warnings = Paginator(
            batch.problems.filter(level=ImportProblem.Level.WARNING),
            _PROBLEMS_PER_PAGE,
        ).get_page(query.get("wpage"))
        corrections = Paginator(batch.corrections.all(), _PROBLEMS_PER_PAGE).get_page(
            query.get("cpage")
        )
        labels = {c.code: c.label for c in columns_for(batch.kind)}
        model = kinds.model_for(batch.kind)
        form = kwargs.get("publish_form") or PublishImportForm()
        context.update(
            batch=batch,
            interruption=recovery.interruption(batch),
            problems=[(p, labels.get(p.column, "")) for p in page.object_list],
            page_obj=page,
            warnings=[(w, labels.get(w.column, "")) for w in warnings.object_list],
            warnings_page=warnings,
            corrections=[
                (c, describe_changes(model, c.changes)) for c in corrections.object_list
            ],
            corrections_page=corrections,
            publish_form=form,
            all_blocked=services.blocking_reason(batch, "all_or_nothing"),
            valid_blocked=services.blocking_reason(batch, "valid_rows"),
            refresh_seconds=REFRESH_SECONDS,
            kind_slug=KIND_SLUGS[batch.kind],
            **_report_language(batch),
        )
        return context


def _report_language(batch) -> dict:
    """Say whether the report is in another language, and if it can be redone."""
    current = get_language()
    other = batch.language and batch.language != current
    redo = batch.status == ImportStatus.FAILED or (
        other and batch.status == ImportStatus.VALIDATED
    )
    return {
        "written_in": get_language_info(batch.language)["name_local"] if other else "",
        "can_check_again": redo,
    }


class ImportPublishView(OfficialMixin, TemplateView):
    template_name = "publishing/import_detail.html"

    def get(self, request, *args, **kwargs):
        """Opened by address (a bookmark, a reload), the import's page."""
        batch = selectors.import_for(self.official, self.kwargs["pk"])
        return redirect("publishing:import", pk=batch.pk)

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


class ImportCheckAgainView(OfficialMixin, View):
    """Check the file again, the report written in this page's language."""

    def get(self, request, *args, **kwargs):
        batch = selectors.import_for(self.official, self.kwargs["pk"])
        return redirect("publishing:import", pk=batch.pk)

    def post(self, request, *args, **kwargs):
        batch = selectors.import_for(self.official, self.kwargs["pk"])
        try:
            services.check_again(
                batch=batch, official=self.official, language=get_language()
            )
        except PublishingError as error:
            messages.error(request, error.message)
        else:
            tasks.run_check(batch)
        return redirect("publishing:import", pk=batch.pk)


class ProblemsDownloadView(OfficialMixin, View):
    """The report as CSV (UTF-8 with BOM, so spreadsheet programs read it)."""

    def get(self, request, pk):
        batch = selectors.import_for(self.official, pk)
        labels = {c.code: c.label for c in columns_for(batch.kind)}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [_("Row"), _("Column"), _("Column name"), _("Problem"), _("Level")]
        )
        for problem in batch.problems.order_by("level", "row", "pk").iterator():
            # A message may quote an official's cell, and no text of the
            # report may run as a formula in the spreadsheet that opens it.
            writer.writerow(
                [
                    problem.row,
                    neutralise(problem.column),
                    neutralise(labels.get(problem.column, "")),
                    neutralise(problem.message),
                    problem.get_level_display(),
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
