"""The cities pages, their CSV downloads, and officials' entry of designations."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext

from portal.cities import fragments, listing, selectors, services
from portal.cities.completeness import required_fields
from portal.cities.forms import BatchForm, DesignationForm
from portal.cities.measures import MEASURES, MIN_SAMPLE
from portal.core.spreadsheets import neutralise
from portal.publishing.access import verified_required
from portal.registry.models import Authority, Region
from portal.registry.regions import province_code


def city_list(request):
    state = selectors.current_state()
    return render(
        request,
        "cities/city_list.html",
        {
            "state": state,
            "batches": selectors.batches(),
            "section": fragments.city_list_section(request, state),
        },
    )


def _csv_response(text: str, filename: str) -> HttpResponse:
    # The byte-order mark lets spreadsheet programs read the Chinese as UTF-8.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unusable(table) -> HttpResponse | None:
    """Return the answer to filters that select nothing: their errors, or a 404."""
    form = table.filterset.form
    if form.errors:
        lines = [
            f"{form.fields[name].label if name in form.fields else name}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
        return HttpResponseBadRequest(
            "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
        )
    if not table.period:
        raise Http404(gettext("The statistics have not been computed yet."))
    return None


def city_table_csv(request):
    table = listing.city_table(request)
    if answer := _unusable(table):
        return answer
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headings)
    # A row ends with its figures (and their n), numbers never quoted; the
    # names before them are text.
    figures = len(table.figure_headings())
    writer.writerows(
        [*map(neutralise, row[:-figures]), *row[-figures:]] for row in table.csv_rows()
    )
    return _csv_response(out.getvalue(), f"cities-{table.period.key}.csv")


def ranking_csv(request):
    table = listing.city_table(request)
    if answer := _unusable(table):
        return answer
    chart = listing.ranking(request, table)
    return _csv_response(chart.csv(), f"cities-ranking-{table.period.key}.csv")


def city_detail(request, code):
    region = selectors.find_city(code)
    if region is None:
        raise Http404(gettext("No city has this region code."))
    state = selectors.current_state()
    designations = region.designations.select_related("batch").order_by("batch__number")
    return render(
        request,
        "cities/city_detail.html",
        {
            "region": region,
            "name": selectors.city_name(region),
            "province": Region.objects.filter(code=province_code(region.code)).first(),
            "designations": designations,
            "state": state,
            "figures": fragments.city_figures(request, region, state),
        },
    )


def _chart(figures, slug):
    for chart in figures["charts"]:
        if chart.slug == slug:
            return chart
    raise Http404(gettext("This page has no chart of that name."))


def city_chart_csv(request, code, slug):
    region = selectors.find_city(code)
    if region is None:
        raise Http404(gettext("No city has this region code."))
    chart = _chart(selectors.city_figures(region), slug)
    return _csv_response(chart.csv(), f"{region.code}-{slug}.csv")


def authority_chart_csv(request, pk, slug):
    authority = get_object_or_404(Authority, pk=pk)
    chart = _chart(selectors.authority_figures(authority), slug)
    return _csv_response(chart.csv(), f"authority-{authority.pk}-{slugify(slug)}.csv")


def method(request):
    """Explain how every figure is computed, with the required fields."""
    return render(
        request,
        "cities/method.html",
        {
            "measures": MEASURES,
            "min_sample": MIN_SAMPLE,
            "inspection_days": settings.INSPECTION_RESULT_DEADLINE_WORKING_DAYS,
            "required": [
                (gettext("Administrative permits"), required_fields("permit")),
                (gettext("Administrative penalties"), required_fields("penalty")),
            ],
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors on the form fields they concern."""
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


@verified_required
@permission_required("cities.add_demonstrationbatch", raise_exception=True)
def batch_add(request):
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Batch %(number)d recorded.") % {"number": batch.number},
            )
            return redirect(f"{reverse('cities:list')}?batch={batch.number}")
    return render(request, "cities/batch_form.html", {"form": form})


@verified_required
@permission_required("cities.add_designation", raise_exception=True)
def designation_add(request):
    initial = {"batch": request.GET.get("batch")} if request.GET.get("batch") else {}
    form = DesignationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            designation = services.designate_region(
                **form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                gettext("%(city)s recorded as a member of batch %(number)d.")
                % {
                    "city": designation.region.name,
                    "number": designation.batch.number,
                },
            )
            return redirect(
                f"{reverse('cities:designation-add')}?batch={designation.batch.number}"
            )
    return render(request, "cities/designation_form.html", {"form": form})
