"""The search page: every public entity, record and list entry, with facets."""

import dataclasses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.creditlists.models import CreditList
from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.registry.models import CounterpartCategory, Region
from portal.search import selection
from portal.search.query import parse_query
from portal.search.results import MAX_RESULTS

KIND_LABELS = {
    "entity": _("Entities"),
    "permit": _("Permits"),
    "penalty": _("Penalties"),
    "listentry": _("List entries"),
}
HIT_LABELS = {
    "entity": _("Entity"),
    "permit": _("Permit"),
    "penalty": _("Penalty"),
    "listentry": _("List entry"),
}
FACET_TITLES = {
    "kind": _("Type"),
    "region": _("Province"),
    "authority": _("Authority"),
    "category": _("Category"),
    "list": _("List"),
    "year": _("Year"),
}
_CATEGORY_LABELS = {
    **dict(PenaltyCategory.choices),
    **dict(PermitCategory.choices),
    **dict(CounterpartCategory.choices),
    **dict(CreditList.Colour.choices),
}


def _labels(facets) -> dict[str, dict[str, str]]:
    """Return readable labels for facet values that are codes or ids."""
    regions = {v.value for v in facets.get("region", [])}
    lists = {v.value for v in facets.get("list", [])}
    return {
        "kind": {key: str(label) for key, label in KIND_LABELS.items()},
        "region": dict(
            Region.objects.filter(code__in=regions).values_list("code", "name")
        ),
        "list": dict(
            CreditList.objects.filter(slug__in=lists).values_list("slug", "name")
        ),
        "category": {key: str(label) for key, label in _CATEGORY_LABELS.items()},
    }


def _facet_groups(request, results):
    labels = _labels(results.facets)
    groups = []
    for name, values in results.facets.items():
        if not values:
            continue
        chosen = request.GET.get(name, "")
        params = request.GET.copy()
        params.pop("page", None)
        items = []
        for value in values:
            params[name] = value.value
            items.append(
                {
                    "label": value.label
                    or labels.get(name, {}).get(value.value, value.value),
                    "count": value.count,
                    "url": f"?{params.urlencode()}",
                    "active": chosen == value.value,
                }
            )
        without = request.GET.copy()
        without.pop(name, None)
        without.pop("page", None)
        groups.append(
            {
                "title": FACET_TITLES[name],
                "items": items,
                "clear_url": f"?{without.urlencode()}" if chosen else "",
            }
        )
    return groups


def search_page(request):
    context = {"q": request.GET.get("q", ""), "hit_labels": HIT_LABELS}
    if not request.GET:
        return render(request, "search/search.html", context)
    try:
        query = parse_query(request.GET)
    except ValidationError as error:
        context["errors"] = [
            message for messages in error.message_dict.values() for message in messages
        ]
        return render(request, "search/search.html", context)
    if query.id_hash:
        # A full ID number must not stay in the address bar or the page: look
        # the person up by its keyed hash, as the entity finder does.
        return redirect(
            f"{reverse('entities:list')}?{urlencode({'id_hash': query.id_hash})}"
        )
    results = selection.search(query)
    # The index keeps default-language URLs; link to this page's language.
    # translate_url resolves in the active language, so resolve in the default.
    language = get_language()
    with translation.override(settings.LANGUAGE_CODE):
        hits = [
            dataclasses.replace(hit, url=translate_url(hit.url, language))
            for hit in results.hits
        ]
    results = dataclasses.replace(results, hits=hits)
    shown = min(results.total, MAX_RESULTS)
    pages = max(1, -(-shown // query.page_size))
    page_params = request.GET.copy()
    links = {}
    for label, number in (("previous", query.page - 1), ("next", query.page + 1)):
        if 1 <= number <= pages:
            page_params["page"] = number
            links[label] = f"?{page_params.urlencode()}"
    context.update(
        query=query,
        results=results,
        max_results=MAX_RESULTS,
        capped=results.total > MAX_RESULTS,
        facet_groups=_facet_groups(request, results),
        pages=pages,
        links=links,
    )
    return render(request, "search/search.html", context)
