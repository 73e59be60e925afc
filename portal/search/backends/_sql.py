"""The SQL of the database backend: full-text match per engine, filters, order.

Every clause uses `d` for search_searchdocument and returns its parameters
beside it, in the order they appear.
"""

from dataclasses import dataclass

from portal.registry.regions import region_code_range
from portal.search.query import SearchQuery

# Like Elasticsearch's default max_result_window: pages and facets reach the
# best 10,000 matches; the total stays exact (counted apart when capped).
CAP = 10_000

FACET_COLUMNS = (
    "d.id, d.kind, d.province_code, d.authority_id, d.authority_name, "
    "d.categories, d.list_slug, d.year"
)
PAGE_COLUMNS = "d.id, d.key, d.kind, d.object_id, d.title, d.text, d.url, d.date"


@dataclass(frozen=True)
class Match:
    """The full-text part of a query: FROM, the WHERE condition and a score."""

    source: str
    condition: str
    condition_params: list
    score: str  # higher is better
    score_params: list


def _fts5_phrase(phrase: tuple[str, ...]) -> str:
    # Tokens hold no quotes today; doubling keeps a future one from breaking out.
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def fulltext(vendor: str, phrases) -> Match:
    """Return the match of every phrase (consecutive tokens) for this engine."""
    if vendor == "sqlite":
        # CROSS JOIN keeps SQLite from starting at a filter's index and probing
        # the FTS table once per row.
        return Match(
            source="search_fts CROSS JOIN search_searchdocument d "
            "ON d.id = search_fts.rowid",
            condition="search_fts MATCH %s",
            condition_params=[" AND ".join(map(_fts5_phrase, phrases))],
            score="-bm25(search_fts)",
            score_params=[],
        )
    if vendor == "postgresql":
        tsquery = " && ".join(["phraseto_tsquery('simple', %s)"] * len(phrases))
        texts = [" ".join(phrase) for phrase in phrases]
        # Spelled exactly as the GIN index expression, so that it is used.
        vector = "to_tsvector('simple', d.tokens)"
        return Match(
            source="search_searchdocument d",
            condition=f"{vector} @@ ({tsquery})",
            condition_params=texts,
            score=f"ts_rank({vector}, ({tsquery}))",
            score_params=texts,
        )
    raise NotImplementedError(f"The database search backend does not run on {vendor}.")


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filters(query: SearchQuery) -> tuple[str, list]:
    """Return the filters as ' AND ...' conditions and their parameters."""
    sql, params = [], []
    if query.kinds:
        sql.append(f"d.kind IN ({', '.join(['%s'] * len(query.kinds))})")
        params += query.kinds
    if query.region:
        sql.append("d.region_code BETWEEN %s AND %s")
        params += region_code_range(query.region)
    if query.authority is not None:
        sql.append("d.authority_id = %s")
        params.append(query.authority)
    if query.category:
        sql.append("d.categories LIKE %s ESCAPE '\\'")
        params.append(f"%,{_like_escape(query.category)},%")
    if query.list_slug:
        sql.append("d.list_slug = %s")
        params.append(query.list_slug)
    if query.year is not None:
        sql.append("d.year = %s")
        params.append(query.year)
    return "".join(f" AND {condition}" for condition in sql), params


def order(query: SearchQuery) -> str:
    if query.sort == "date":
        return "d.date DESC NULLS LAST, d.key"
    return "score DESC, d.key"
