"""A `SearchQuery` as an Elasticsearch request body, and the response as results.

Both are pure functions of plain dicts, so they are tested without a cluster.
"""

from portal.registry.regions import region_prefix
from portal.search.query import SearchQuery
from portal.search.results import (
    FACETS,
    MAX_FACET_VALUES,
    FacetValue,
    Hit,
    SearchResults,
)

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
TEXT_FIELDS = ("title", "text")
SNIPPET_SEPARATOR = " … "


def _is_bigram(token: str) -> bool:
    # Tokens are either runs of ASCII letters and digits or CJK characters.
    return len(token) == 2 and not token.isascii()


def phrase_text(tokens: tuple[str, ...]) -> str:
    """Return a text that the cjk analyzer turns back into these tokens.

    Overlapping bigrams rejoin into the fragment they came from (腾讯, 讯计 →
    腾讯计); other tokens are separated by spaces, which the analyzer drops.
    """
    text = ""
    previous = ""
    for token in tokens:
        if _is_bigram(previous) and _is_bigram(token) and previous[1] == token[0]:
            text += token[1]
        else:
            text += f" {token}" if text else token
        previous = token
    return text


def _text_match(query: SearchQuery) -> dict:
    """Require every phrase, each in the title or in the text."""
    return {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [
                            {"match_phrase": {field: phrase_text(phrase)}}
                            for field in TEXT_FIELDS
                        ],
                        "minimum_should_match": 1,
                    }
                }
                for phrase in query.phrases
            ]
        }
    }


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


def _query(query: SearchQuery) -> dict:
    should = []
    if not query.id_hash:
        text = _text_match(query)
        if query.sort == "date":
            # Sorted by date, the score only ranks exact codes above the rest.
            text = {"constant_score": {"filter": text, "boost": 1}}
        should.append(text)
    should.extend(
        {"constant_score": {"filter": {"term": {"codes": code}}, "boost": EXACT_BOOST}}
        for code in _exact_codes(query)
    )
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
    return aggregations


def _highlight() -> dict:
    return {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "fields": {
            "title": {"number_of_fragments": 0},
            "text": {
                "fragment_size": 120,
                "number_of_fragments": 2,
                # A document found by its code alone still gets a snippet.
                "no_match_size": 160,
            },
        },
    }


def build_search(query: SearchQuery) -> dict:
    """Return the request body of the search for a query."""
    return {
        "query": _query(query),
        "sort": _sort(),
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "aggs": _aggregations(),
        "highlight": _highlight(),
        "_source": {"excludes": ["text"]},
    }


def _snippet(hit: dict) -> str:
    highlight = hit.get("highlight", {})
    fragments = highlight.get("text") or highlight.get("title") or []
    return SNIPPET_SEPARATOR.join(fragment.strip() for fragment in fragments)


def _hit(hit: dict, exact_codes: list[str]) -> Hit:
    source = hit["_source"]
    codes = source.get("codes", [])
    return Hit(
        key=source["key"],
        kind=source["kind"],
        object_id=int(source["object_id"]),
        title=source.get("title", ""),
        url=source.get("url", ""),
        snippet=_snippet(hit),
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


def parse_response(body: dict, query: SearchQuery) -> SearchResults:
    """Return the results in a search response body."""
    exact_codes = _exact_codes(query)
    total = body["hits"]["total"]
    return SearchResults(
        hits=[_hit(hit, exact_codes) for hit in body["hits"]["hits"]],
        total=total["value"] if isinstance(total, dict) else int(total),
        facets=_facets(body.get("aggregations", {})),
        backend="elasticsearch",
    )
