"""A `SearchQuery` as an Elasticsearch request body, and the response as results.

Both are pure functions of plain dicts, so they are tested without a cluster.
"""

from portal.registry.regions import region_prefix
from portal.search.backends.highlight import snippet
from portal.search.query import KINDS, SearchQuery
from portal.search.results import (
    FACETS,
    MAX_FACET_VALUES,
    FacetValue,
    Hit,
    SearchResults,
)
from portal.search.tokens import ends_open

# The indexed field each facet counts.
FACET_FIELDS = {
    "kind": "kind",
    "region": "province_code",
    "authority": "authority_id",
    "category": "categories",
    "list": "list_slug",
    "year": "year",
}
# Far above any text relevance, so that an exact code always comes first.
EXACT_BOOST = 1000


def _text_match(query: SearchQuery) -> dict:
    """Require every phrase, as consecutive tokens of the document's tokens."""
    return {"bool": {"must": [_phrase(phrase) for phrase in query.phrases]}}


def _phrase(phrase: tuple[str, ...]) -> dict:
    # match_phrase_prefix expands the last token to (by default) 50 terms.
    clause = "match_phrase_prefix" if ends_open(phrase) else "match_phrase"
    return {clause: {"tokens": " ".join(phrase)}}


def _exact_codes(query: SearchQuery) -> list[str]:
    # A full ID number is looked up only through its hash: the number itself
    # must never leave the server, not even to the search cluster.
    if query.id_hash:
        return [query.id_hash]
    return [query.code] if query.code else []


def _filters(query: SearchQuery) -> list[dict]:
    filters = []
    if query.kinds:
        filters.append({"terms": {"kind": list(query.kinds)}})
    if query.region:
        prefix = region_prefix(query.region)
        if len(prefix) == 2:
            filters.append({"term": {"province_code": query.region}})
        else:
            filters.append({"prefix": {"region_code": prefix}})
    if query.authority is not None:
        filters.append({"term": {"authority_id": query.authority}})
    if query.category:
        filters.append({"term": {"categories": query.category}})
    if query.list_slug:
        filters.append({"term": {"list_slug": query.list_slug}})
    if query.year is not None:
        filters.append({"term": {"year": query.year}})
    return filters


def _entity_first(codes: list[str]) -> dict:
    """Score the entity a code names above the records about it (which carry
    its codes too), as the database backend orders them."""
    return {
        "constant_score": {
            "filter": {
                "bool": {
                    "filter": [
                        {"terms": {"codes": codes}},
                        {"term": {"kind": "entity"}},
                    ]
                }
            },
            "boost": EXACT_BOOST,
        }
    }


def _query(query: SearchQuery) -> dict:
    should = []
    if not query.id_hash:
        text = _text_match(query)
        if query.sort == "date":
            # Sorted by date, the score only ranks exact codes above the rest.
            text = {"constant_score": {"filter": text, "boost": 1}}
        should.append(text)
    codes = _exact_codes(query)
    should.extend(
        {"constant_score": {"filter": {"term": {"codes": code}}, "boost": EXACT_BOOST}}
        for code in codes
    )
    if codes:
        should.append(_entity_first(codes))
    return {
        "bool": {
            "should": should,
            "minimum_should_match": 1,
            "filter": _filters(query),
        }
    }


def _sort() -> list:
    # The score comes first in both sorts: exact codes lead, then relevance
    # (or, sorted by date, equal scores). The key makes pages stable.
    return ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"key": "asc"}]


def _aggregations() -> dict:
    aggregations = {
        name: {"terms": {"field": FACET_FIELDS[name], "size": MAX_FACET_VALUES}}
        for name in FACETS
    }
    # An authority is filtered by id and shown by name.
    aggregations["authority"]["aggs"] = {
        "name": {"terms": {"field": "authority_name", "size": 1}}
    }
    # Each kind's categories are a vocabulary of their own.
    aggregations["category_by_kind"] = {
        "terms": {"field": "kind", "size": len(KINDS)},
        "aggs": {
            "category": {
                "terms": {"field": FACET_FIELDS["category"], "size": MAX_FACET_VALUES}
            }
        },
    }
    return aggregations


def build_search(query: SearchQuery) -> dict:
    """Return the request body of the search for a query."""
    return {
        "query": _query(query),
        "sort": _sort(),
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "aggs": _aggregations(),
        # The text comes back for the snippet, cut as the database backend cuts
        # it; the tokens are only for matching.
        "_source": {"excludes": ["tokens"]},
    }


def _hit(hit: dict, query: SearchQuery, exact_codes: list[str]) -> Hit:
    source = hit["_source"]
    codes = source.get("codes", [])
    title = source.get("title", "")
    return Hit(
        key=source["key"],
        kind=source["kind"],
        object_id=int(source["object_id"]),
        title=title,
        url=source.get("url", ""),
        snippet=snippet([title, *source.get("text", [])], query.phrases),
        date=source.get("date") or "",
        exact=any(code in codes for code in exact_codes),
    )


def _label(bucket: dict) -> str:
    names = bucket.get("name", {}).get("buckets", [])
    return names[0]["key"] if names else ""


def _facets(aggregations: dict) -> dict[str, list[FacetValue]]:
    return {
        name: [
            FacetValue(
                value=str(bucket["key"]),
                count=bucket["doc_count"],
                label=_label(bucket),
            )
            for bucket in aggregations[name]["buckets"]
        ]
        for name in FACETS
        if name in aggregations
    }


def _categories_by_kind(aggregations: dict) -> dict[str, list[FacetValue]]:
    buckets = aggregations.get("category_by_kind", {}).get("buckets", [])
    return {
        bucket["key"]: [
            FacetValue(value=str(inner["key"]), count=inner["doc_count"])
            for inner in bucket["category"]["buckets"]
        ]
        for bucket in buckets
    }


def parse_response(body: dict, query: SearchQuery) -> SearchResults:
    """Return the results in a search response body."""
    exact_codes = _exact_codes(query)
    total = body["hits"]["total"]
    aggregations = body.get("aggregations", {})
    return SearchResults(
        hits=[_hit(hit, query, exact_codes) for hit in body["hits"]["hits"]],
        total=total["value"] if isinstance(total, dict) else int(total),
        facets=_facets(aggregations),
        categories_by_kind=_categories_by_kind(aggregations),
        backend="elasticsearch",
    )
