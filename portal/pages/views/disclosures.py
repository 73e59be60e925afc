"""Public pages of permits and penalties."""

from django.shortcuts import get_object_or_404, render

from portal.core.listing import CollectionView
from portal.disclosures.choices import RecordState
from portal.disclosures.filtersets import PenaltyFilterSet, PermitFilterSet
from portal.disclosures.history import public_history
from portal.disclosures.models import Penalty, Permit
from portal.opendata.datasets import PENALTIES, PERMITS
from portal.opendata.downloads import DownloadMixin

_RELATED = ("entity", "authority", "authority__region")


class PermitListView(DownloadMixin, CollectionView):
    filterset_class = PermitFilterSet
    dataset = PERMITS
    template_name = "disclosures/permit_list.html"

    def get_queryset(self):
        return Permit.objects.public().select_related(*_RELATED)


class PenaltyListView(DownloadMixin, CollectionView):
    filterset_class = PenaltyFilterSet
    dataset = PENALTIES
    template_name = "disclosures/penalty_list.html"

    def get_queryset(self):
        return Penalty.objects.public().select_related(*_RELATED)


def _record_page(request, model, pk, template):
    record = get_object_or_404(
        model.objects.select_related(*_RELATED).exclude(state=RecordState.DRAFT),
        pk=pk,
    )
    if removal := record.removal():
        # Only the fact of removal stays public: when and why, not the content.
        return render(
            request,
            "disclosures/record_removed.html",
            {"record": record, "removal": removal},
            status=410,
        )
    return render(
        request, template, {"record": record, "history": public_history(record)}
    )


def permit_detail(request, pk):
    return _record_page(request, Permit, pk, "disclosures/permit_detail.html")


def penalty_detail(request, pk):
    return _record_page(request, Penalty, pk, "disclosures/penalty_detail.html")
