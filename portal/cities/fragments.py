"""The parts of pages that show statistics, rendered once per change of figures.

Each returns HTML cached by `portal.cities.caching`; what differs per visitor
(messages, officials' links, the CSRF token) stays outside.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from portal.cities import listing, selectors
from portal.cities.caching import cached_fragment
from portal.cities.forms import PeriodForm
from portal.cities.measures import MIN_SAMPLE


def city_list_section(request, state) -> SafeString:
    """Return the cities page's filters, table and ranking chart."""

    def render():
        table = listing.city_table(request, state=state)
        context = {
            "filter": table.filterset,
            "table": table,
            "active_filters": any(
                value for key, value in request.GET.items() if key != "sort"
            ),
        }
        if table.period:
            query = request.GET.urlencode()
            ranking = listing.ranking(request, table)
            context.update(
                links=listing.sort_links(request, table.sort),
                ranking=ranking,
                year_url=_year_url(request, table, ranking),
                in_progress_note=table.in_progress_note,
                csv_url=f"{reverse('cities:table-csv')}?{query}",
                without_figures=listing.designated_without_figures(table),
                min_sample=MIN_SAMPLE,
            )
        return render_to_string("cities/city_section.html", context, request=request)

    return cached_fragment("list", state=state, request=request, render=render)


def _year_url(request, table, ranking) -> str:
    """Return the same selection over the quarter's year, when small samples
    kept cities out of the quarter's ranking ("" otherwise)."""
    if not table.period.is_quarter or None not in ranking.ranks:
        return ""
    params = request.GET.copy()
    params["period"] = table.period.year_period.key
    return f"?{params.urlencode()}"


def city_figures(request, region, state) -> SafeString:
    """Return a city's comparison table, charts and missing fields."""

    def render():
        form = PeriodForm(request.GET, state=state)
        figures = selectors.city_figures(region, state=state, period=form.selected)
        return render_to_string(
            "cities/city_figures.html",
            {"figures": figures, "form": form, "min_sample": MIN_SAMPLE},
            request=request,
        )

    return cached_fragment(
        "city", state=state, request=request, render=render, parts=(region.code,)
    )


def authority_statistics(request, authority) -> SafeString:
    """Return the timeliness and completeness section of an authority's page,
    followed by its random inspections."""
    state = selectors.current_state()

    def render():
        # Before the first refresh there is nothing to read but the notice.
        statistics = (
            selectors.authority_figures(authority, state=state)
            if state.updated_at
            else {"state": state}
        )
        return render_to_string(
            "cities/authority_statistics.html",
            {"statistics": statistics, "min_sample": MIN_SAMPLE},
            request=request,
        )

    return cached_fragment(
        "authority", state=state, request=request, render=render, parts=(authority.pk,)
    )
