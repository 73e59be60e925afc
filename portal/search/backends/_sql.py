"""The SQL of the database backend: full-text match per engine, filters, order.

Every clause uses `d` for search_searchdocument and returns its parameters
beside it, in the order they appear.
"""

from dataclasses import dataclass

from portal.registry.regions import region_code_range
from portal.search.query import SearchQuery
from portal.search.results import MAX_RESULTS

# Pages and facets reach the best MAX_RESULTS matches; the total stays exact
# (counted apart when capped).
CAP = MAX_RESULTS

FACET_COLUMNS = (
    "d.id, d.kind, d.province_code, d.authority_id, d.categories, d.list_slug, d.year"
)
PAGE_COLUMNS = "d.id, d.key, d.kind, d.object_id, d.title, d.text, d.url, d.date"


# Past this many matches, ranking them all takes longer than a search should
# (SQLite's bm25 costs about 1.5 µs a row): they are taken in index order.
RANK_LIMIT = 50_000


def join_in_order(vendor: str) -> str:
    """Return the JOIN that makes the engine read the left side first."""
    # SQLite takes CROSS JOIN as "in this order"; PostgreSQL needs no telling.
    return "CROSS JOIN" if vendor == "sqlite" else "JOIN"


@dataclass(frozen=True)
class MatchAlone:
    """The full-text match on its own, answered without the filters' columns.

    Each is (SQL, parameters). `count` counts the matches; `ranked` and
    `unranked` select them as (id, position), best or first first, up to a
    limit that the caller appends to the parameters.
    """

    count: tuple[str, list]
    ranked: tuple[str, list]
    unranked: tuple[str, list]


@dataclass(frozen=True)
class Match:
    """The full-text part of a query: FROM, the WHERE condition and a score."""

    source: str
    condition: str
    condition_params: list
    score: str  # higher is better
    score_params: list
    alone: MatchAlone | None = None  # where the engine can do better alone


def _fts5_phrase(phrase: tuple[str, ...]) -> str:
    # Tokens hold no quotes today; doubling keeps a future one from breaking out.
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def fulltext(vendor: str, phrases) -> Match:
    """Return the match of every phrase (consecutive tokens) for this engine."""
    if vendor == "sqlite":
        # CROSS JOIN keeps SQLite from starting at a filter's index and probing
        # the FTS table once per row.
        expression = " AND ".join(map(_fts5_phrase, phrases))
        fts = "FROM search_fts WHERE search_fts MATCH %s"
        return Match(
            source="search_fts CROSS JOIN search_searchdocument d "
            "ON d.id = search_fts.rowid",
            condition="search_fts MATCH %s",
            condition_params=[expression],
            score="-bm25(search_fts)",
            score_params=[],
            alone=MatchAlone(
                count=(f"SELECT COUNT(*) {fts}", [expression]),
                # FTS5's rank is bm25, lower is better; it orders faster than
                # bm25() in a join.
                ranked=(
                    f"SELECT rowid AS id, rank AS position {fts} "
                    "ORDER BY rank, rowid LIMIT %s",
                    [expression],
                ),
                unranked=(
                    f"SELECT rowid AS id, rowid AS position {fts} "
                    "ORDER BY rowid LIMIT %s",
                    [expression],
                ),
            ),
        )
    if vendor == "postgresql":
        tsquery = " && ".join(["phraseto_tsquery('simple', %s)"] * len(phrases))
        texts = [" ".join(phrase) for phrase in phrases]
        # A stored generated column with a GIN index (migration 0003).
        vector = "d.tsv"
        condition = f"{vector} @@ ({tsquery})"
        score = f"ts_rank({vector}, ({tsquery}))"
        where = f"FROM search_searchdocument d WHERE {condition}"
        return Match(
            source="search_searchdocument d",
            condition=condition,
            condition_params=texts,
            score=score,
            score_params=texts,
            alone=MatchAlone(
                count=(f"SELECT COUNT(*) {where}", texts),
                ranked=(
                    f"SELECT d.id AS id, -{score} AS position {where} "
                    "ORDER BY position, d.id LIMIT %s",
                    [*texts, *texts],
                ),
                unranked=(
                    f"SELECT d.id AS id, d.id AS position {where} "
                    "ORDER BY d.id LIMIT %s",
                    texts,
                ),
            ),
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
