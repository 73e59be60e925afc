"""The search page's facet groups: each a title, links that narrow, and a way back.

Categories are offered per kind of record, each under its own title: penalty
categories, permit categories, counterpart categories and list types are
different vocabularies (and "other" is both a penalty and a permit category).
Choosing one narrows to its kind; choosing another kind drops the category.
"""

from django.utils.translation import gettext_lazy as _

from portal.creditlists.models import CreditList
from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.registry.models import CounterpartCategory, Region
from portal.search.details import CATEGORY_TITLES, InspectionCategories
from portal.search.results import SearchResults

KIND_LABELS = {
    "entity": _("Entities"),
    "permit": _("Permits"),
    "penalty": _("Penalties"),
    "listentry": _("List entries"),
    "inspection": _("Inspection results"),
}
TITLES = {
    "kind": _("Type"),
    "region": _("Province"),
    "authority": _("Authority"),
    "list": _("List"),
    "year": _("Year"),
}
# The order of the groups: what a record is first, where it comes from last.
ORDER = ("kind", "categories", "list", "year", "region", "authority")
_CATEGORY_LABELS = {
    "penalty": PenaltyCategory,
    "permit": PermitCategory,
    "entity": CounterpartCategory,
    "listentry": CreditList.Colour,
    "inspection": InspectionCategories,
}


def _labels(facets) -> dict[str, dict[str, str]]:
    """Return readable labels for facet values that are codes or slugs."""
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
    }


def _url(params, **changes) -> str:
    """Return the query string of `params` with `changes` (None: drop), from page 1."""
    params = params.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return f"?{params.urlencode()}"


def _group(title, items, clear_url) -> dict:
    chosen = [item["label"] for item in items if item["active"]]
    return {
        "title": title,
        "items": items,
        "chosen": chosen[0] if chosen else "",
        "clear_url": clear_url if chosen else "",
    }


def _plain_group(params, name, values, labels) -> dict:
    chosen = params.get(name, "")
    # Another kind has other categories: changing the kind drops the category.
    extra = {"category": None} if name == "kind" else {}
    items = [
        {
            "label": value.label or labels.get(value.value, value.value),
            "count": value.count,
            "url": _url(params, **{name: value.value}, **extra),
            "active": chosen == value.value,
        }
        for value in values
    ]
    return _group(TITLES[name], items, _url(params, **{name: None}, **extra))


def _category_group(params, kind, values) -> dict:
    chosen = params.get("category", "")
    kinds = params.getlist("kind")
    choices = dict(_CATEGORY_LABELS[kind].choices)
    items = [
        {
            "label": str(choices.get(value.value, value.value)),
            "count": value.count,
            "url": _url(params, kind=kind, category=value.value),
            "active": chosen == value.value and (not kinds or kind in kinds),
        }
        for value in values
    ]
    return _group(CATEGORY_TITLES[kind], items, _url(params, category=None))


def facet_groups(params, results: SearchResults) -> list[dict]:
    """Return the groups to show for these results, given the request's GET."""
    labels = _labels(results.facets)
    groups = []
    for name in ORDER:
        if name == "categories":
            groups += [
                _category_group(params, kind, results.categories_by_kind[kind])
                for kind in _CATEGORY_LABELS
                if results.categories_by_kind.get(kind)
            ]
        elif values := results.facets.get(name):
            groups.append(_plain_group(params, name, values, labels.get(name, {})))
    return groups
