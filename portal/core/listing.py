"""The base of every public collection page: a FilterSet, sorting and paging."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_noop
from django_filters.views import FilterView

from portal.core.pagination import CappedPaginator

PAGE_SIZE = 25

# django-filter ships zh_CN but no zh_Hans catalogue, so the sort menu's
# wording is translated in the portal's own catalogue.
gettext_noop("%s (descending)")


class _NoSuchPage(Exception):
    pass


class CollectionView(FilterView):
    """List a collection filtered by its FilterSet; invalid filters show errors.

    `strict` makes an invalid filter value return no rows with the form's
    message rather than quietly ignoring it. A page number that names no page
    (0, -1, "abc", past the end) redirects to the first page of the same
    selection, as the GOV.UK Design System advises for pagination.
    """

    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    strict = True
    page_kwarg = "page"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except _NoSuchPage:
            params = request.GET.copy()
            params.pop(self.page_kwarg, None)
            query = params.urlencode()
            return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            raise _NoSuchPage from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context["active_filters"] = bool(
            filterset.is_bound
            and any(
                value
                for key, value in filterset.data.items()
                if key not in (self.page_kwarg, "sort")
            )
        )
        return context
