"""API and download scenarios: pages at depth, a full export, bulk files."""

from urllib.parse import urlencode

from django.urls import reverse

from portal.api.pagination import encode_cursor, order_by_keys, ordering_keys
from portal.bench.registry import Job, Request, scenario, timed
from portal.disclosures.models import Penalty
from portal.opendata.datasets import DATASETS, PENALTIES
from portal.opendata.sqltext import csv_download
from portal.registry.models import Region

_SAMPLES = 50
PAGE_SIZE = 50
DEPTH = 100_000


def _penalties() -> str:
    return reverse("api:penalty-list")


@scenario("api-penalties-first-page")
def first_page(ctx):
    """The first page of the penalties collection, plain or by province."""
    provinces = list(
        Region.objects.filter(level=Region.Level.PROVINCE).values_list(
            "code", flat=True
        )
    )
    for _ in range(_SAMPLES):
        query = {"page_size": PAGE_SIZE}
        if ctx.rng.random() < 0.5:
            query["region"] = ctx.rng.choice(provinces)
        yield Request(f"{_penalties()}?{urlencode(query)}")


@scenario("api-penalties-deep")
def deep_page(ctx):
    """A page of penalties after 100,000 records, by the cursor of the page before."""
    public = Penalty.objects.public()
    keys = ordering_keys(public)
    depth = min(DEPTH, max(0, public.count() - PAGE_SIZE * (_SAMPLES + 1)))
    ordered = order_by_keys(public, keys).values_list(*[key[0] for key in keys])
    # One read of the rows at depth; each page starts after one of them.
    rows = list(ordered[depth : depth + PAGE_SIZE * _SAMPLES])[::PAGE_SIZE]
    for values in rows:
        query = {"page_size": PAGE_SIZE, "cursor": encode_cursor(keys, values)}
        yield Request(f"{_penalties()}?{urlencode(query)}")


@scenario("api-penalties-csv")
def full_csv(ctx):
    """Every public penalty as one streamed CSV download (server memory: peak MB)."""
    yield Request(f"{_penalties()}?format=csv")


@timed("export-penalties-csv")
def export_csv(ctx):
    """Write every public penalty as CSV in-process, as a download streams it."""
    # In id order, as a download without a sort (see portal.opendata.downloads).
    queryset = Penalty.objects.public().order_by("pk")
    plan = PENALTIES.plan()

    def run():
        for _chunk in csv_download(plan, queryset):
            pass

    return Job(call=run, items=queryset.count())


@timed("build-exports")
def build_exports(ctx):
    """Snapshot and delta files of every dataset (into the bench's media folder)."""
    rows = sum(dataset.public().count() for dataset in DATASETS.values())
    return ctx.command("build_exports", items=rows, writes=True)
