"""Scenarios for the demonstration-city statistics: the cities page, a city's page,
and the refresh that computes them."""

from urllib.parse import urlencode

from django.urls import reverse

from portal.bench.registry import Request, scenario, timed
from portal.cities.measures import MEASURES
from portal.cities.models import DemonstrationBatch, Summary, SummaryState
from portal.cities.statistics import refresh_statistics
from portal.registry.models import Region

_SAMPLES = 200


def _statistics() -> SummaryState:
    """Return the statistics' state, computing them once for an older dataset."""
    state = SummaryState.objects.filter(pk=1).first()
    if state is None or state.refreshed_at is None:
        # Datasets built before the statistics existed have none yet; they
        # are derived data, so computing them here changes no record.
        refresh_statistics()
        state = SummaryState.objects.get(pk=1)
    return state


@scenario("cities")
def cities(ctx):
    """The cities page: a period, maybe a province or batch, sorted by a measure."""
    state = _statistics()
    quarters = [key for key in state.periods if "Q" in key]
    years = [key for key in state.periods if "Q" not in key]
    periods = quarters[:6] + years[:2] or [""]
    provinces = list(
        Region.objects.filter(level=Region.Level.PROVINCE).values_list(
            "code", flat=True
        )
    )
    batches = [
        str(n) for n in DemonstrationBatch.objects.values_list("number", flat=True)
    ]
    sorts = [None, "city", *(f"-{m.key}" for m in MEASURES)]
    for _ in range(_SAMPLES):
        query = {"period": ctx.rng.choice(periods)}
        filter_by = ctx.rng.random()
        if filter_by < 0.3:
            query["province"] = ctx.rng.choice(provinces)
        elif filter_by < 0.5 and batches:
            query["batch"] = ctx.rng.choice([*batches, "any", "none"])
        if sort := ctx.rng.choice(sorts):
            query["sort"] = sort
        yield Request(f"{reverse('cities:list')}?{urlencode(query)}")


@scenario("city-page")
def city_page(ctx):
    """A city's page: designations, comparison and five charts with their tables."""
    _statistics()
    codes = sorted(
        set(
            Summary.objects.filter(subject=Summary.Subject.CITY).values_list(
                "region__code", flat=True
            )
        )
    )
    for code in ctx.rng.sample(codes, min(_SAMPLES, len(codes))):
        yield Request(reverse("cities:detail", args=[code]))


@timed("refresh-statistics")
def refresh(ctx):
    """Recompute every city and authority figure from the records."""
    counts = ctx.dataset.counts
    records = counts.get("disclosures.permit", 0) + counts.get("disclosures.penalty", 0)
    return ctx.command("refresh_statistics", items=records, writes=True)
