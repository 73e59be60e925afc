"""Public pages of the red, black and watch lists."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from portal.core.dates import local_today
from portal.core.listing import CollectionView
from portal.creditlists.filtersets import ListEntryFilterSet
from portal.creditlists.models import CreditList, ListEntry
from portal.opendata.datasets import LIST_ENTRIES
from portal.opendata.downloads import DownloadMixin


def list_index(request):
    today = local_today()
    current = Q(entries__removed_on__isnull=True, entries__listed_on__lte=today) & (
        Q(entries__expires_on__isnull=True) | Q(entries__expires_on__gte=today)
    )
    lists = CreditList.objects.annotate(current_count=Count("entries", filter=current))
    return render(request, "creditlists/list_index.html", {"lists": lists})


class ListDetailView(DownloadMixin, CollectionView):
    filterset_class = ListEntryFilterSet
    dataset = LIST_ENTRIES
    template_name = "creditlists/list_detail.html"

    def get(self, request, *args, **kwargs):
        self.credit_list = get_object_or_404(
            CreditList.objects.prefetch_related("measures"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return ListEntry.objects.filter(credit_list=self.credit_list).select_related(
            "entity", "authority"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(credit_list=self.credit_list, **kwargs)
