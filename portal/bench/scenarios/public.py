"""Scenarios for what citizens and journalists open: home, files, collections."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from portal.bench.registry import Request, scenario
from portal.creditlists.models import CreditList
from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Entity, Region

_SAMPLES = 200


@scenario("home")
def home(ctx):
    """The home page: headline counts (cached) and the latest disclosures."""
    yield Request(reverse("site:home"))


@scenario("entity-file")
def entity_file(ctx):
    """Integrity files of randomly chosen entities (a handful of records each)."""
    for entity in ctx.sample(Entity.objects.only("key"), _SAMPLES):
        yield Request(entity.get_absolute_url())


@scenario("entity-file-200")
def entity_file_heavy(ctx):
    """Integrity files of the entities with the most records (about 200 each)."""
    totals: dict[int, int] = {}
    for model in (Permit, Penalty):
        for entity_id, n in (
            model.objects.values_list("entity_id").annotate(n=Count("pk")).order_by()
        ):
            totals[entity_id] = totals.get(entity_id, 0) + n
    heaviest = sorted(totals, key=totals.get, reverse=True)[:10]
    for entity in Entity.objects.filter(pk__in=heaviest).only("key"):
        yield Request(entity.get_absolute_url())


def _provinces():
    return list(
        Region.objects.filter(level=Region.Level.PROVINCE).values_list(
            "code", flat=True
        )
    )


@scenario("penalties-filtered")
def penalties_filtered(ctx):
    """The penalties collection filtered by province and category, sorted, paged."""
    provinces = _provinces()
    categories = [PenaltyCategory.FINE, PenaltyCategory.WARNING, None]
    sorts = ["-decided", "-fine", None]
    for _ in range(_SAMPLES):
        query = {"region": ctx.rng.choice(provinces), "page": ctx.rng.randint(1, 3)}
        if category := ctx.rng.choice(categories):
            query["category"] = category
        if sort := ctx.rng.choice(sorts):
            query["sort"] = sort
        yield Request(f"{reverse('penalties:list')}?{urlencode(query)}")


@scenario("permits-filtered")
def permits_filtered(ctx):
    """The permits collection filtered by province, category and decision year."""
    provinces = _provinces()
    for _ in range(_SAMPLES):
        year = ctx.rng.choice([2024, 2025, 2026])
        query = {
            "region": ctx.rng.choice(provinces),
            "category": ctx.rng.choice(PermitCategory.values[:5]),
            "decided_after": f"{year}-01-01",
            "decided_before": f"{year}-12-31",
        }
        yield Request(f"{reverse('permits:list')}?{urlencode(query)}")


@scenario("list-entries")
def list_entries(ctx):
    """A red or black list's page: rules, measures and current entries."""
    for slug in CreditList.objects.values_list("slug", flat=True):
        yield Request(f"{reverse('lists:detail', args=[slug])}?status=current")
