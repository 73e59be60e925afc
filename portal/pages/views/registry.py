"""Public pages of entities (integrity files) and authorities."""

from django.shortcuts import get_object_or_404, redirect, render

from portal.appeals.selectors import open_record_keys
from portal.cities.fragments import authority_statistics
from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.core.listing import CollectionView
from portal.creditlists.models import ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.opendata.datasets import ENTITIES
from portal.opendata.downloads import DownloadMixin
from portal.pages.integrity import inspection_results, summarise
from portal.registry.filtersets import AuthorityFilterSet, EntityFilterSet
from portal.registry.history import former_names
from portal.registry.models import Authority, Entity

# An integrity file shows this many of each record type; the rest are one
# click away in the collection filtered by the entity.
FILE_RECORD_LIMIT = 50
# An authority's page shows its latest records; the collections hold the rest.
AUTHORITY_RECENT = 10


class EntityListView(DownloadMixin, CollectionView):
    filterset_class = EntityFilterSet
    dataset = ENTITIES
    template_name = "registry/entity_list.html"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")
        if identifiers.looks_like_resident_id(query):
            # Keep a full ID number out of the address bar, history, referrers
            # and the page itself: search by its keyed hash instead.
            params = request.GET.copy()
            del params["q"]
            params["id_hash"] = identifiers.identity_hash(IdType.RESIDENT_ID, query)
            return redirect(f"{request.path}?{params.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Entity.objects.select_related("region")


def _first(queryset, limit: int) -> tuple[list, bool]:
    """Return up to `limit` rows and whether there are more."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def entity_detail(request, key):
    entity = get_object_or_404(Entity.objects.select_related("region"), key=key)
    memberships = (
        ListEntry.objects.current()
        .filter(entity=entity)
        .select_related("credit_list", "authority")
        .prefetch_related("credit_list__measures")
    )
    permits, more_permits = _first(
        Permit.objects.public().filter(entity=entity).select_related("authority"),
        FILE_RECORD_LIMIT,
    )
    penalties, more_penalties = _first(
        Penalty.objects.public().filter(entity=entity).select_related("authority"),
        FILE_RECORD_LIMIT,
    )
    # Of a withdrawn record only the fact is public: number, when and why.
    shown = ("decision_number", "withdrawn_at", "withdrawal_reason")
    withdrawn = [
        *Permit.objects.withdrawn().filter(entity=entity).only(*shown),
        *Penalty.objects.withdrawn().filter(entity=entity).only(*shown),
    ]
    memberships = list(memberships)
    appealed = open_record_keys(
        penalties=penalties, permits=permits, entries=memberships
    )
    inspections = inspection_results(entity)
    return render(
        request,
        "registry/entity_detail.html",
        {
            "entity": entity,
            "former_names": former_names(entity),
            "memberships": memberships,
            "permits": permits,
            "more_permits": more_permits,
            "penalties": penalties,
            "more_penalties": more_penalties,
            "withdrawn": sorted(withdrawn, key=lambda r: r.withdrawn_at, reverse=True),
            "appealed": appealed,
            "inspections": inspections,
            "summary": summarise(
                entity,
                memberships=memberships,
                penalties=(penalties, more_penalties),
                permits=(permits, more_permits),
                withdrawn=withdrawn,
                appealed=appealed,
                inspections=inspections,
            ),
        },
    )


class AuthorityListView(CollectionView):
    filterset_class = AuthorityFilterSet
    template_name = "registry/authority_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Authority.objects.select_related("region")


def authority_detail(request, pk):
    authority = get_object_or_404(Authority.objects.select_related("region"), pk=pk)
    permits = Permit.objects.public().filter(authority=authority)
    penalties = Penalty.objects.public().filter(authority=authority)
    related = ("entity", "authority")
    return render(
        request,
        "registry/authority_detail.html",
        {
            "authority": authority,
            "permit_count": permits.count(),
            "penalty_count": penalties.count(),
            "permits": permits.select_related(*related)[:AUTHORITY_RECENT],
            "penalties": penalties.select_related(*related)[:AUTHORITY_RECENT],
            "listings": ListEntry.objects.current().filter(authority=authority).count(),
            "statistics": authority_statistics(request, authority),
        },
    )
