"""Mixed public traffic: what citizens, journalists and scripts ask for at once.

Drawn from the other scenarios' own requests, in proportions like a public
portal's: integrity files and pages most, then the API, search and the
collections, now and then a CSV download of a province's penalties. Run it
at a high concurrency against several workers, on PostgreSQL with Redis as
production runs (docs/performance.md, "Mixed public traffic").
"""

import itertools
from urllib.parse import urlencode

from django.urls import reverse

from portal.bench.registry import Request, scenario
from portal.bench.scenarios import api, cities, public, search
from portal.disclosures.choices import PenaltyCategory
from portal.disclosures.models import Penalty
from portal.registry.models import Region

# Requests per kind in one round of the mix (400 in all); the runner cycles.
_PENALTY_PAGES = 40
_COLLECTIONS = 30
_API_ENTITY_PAGES = 20
_CSV_DOWNLOADS = 10


def _penalty_pages(ctx):
    """Single penalties, as search engines and links reach them."""
    for penalty in ctx.sample(Penalty.objects.public().only("pk"), _PENALTY_PAGES):
        yield Request(reverse("penalties:detail", args=[penalty.pk]))


def _penalty_collections(ctx):
    """The penalties of a province, perhaps of a category, sorted: first pages
    (`penalties-filtered` goes deeper, past the end of a small dataset's)."""
    provinces = _provinces(ctx)
    for _ in range(_COLLECTIONS):
        query = {"region": ctx.rng.choice(provinces)}
        if category := ctx.rng.choice([PenaltyCategory.FINE, None]):
            query["category"] = category
        if sort := ctx.rng.choice(["-decided", "-fine", None]):
            query["sort"] = sort
        yield Request(f"{reverse('penalties:list')}?{urlencode(query)}")


def _provinces(ctx) -> list[str]:
    codes = Region.objects.filter(level=Region.Level.PROVINCE).values_list(
        "code", flat=True
    )
    return sorted(codes)


def _api_entities(ctx):
    """A province's entities through the API, 20 to a page."""
    provinces = _provinces(ctx)
    for _ in range(_API_ENTITY_PAGES):
        query = {"page_size": 20, "region": ctx.rng.choice(provinces)}
        yield Request(f"{reverse('api:entity-list')}?{urlencode(query)}")


def _csv_downloads(ctx):
    """A province's public penalties as CSV, from the collection page's link."""
    for code in ctx.rng.sample(_provinces(ctx), _CSV_DOWNLOADS):
        query = {"region": code, "format": "csv"}
        yield Request(f"{reverse('penalties:list')}?{urlencode(query)}")


# Each source of requests, and how many of its requests one round takes.
_MIX = (
    (public.home, 30),
    (public.entity_file, 80),
    (_penalty_pages, _PENALTY_PAGES),
    (_penalty_collections, _COLLECTIONS),
    (public.permits_filtered, 20),
    (public.list_entries, 10),
    (cities.cities, 10),
    (search.search_fragment, 30),
    (search.search_company, 15),
    (search.search_uscc, 15),
    (api.first_page, 70),
    (api.deep_page, 20),
    (_api_entities, _API_ENTITY_PAGES),
    (_csv_downloads, _CSV_DOWNLOADS),
)


@scenario("public-mix")
def public_mix(ctx):
    """Mixed public traffic: pages, files, search, API pages, CSV downloads."""
    requests = []
    for source, count in _MIX:
        drawn = list(itertools.islice(source(ctx) or (), count))
        if drawn:
            requests += itertools.islice(itertools.cycle(drawn), count)
    ctx.rng.shuffle(requests)
    return requests
