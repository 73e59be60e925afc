"""The base of every public collection page: a FilterSet, sorting and paging."""

from django import forms
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


def _without_empty_values(params) -> str | None:
    """Return the query string without its empty parameters, if it has any.

    A filter form submitted without JavaScript sends every field, so an
    address would carry ten empty parameters; redirecting to the clean one
    gives the same page an address people can read and share.
    """
    clean = params.copy()
    changed = False
    for key, values in params.lists():
        kept = [value for value in values if value.strip()]
        if len(kept) != len(values):
            changed = True
            if kept:
                clean.setlist(key, kept)
            else:
                del clean[key]
    return clean.urlencode() if changed else None


class CollectionView(FilterView):
    """List a collection filtered by its FilterSet; invalid filters show errors.

    `strict` makes an invalid filter value return no rows with the form's
    message rather than quietly ignoring it. A page number that names no page
    (0, -1, "abc", past the end) redirects to the first page of the same
    selection, as the GOV.UK Design System advises for pagination. Empty
    parameters redirect to the address without them.
    """

    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    strict = True
    page_kwarg = "page"

    def get(self, request, *args, **kwargs):
        clean = _without_empty_values(request.GET)
        if clean is not None:
            return HttpResponseRedirect(request.path + (f"?{clean}" if clean else ""))
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
        chosen = active_filters(filterset, self.request.GET, skip=(self.page_kwarg,))
        context["chosen_filters"] = chosen
        context["active_filters"] = bool(chosen)
        return context


def _parameters(name, field) -> list[str]:
    """Return the query parameters one form field reads (two for a range)."""
    suffixes = getattr(field.widget, "suffixes", None)
    if suffixes:
        return [f"{name}_{suffix}" if suffix else name for suffix in suffixes]
    return [name]


def _shown_value(form, name, field, raw: list[str]) -> str:
    if isinstance(field, forms.ModelChoiceField) and form.is_valid():
        return str(form.cleaned_data.get(name) or "")
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(raw[0], raw[0]))
    if len(raw) > 1:
        # A range: an open end reads as "…", so "… – 5" is "up to 5".
        return " – ".join(value or "…" for value in raw)
    return raw[0]


def active_filters(filterset, params, *, skip=()) -> list[dict]:
    """Return each chosen filter: its label, its value in words, and a URL without it.

    Shown above the results, so a reader on a phone sees what narrowed the
    list without opening the filter panel, and removes one in a tap.
    """
    if not filterset.is_bound:
        return []
    form = filterset.form
    chosen = []
    for name, field in form.fields.items():
        if name == "sort" or isinstance(field.widget, forms.HiddenInput):
            continue
        keys = _parameters(name, field)
        raw = [params.get(key, "").strip() for key in keys]
        if not any(raw):
            continue
        rest = params.copy()
        for key in (*keys, *skip):
            rest.pop(key, None)
        query = rest.urlencode()
        chosen.append(
            {
                "label": field.label,
                "value": _shown_value(form, name, field, raw),
                "remove_query": f"?{query}" if query else "",
            }
        )
    return chosen
