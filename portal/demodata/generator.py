"""Fill the database with deterministic demo data, validated as publishing is.

The same (seed, today) into an empty database gives the same rows: one seeded
`random.Random` drives everything, in a fixed order, and nothing stored comes
from the clock or `secrets` (only the created/updated timestamps).
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import connection, reset_queries, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from tqdm import tqdm

from portal.cities import services as cities
from portal.creditlists import services as creditlists
from portal.creditlists.models import CreditList, ListEntry
from portal.demodata.authorities import AuthorityFinder, ensure_authorities
from portal.demodata.entities import EntityMaker, Pools
from portal.demodata.entries import EntryMaker
from portal.demodata.inspections import generate_inspections
from portal.demodata.records import RecordMaker
from portal.demodata.validation import validate_all
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty, Permit
from portal.registry import services as registry
from portal.registry.models import Entity, Region

CHUNK_SIZE = 2000
PERMIT_SHARE = 0.55


@dataclass(frozen=True)
class Summary:
    authorities: int
    entities: int
    permits: int
    penalties: int
    list_entries: int
    seconds: float
    inspection_plans: int = 0

    @property
    def records_per_second(self) -> float:
        return (self.permits + self.penalties) / self.seconds if self.seconds else 0.0


def database_has_entities() -> bool:
    return Entity.objects.exists()


def _chunks(total: int):
    for start in range(0, total, CHUNK_SIZE):
        yield min(CHUNK_SIZE, total - start)


def _record_counters(authorities) -> dict[tuple[int, int, str], int]:
    """Return how many records each authority already numbered in each year."""
    index = {authority.pk: i for i, authority in enumerate(authorities)}
    counters = {}
    for model, mark in ((Permit, "许"), (Penalty, "罚")):
        rows = (
            model.objects.values("authority_id", year=ExtractYear("decided_on"))
            .annotate(n=Count("pk"))
            .values_list("authority_id", "year", "n")
        )
        for authority_id, year, n in rows:
            if authority_id in index:
                counters[(index[authority_id], year, mark)] = n
    return counters


def _create_entities(*, count: int, maker, entry_maker, pools, bar) -> int:
    """Create `count` entities and their list entries; return the entries made."""
    entries = 0
    for size in _chunks(count):
        made = [maker.make() for _ in range(size)]
        validate_all([entity for entity, _region in made])
        with transaction.atomic():
            Entity.objects.bulk_create([entity for entity, _region in made])
            chunk_entries = [
                entry
                for entity, region in made
                for entry in entry_maker.entries_for(entity, region)
            ]
            validate_all(chunk_entries)
            ListEntry.objects.bulk_create(chunk_entries)
        for entity, region in made:
            pools.add(entity, region)
        entries += len(chunk_entries)
        bar.update(size)
        reset_queries()  # with DEBUG on, the query log would hold every insert
    return entries


def _create_records(*, count: int, maker, rng, bar) -> tuple[int, int]:
    """Create `count` permits and penalties; return how many of each."""
    permits = penalties = 0
    for size in _chunks(count):
        chunk_permits, chunk_penalties = [], []
        for _ in range(size):
            if rng.random() < PERMIT_SHARE:
                chunk_permits.append(maker.permit())
            else:
                chunk_penalties.append(maker.penalty())
        validate_all(chunk_permits)
        validate_all(chunk_penalties)
        with transaction.atomic():
            Permit.objects.bulk_create(chunk_permits)
            Penalty.objects.bulk_create(chunk_penalties)
        permits += len(chunk_permits)
        penalties += len(chunk_penalties)
        bar.update(size)
        reset_queries()
    return permits, penalties


def _date_details(*, first_new: int) -> None:
    """Date the new entities' details by their latest decision, as publishing
    does (portal.publishing.services.entities)."""
    new = Entity.objects.filter(pk__gt=first_new)
    for model in (Permit, Penalty):
        # MAX per entity, not ORDER BY decided_on DESC LIMIT 1: with that,
        # PostgreSQL walked the (decided_on, ...) index backwards for every
        # entity, looking for its rows (over 30 minutes at 100,000 entities).
        latest = Subquery(
            model.objects.filter(entity_id=OuterRef("pk"))
            .exclude(state=RecordState.DRAFT)
            .order_by()
            .values("entity_id")
            .annotate(latest=Max("decided_on"))
            .values("latest")
        )
        new.filter(Q(details_as_of__isnull=True) | Q(details_as_of__lt=latest)).update(
            details_as_of=Coalesce(latest, F("details_as_of"))
        )


def generate_demo_data(
    *,
    entities: int,
    records: int,
    seed: int,
    today: datetime.date,
    progress: bool = False,
) -> Summary:
    """Load the reference data, then create entities, list entries, permits and
    penalties, the records decided over the three years up to `today`, and the
    random inspections of the eighteen months before it (inspections.py)."""
    started = time.perf_counter()
    for loader in (registry, creditlists, cities):
        loader.load_reference_data()
    regions = list(Region.objects.select_related("parent__parent").order_by("code"))
    authorities, created = ensure_authorities(regions)
    entity_regions = [r for r in regions if r.level != Region.Level.PROVINCE]
    finder = AuthorityFinder(authorities, entity_regions)
    existing = Entity.objects.count()
    first_new = Entity.objects.aggregate(last=Max("pk"))["last"] or 0
    # A later run into a populated database must not repeat the opaque keys
    # of the first, so its stream depends on what is already there.
    rng = random.Random(seed if not existing else f"{seed}+{existing}")
    lists = {credit_list.slug: credit_list for credit_list in CreditList.objects.all()}
    pools = Pools()
    with tqdm(total=entities + records, disable=not progress, unit="row") as bar:
        entries = _create_entities(
            count=entities,
            maker=EntityMaker(
                rng=rng, regions=entity_regions, today=today, first_serial=existing
            ),
            entry_maker=EntryMaker(rng=rng, today=today, finder=finder, lists=lists),
            pools=pools,
            bar=bar,
        )
        permits = penalties = 0
        if records:
            maker = RecordMaker(
                rng=rng,
                today=today,
                finder=finder,
                pools=pools,
                counters=_record_counters(authorities),
            )
            permits, penalties = _create_records(
                count=records, maker=maker, rng=rng, bar=bar
            )
    _date_details(first_new=first_new)
    with transaction.atomic():
        # A stream of its own, so the inspections leave the records as they were.
        plans = generate_inspections(
            rng=random.Random(f"{seed}:inspections"), today=today
        )
    # Fresh statistics let the query planner pick the right index for filters.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Summary(
        authorities=created,
        entities=entities,
        permits=permits,
        penalties=penalties,
        list_entries=entries,
        seconds=time.perf_counter() - started,
        inspection_plans=plans,
    )
