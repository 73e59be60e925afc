"""What a backend answers: the page of hits, the total and the facets."""

from dataclasses import dataclass, field

# The facets every backend returns, named after the query parameter each one
# sets: a value can go straight back into the URL. "region" counts provinces.
FACETS = ("kind", "region", "authority", "category", "list", "year")
MAX_FACET_VALUES = 20
# How far results can be paged, as Elasticsearch's default max_result_window:
# the total is still exact, but only the best this many can be shown.
MAX_RESULTS = 10_000


@dataclass(frozen=True)
class Hit:
    key: str  # "penalty:123"
    kind: str
    object_id: int
    title: str
    url: str
    snippet: str  # HTML-escaped text with <mark> around the matches
    date: str  # ISO date or ""
    exact: bool = False  # matched a code or ID number exactly


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""  # what to show when the value is an id (authority name)


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # The "category" facet again, per kind: each kind has its own vocabulary
    # (penalty and permit categories, counterpart categories, list colours).
    categories_by_kind: dict[str, list[FacetValue]] = field(default_factory=dict)
    backend: str = ""
    degraded: bool = False  # answered by the fallback because the primary failed
    ranked: bool = True  # False: too many matches to order by relevance
    facets_complete: bool = True  # False: facets count only the best matches
