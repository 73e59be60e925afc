"""The SQL of the database backend: full-text match per engine, filters, order,
and the statement that pages the matches and counts their facets.

Every clause uses `d` for search_searchdocument and returns its parameters
beside it, in the order they appear.
"""

from dataclasses import dataclass

from portal.registry.regions import region_code_range
from portal.search.query import SearchQuery
from portal.search.results import MAX_FACET_VALUES, MAX_RESULTS
from portal.search.tokens import ends_open

# Pages and facets reach the best MAX_RESULTS matches; the total stays exact
# (counted apart when capped).
CAP = MAX_RESULTS

FACET_COLUMNS = (
    "d.id, d.kind, d.province_code, d.authority_id, d.categories, d.list_slug, d.year"
)

# Exact hits in either sort: the entity a code names, then what is about it,
# latest first (a USCC finds the company, then its records).
EXACT_ORDER = (
    "CASE WHEN d.kind = 'entity' THEN 0 ELSE 1 END, d.date DESC NULLS LAST, d.key"
)

# Past this many matches, ranking them all takes longer than a search should
# (SQLite's bm25 costs 1.5 to 2.5 µs a row: 科技's 29,841 matches took 60 to
# 80 ms): they are taken in index order, entities first.
RANK_LIMIT = 10_000


def documents(vendor: str) -> str:
    """Return the documents table as `d`, read through the facet index on SQLite
    (migration 0004: the columns a search pages and counts, without the text)."""
    if vendor == "sqlite":
        return "search_searchdocument d INDEXED BY search_document_facets"
    return "search_searchdocument d"


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
    quoted = '"' + " ".join(phrase).replace('"', '""') + '"'
    # FTS5 reads `"a b c" *` as a phrase whose last token is a prefix.
    return quoted + " *" if ends_open(phrase) else quoted


def _tsquery_phrase(phrase: tuple[str, ...]) -> str:
    """Return to_tsquery's text for consecutive tokens, the last a prefix if open."""
    # Quoted lexemes, so that the parser keeps each token as the index has it.
    lexemes = ["'" + token.replace("'", "''") + "'" for token in phrase]
    if ends_open(phrase):
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def fulltext(vendor: str, phrases) -> Match:
    """Return the match of every phrase (consecutive tokens) for this engine."""
    if vendor == "sqlite":
        # CROSS JOIN keeps SQLite from starting at a filter's index and probing
        # the FTS table once per row.
        expression = " AND ".join(map(_fts5_phrase, phrases))
        fts = "FROM search_fts WHERE search_fts MATCH %s"
        return Match(
            source=f"search_fts CROSS JOIN {documents(vendor)} "
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
        tsquery = " && ".join(["to_tsquery('simple', %s)"] * len(phrases))
        texts = [_tsquery_phrase(phrase) for phrase in phrases]
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


@dataclass(frozen=True)
class Matches:
    """A SELECT of the best matches, up to the cap (its last parameter).

    It gives `FACET_COLUMNS` and the columns `order` sorts them by, under the
    names `order` uses: the statement `paged_and_counted` builds on it.
    """

    sql: str
    params: list
    order: str


def matches(match: Match, query: SearchQuery, where: str, where_params: list):
    """Return the best matches of the text and the filters, ranked or by date."""
    if query.sort == "date":
        # Sorted by date the score orders nothing: it is not computed.
        score, score_params = "0", []
        outer = "sort_date DESC NULLS LAST, sort_key"
    else:
        score, score_params = match.score, match.score_params
        outer = "score DESC, sort_key"
    return Matches(
        sql=(
            f"SELECT {FACET_COLUMNS}, {score} AS score, d.key AS sort_key, "
            f"d.date AS sort_date FROM {match.source} "
            f"WHERE {match.condition}{where} ORDER BY {order(query)} LIMIT %s"
        ),
        params=[*score_params, *match.condition_params, *where_params, CAP],
        order=outer,
    )


def matches_alone(vendor: str, alone: tuple[str, list]) -> Matches:
    """Return the matches of the full-text index alone (`MatchAlone.ranked` or
    `.unranked`), joined to their documents only once capped."""
    sql, params = alone
    return Matches(
        sql=(
            f"SELECT {FACET_COLUMNS}, a.position AS position FROM ({sql}) a "
            f"{join_in_order(vendor)} {documents(vendor)} ON d.id = a.id"
        ),
        params=[*params, CAP],
        order="position, id",
    )


# The facets grouped in the database, each as (facet, value, count, extra).
# Kind and categories are grouped together: that gives the kind, category
# and per-kind category facets from one pass. The others send only their most
# frequent values (ties by value, as `_tally` orders them): a common word has
# matches from a thousand authorities.
def _top_groups(facet: str, column: str) -> str:
    return (
        f"SELECT * FROM (SELECT '{facet}', CAST({column} AS TEXT), COUNT(*), NULL "
        f"FROM r WHERE {column} IS NOT NULL AND CAST({column} AS TEXT) != '' "
        f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column} "
        f"LIMIT {MAX_FACET_VALUES}) {facet}_top"
    )


_GROUPS = (
    "SELECT 'kind', kind, COUNT(*), categories FROM r GROUP BY kind, categories",
    _top_groups("region", "province_code"),
    _top_groups("authority", "authority_id"),
    _top_groups("list", "list_slug"),
    _top_groups("year", "year"),
)


def paged_and_counted(
    found: Matches, *, leave_out: list[int], offset: int, limit: int
) -> tuple[str, list]:
    """Return one statement that pages the matches and counts their facets.

    The matches are read once, into a materialised set `m`; `leave_out` (the
    exact-code hits, counted apart) are left out of the page and the facets.
    Its rows are (facet, value, count, extra): a 'page' row holds a hit's id
    and its place on the page, the 'total' row how many matches `m` holds
    (the cap when there are more), and the other rows a facet's value and
    how many matches have it; 'kind' rows carry the categories in `extra`.
    """
    kept = "SELECT * FROM m"
    if leave_out:
        kept += f" WHERE id NOT IN ({', '.join(['%s'] * len(leave_out))})"
    sql = (
        f"WITH m AS MATERIALIZED ({found.sql}), r AS NOT MATERIALIZED ({kept}) "
        f"SELECT 'page', CAST(id AS TEXT), ROW_NUMBER() OVER (ORDER BY {found.order}), "
        f"NULL FROM (SELECT * FROM r ORDER BY {found.order} LIMIT %s OFFSET %s) p "
        "UNION ALL SELECT 'total', NULL, COUNT(*), NULL FROM m "
        + "".join(f"UNION ALL {group} " for group in _GROUPS)
    )
    return sql, [*found.params, *leave_out, limit, offset]
