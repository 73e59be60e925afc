"""The cities pages, their CSV downloads, and officials' entry of designations."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext

from portal.cities import measures, selectors, services
from portal.cities.completeness import required_fields
from portal.cities.figures import ranking_chart
from portal.cities.filtersets import ANY_BATCH, NO_BATCH, CityFilterSet
from portal.cities.forms import BatchForm, DesignationForm, PeriodForm
from portal.cities.measures import MEASURES
from portal.cities.models import Average
from portal.cities.periods import Period
from portal.registry.models import Authority, Region
from portal.registry.regions import province_code, region_code_range


@dataclass
class _CityTable:
    """The cities page's selection: its filters, rows and averages."""

    filterset: CityFilterSet
    period: Period | None = None
    rows: list[dict] = field(default_factory=list)
    footer: list[dict] = field(default_factory=list)
    sort: str = ""

    @property
    def headings(self) -> list[str]:
        return [
            gettext("City"),
            gettext("Region code"),
            gettext("Province"),
            gettext("Demonstration batches"),
            *(m.label_with_unit for m in MEASURES),
        ]

    def csv_rows(self) -> list[list[str]]:
        lines = [
            [
                row["name"],
                row["code"],
                row["province"],
                " ".join(str(d.batch.number) for d in row["designations"]),
                *row["cells"],
            ]
            for row in self.rows
        ]
        lines += [[row["label"], "", "", "", *row["cells"]] for row in self.footer]
        return lines


def _city_table(request) -> _CityTable:
    filterset = CityFilterSet(
        request.GET,
        queryset=selectors.city_summaries().order_by("region__code"),
        request=request,
    )
    table = _CityTable(filterset)
    if not filterset.is_valid() or not filterset.form.cleaned_data.get("period"):
        return table
    data = filterset.form.cleaned_data
    table.period = Period.parse(data["period"])
    table.sort = (data.get("sort") or [""])[0]
    summaries = list(filterset.qs)
    designations = selectors.designations_by_region(s.region_id for s in summaries)
    provinces = {
        region.code: selectors.region_name(region)
        for region in Region.objects.filter(level=Region.Level.PROVINCE)
    }
    for summary in summaries:
        region = summary.region
        table.rows.append(
            {
                "summary": summary,
                "name": selectors.city_name(region),
                "code": region.code,
                "province": provinces.get(province_code(region.code), ""),
                "designations": designations.get(region.pk, []),
                "cells": [m.format(getattr(summary, m.key)) for m in MEASURES],
            }
        )
    found = selectors.averages(
        [table.period.key], [Average.Group.DEMONSTRATION, Average.Group.ALL_CITIES]
    )
    for group, label in (
        (Average.Group.DEMONSTRATION, gettext("Demonstration cities (average)")),
        (Average.Group.ALL_CITIES, gettext("All cities (average)")),
    ):
        average = found.get((group, table.period.key))
        if average:
            table.footer.append(
                {
                    "label": label,
                    "members": average.members,
                    "cells": [
                        m.format(getattr(average, m.key), average=True)
                        for m in MEASURES
                    ],
                }
            )
    return table


def _sort_links(request, current: str) -> list[dict]:
    """Return each column's sort key, link and state for the table headings."""
    columns = [("city", gettext("City"))] + [
        (m.key, m.label_with_unit) for m in MEASURES
    ]
    links = {}
    for key, label in columns:
        params = request.GET.copy()
        ascending = current == key
        # Counts and shares read best largest first; a second click reverses.
        if key == "city":
            params["sort"] = "-city" if ascending else "city"
        else:
            params["sort"] = key if current == f"-{key}" else f"-{key}"
        state = (
            "ascending"
            if current == key
            else "descending"
            if current == f"-{key}"
            else ""
        )
        links[key] = {"label": label, "url": f"?{params.urlencode()}", "state": state}
    return links


def _ranking(request, table: _CityTable):
    key = table.sort.lstrip("-")
    measure = measures.BY_KEY.get(key, measures.ON_TIME)
    return ranking_chart(
        measure=measure,
        names=[row["name"] for row in table.rows],
        rows=[row["summary"] for row in table.rows],
        period=table.period,
        url=f"{reverse('cities:ranking-csv')}?{request.GET.urlencode()}",
    )


def city_list(request):
    table = _city_table(request)
    context = {
        "filter": table.filterset,
        "table": table,
        "state": table.filterset.state,
        "batches": selectors.batches(),
        "active_filters": any(
            value for key, value in request.GET.items() if key != "sort"
        ),
    }
    if table.period:
        context["links"] = _sort_links(request, table.sort)
        context["ranking"] = _ranking(request, table)
        context["csv_url"] = f"{reverse('cities:table-csv')}?{request.GET.urlencode()}"
        context["without_figures"] = _designated_without_figures(table)
    return render(request, "cities/city_list.html", context)


def _designated_without_figures(table: _CityTable) -> list[tuple[Region, str]]:
    """Return the demonstration cities the filters select that have no figures."""
    data = table.filterset.form.cleaned_data
    batch = data.get("batch")
    if batch == NO_BATCH:
        return []
    condition = Q()
    if data.get("province"):
        condition &= Q(region__code__range=region_code_range(data["province"].code))
    if batch and batch != ANY_BATCH:
        condition &= Q(batch__number=int(batch))
    regions = selectors.designated_without_figures(
        period=table.period,
        shown={row["summary"].region_id for row in table.rows},
        filters=condition,
    )
    return [(region, selectors.city_name(region)) for region in regions]


def _csv_response(text: str, filename: str) -> HttpResponse:
    # The byte-order mark lets spreadsheet programs read the Chinese as UTF-8.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def city_table_csv(request):
    table = _city_table(request)
    if not table.period:
        raise Http404(gettext("These filters select no period."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headings)
    writer.writerows(table.csv_rows())
    return _csv_response(out.getvalue(), f"cities-{table.period.key}.csv")


def ranking_csv(request):
    table = _city_table(request)
    if not table.period:
        raise Http404(gettext("These filters select no period."))
    chart = _ranking(request, table)
    return _csv_response(chart.csv(), f"cities-ranking-{table.period.key}.csv")


def _period_form(request, state) -> PeriodForm:
    return PeriodForm(request.GET, state=state)


def city_detail(request, code):
    region = selectors.find_city(code)
    if region is None:
        raise Http404(gettext("No city has this region code."))
    state = selectors.current_state()
    form = _period_form(request, state)
    figures = selectors.city_figures(region, state=state, period=form.selected)
    designations = region.designations.select_related("batch").order_by("batch__number")
    return render(
        request,
        "cities/city_detail.html",
        {
            "region": region,
            "name": selectors.city_name(region),
            "province": Region.objects.filter(code=province_code(region.code)).first(),
            "designations": designations,
            "figures": figures,
            "form": form,
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


@login_required
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


@login_required
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
