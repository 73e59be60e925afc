"""The facets of a search, added up from groups the database has counted.

The database groups the capped matches by each facet's column (and by kind
and categories together, which gives the kind, category and per-kind category
facets at once); only those few hundred groups reach Python. Exact-code hits,
a handful of rows fetched on their own, are added one by one.
"""

from collections import Counter, defaultdict

from portal.registry.models import Authority
from portal.search.results import FACETS, MAX_FACET_VALUES, FacetValue

# Facets whose values are numbers: ordered as numbers among equal counts.
_NUMERIC = frozenset({"authority", "year"})


class Tally:
    def __init__(self):
        self._counters: dict[str, Counter] = {name: Counter() for name in FACETS}
        self._by_kind: dict[str, Counter] = defaultdict(Counter)

    def add(self, facet: str, value, count: int, categories: str | None = None):
        """Count `count` matches having `value`; a 'kind' group also names
        their categories, as stored: ',a,b,'."""
        if facet == "kind":
            self._counters["kind"][value] += count
            for name in filter(None, (categories or "").split(",")):
                self._counters["category"][name] += count
                self._by_kind[value][name] += count
        elif value not in (None, ""):
            self._counters[facet][int(value) if facet in _NUMERIC else value] += count

    def add_documents(self, rows) -> None:
        """Count whole rows of `_sql.FACET_COLUMNS`, one match each."""
        for _id, kind, province, authority, categories, slug, year in rows:
            self.add("kind", kind, 1, categories)
            self.add("region", province, 1)
            self.add("authority", authority, 1)
            self.add("list", slug, 1)
            self.add("year", year, 1)

    def facets(self) -> dict[str, list[FacetValue]]:
        return {
            name: _top(
                self._counters[name],
                _authority_names if name == "authority" else None,
            )
            for name in FACETS
        }

    def categories_by_kind(self) -> dict[str, list[FacetValue]]:
        return {kind: _top(counter) for kind, counter in self._by_kind.items()}


def _top(counter: Counter, labels=None) -> list[FacetValue]:
    """Return the most frequent values; `labels(values)` names them if given."""
    best = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    best = best[:MAX_FACET_VALUES]
    names = labels([value for value, _count in best]) if labels and best else {}
    return [
        FacetValue(str(value), count, names.get(value, "")) for value, count in best
    ]


def _authority_names(ids: list[int]) -> dict[int, str]:
    # Only the shown authorities are named: reading the name with every
    # matching row cost more than this one lookup by primary key.
    return dict(Authority.objects.filter(pk__in=ids).values_list("pk", "name"))
