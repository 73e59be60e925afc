"""Public pages of entities (integrity files) and authorities."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.core.listing import CollectionView
from portal.creditlists.models import ListEntry, Measure
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty, Permit
from portal.registry.filtersets import AuthorityFilterSet, EntityFilterSet
from portal.registry.models import Authority, Entity

# An integrity file shows this many of each record type; the rest are one
# click away in the collection filtered by the entity.
FILE_RECORD_LIMIT = 50


class EntityListView(CollectionView):
    filterset_class = EntityFilterSet
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


def entity_detail(request, key):
    entity = get_object_or_404(Entity.objects.select_related("region"), key=key)
    memberships = (
        ListEntry.objects.current()
        .filter(entity=entity)
        .select_related("credit_list", "authority")
        .prefetch_related(
            Prefetch(
                "credit_list__measures", queryset=Measure.objects.order_by("order")
            )
        )
    )
    permits = Permit.objects.public().filter(entity=entity).select_related("authority")
    penalties = (
        Penalty.objects.public().filter(entity=entity).select_related("authority")
    )
    withdrawn = [
        *Permit.objects.filter(entity=entity, state=RecordState.WITHDRAWN),
        *Penalty.objects.filter(entity=entity, state=RecordState.WITHDRAWN),
    ]
    permit_list = list(permits[: FILE_RECORD_LIMIT + 1])
    penalty_list = list(penalties[: FILE_RECORD_LIMIT + 1])
    return render(
        request,
        "registry/entity_detail.html",
        {
            "entity": entity,
            "memberships": memberships,
            "permits": permit_list[:FILE_RECORD_LIMIT],
            "more_permits": len(permit_list) > FILE_RECORD_LIMIT,
            "penalties": penalty_list[:FILE_RECORD_LIMIT],
            "more_penalties": len(penalty_list) > FILE_RECORD_LIMIT,
            "withdrawn": sorted(withdrawn, key=lambda r: r.withdrawn_at, reverse=True),
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
    recent = 10
    return render(
        request,
        "registry/authority_detail.html",
        {
            "authority": authority,
            "permit_count": Permit.objects.public().filter(authority=authority).count(),
            "penalty_count": Penalty.objects.public()
            .filter(authority=authority)
            .count(),
            "permits": Permit.objects.public()
            .filter(authority=authority)
            .select_related("entity", "authority")[:recent],
            "penalties": Penalty.objects.public()
            .filter(authority=authority)
            .select_related("entity", "authority")[:recent],
            "listings": ListEntry.objects.current().filter(authority=authority).count(),
        },
    )
