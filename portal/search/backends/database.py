"""The default backend: an index in the main database (SQLite FTS5 or PostgreSQL).

A search runs at most four statements: the exact codes, the best matches
(capped) with the columns the facets need, a count when capped, and the page's
text for the snippets. Facets are counted in Python over the fetched rows.
"""

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter

from django.db import DatabaseError, connection, transaction

from portal.registry.models import Authority
from portal.registry.regions import province_code
from portal.search.backends import _engines, _sql
from portal.search.backends.base import SearchBackend
from portal.search.backends.highlight import snippet
from portal.search.documents import Document
from portal.search.models import SearchCode, SearchDocument
from portal.search.query import SearchQuery
from portal.search.results import MAX_FACET_VALUES, FacetValue, Hit, SearchResults

BATCH_SIZE = 1000
# A rebuild writes bigger batches: fewer commits, and nobody waits on them.
REBUILD_BATCH_SIZE = 5000


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# The columns a document is written to, in the order `_values` gives them.
_COLUMNS = (
    "key",
    "kind",
    "object_id",
    "title",
    "text",
    "tokens",
    "codes",
    "url",
    "date",
    "year",
    "region_code",
    "province_code",
    "authority_id",
    "authority_name",
    "categories",
    "list_slug",
    "updated_at",
)
_INSERT = (
    f"INSERT INTO search_searchdocument ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
)


def _values(document: Document, ops) -> tuple:
    """Return a document's row, ready for the database (`ops`: its operations)."""
    date = document.date
    return (
        document.key,
        document.kind,
        document.object_id,
        document.title,
        document.text,
        document.tokens(),
        " ".join(document.codes),
        document.url,
        ops.adapt_datefield_value(date),
        date.year if date else None,
        document.region_code,
        province_code(document.region_code),
        document.authority_id,
        document.authority_name,
        "".join(f",{c}" for c in document.categories if c) + ",",
        document.list_slug,
        ops.adapt_datetimefield_value(document.updated_at),
    )


class DatabaseBackend(SearchBackend):
    name = "database"

    def index(self, documents: Iterable[Document]) -> int:
        written = 0
        for batch in _batches(documents):
            with transaction.atomic():
                self._delete([document.key for document in batch])
                written += self._insert(batch)
        return written

    def remove(self, keys: Iterable[str]) -> int:
        removed = 0
        for batch in _batches(keys):
            with transaction.atomic():
                removed += self._delete(batch)
        return removed

    def rebuild(
        self, documents: Iterable[Document], *, progress: Callable[[int], None]
    ) -> int:
        engine = _engines.engine(connection.vendor)
        with transaction.atomic(), connection.cursor() as cursor:
            engine.clear(cursor)
        written = 0
        for batch in _batches(documents, REBUILD_BATCH_SIZE):
            with transaction.atomic():
                written += self._insert(batch)
            progress(len(batch))
        with transaction.atomic(), connection.cursor() as cursor:
            engine.loaded(cursor)
        return written

    def problems(self) -> list[str]:
        with connection.cursor() as cursor:
            return _engines.engine(connection.vendor).problems(cursor)

    def repair(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            _engines.engine(connection.vendor).repair(cursor)

    def indexed(self) -> Iterator[tuple[str, datetime.datetime | None]]:
        rows = SearchDocument.objects.order_by().values_list("key", "updated_at")
        yield from rows.iterator(chunk_size=5000)

    def ping(self) -> bool:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return False
        return True

    def search(self, query: SearchQuery) -> SearchResults:
        where, where_params = _sql.filters(query)
        exact = self._exact(query, where, where_params)
        exact_ids = {row[0] for row in exact}
        match = _sql.fulltext(connection.vendor, query.phrases)
        with connection.cursor() as cursor:
            if match.alone is not None and not where and query.sort == "relevance":
                matched, total, ranked = self._match_alone(cursor, match)
            else:
                matched, total, ranked = self._match(
                    cursor, match, query, where, where_params
                )
        matched = [row for row in matched if row[0] not in exact_ids]
        # Exact hits are usually among the matches too: past the cap, where
        # the total is counted apart, adding them would count them twice.
        total = max(total, len(exact) + len(matched))
        rows = exact + matched
        page = [row[0] for row in rows[query.offset : query.offset + query.page_size]]
        return SearchResults(
            hits=self._hits(page, exact_ids, query),
            total=total,
            facets=_facets(rows),
            categories_by_kind=_categories_by_kind(rows),
            backend=self.name,
            ranked=ranked,
            facets_complete=total <= _sql.CAP,
        )

    def _match(self, cursor, match, query, where_sql, where_params) -> tuple:
        """Return the best matches (up to the cap), the total, and True (ranked)."""
        cursor.execute(
            f"SELECT {_sql.FACET_COLUMNS}, {match.score} AS score "
            f"FROM {match.source} WHERE {match.condition}{where_sql} "
            f"ORDER BY {_sql.order(query)} LIMIT %s",
            [
                *match.score_params,
                *match.condition_params,
                *where_params,
                _sql.CAP,
            ],
        )
        matched = [row[:-1] for row in cursor.fetchall()]
        total = len(matched)
        if total >= _sql.CAP:
            cursor.execute(
                f"SELECT COUNT(*) FROM {match.source} "
                f"WHERE {match.condition}{where_sql}",
                [*match.condition_params, *where_params],
            )
            total = cursor.fetchone()[0]
        return matched, total, True

    def _match_alone(self, cursor, match: _sql.Match) -> tuple:
        """Like `_match` for a query without filters: counted and ranked in the
        full-text index alone, joining only the best rows to their documents.

        Ranking costs a little per matching row (SQLite's bm25, PostgreSQL's
        ts_rank); past RANK_LIMIT matches (有限公司 matches most companies) it
        would take seconds, so the matches are taken in index order instead,
        and the results say they are not ranked.
        """
        alone = match.alone
        cursor.execute(*alone.count)
        total = cursor.fetchone()[0]
        ranked = total <= _sql.RANK_LIMIT
        sql, params = alone.ranked if ranked else alone.unranked
        cursor.execute(
            f"SELECT {_sql.FACET_COLUMNS} FROM ({sql}) m "
            f"{_sql.join_in_order(connection.vendor)} search_searchdocument d "
            "ON d.id = m.id "
            "ORDER BY m.position, m.id",
            [*params, _sql.CAP],
        )
        return cursor.fetchall(), total, ranked

    def _exact(self, query: SearchQuery, where: str, where_params: list) -> list:
        codes = [code for code in (query.code, query.id_hash) if code]
        if not codes:
            return []
        ordering = "d.date DESC NULLS LAST, d.key" if query.sort == "date" else "d.key"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_sql.FACET_COLUMNS} FROM search_searchdocument d "
                "WHERE d.id IN (SELECT document_id FROM search_searchcode "
                f"WHERE code IN ({', '.join(['%s'] * len(codes))})){where} "
                f"ORDER BY {ordering}",
                [*codes, *where_params],
            )
            return list(cursor.fetchall())

    def _hits(self, ids: list[int], exact_ids: set[int], query) -> list[Hit]:
        documents = SearchDocument.objects.in_bulk(ids)
        hits = []
        for pk in ids:
            document = documents[pk]
            hits.append(
                Hit(
                    key=document.key,
                    kind=document.kind,
                    object_id=document.object_id,
                    title=document.title,
                    url=document.url,
                    snippet=snippet(
                        [document.title, *document.text.split("\n")], query.phrases
                    ),
                    date=document.date.isoformat() if document.date else "",
                    exact=pk in exact_ids,
                )
            )
        return hits

    def _delete(self, keys: list[str]) -> int:
        ids = list(
            SearchDocument.objects.filter(key__in=keys).values_list("id", flat=True)
        )
        if ids:
            SearchCode.objects.filter(document_id__in=ids).delete()
            SearchDocument.objects.filter(id__in=ids).delete()
        return len(ids)

    def _insert(self, batch: list[Document]) -> int:
        # executemany of plain tuples: Django's bulk_create splits rows into
        # many small INSERTs on SQLite (999 parameters each) and builds a model
        # instance per row, which together cost more than the writing.
        ops = connection.ops
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT, [_values(d, ops) for d in batch])
            cursor.executemany(
                "INSERT INTO search_searchcode (document_id, code) "
                "SELECT id, %s FROM search_searchdocument WHERE key = %s",
                [(code, d.key) for d in batch for code in d.codes],
            )
        return len(batch)


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


def _facets(rows) -> dict[str, list[FacetValue]]:
    """Count the rows by each facet (columns as in `_sql.FACET_COLUMNS`)."""
    # Counted column by column with C-level Counters: a Python loop over ten
    # thousand rows cost more than the query that fetched them.
    columns = list(zip(*rows, strict=True)) or [()] * 7
    _ids, kinds, provinces, authorities, categories, slugs, years = columns
    authority = Counter(authorities)
    authority.pop(None, None)
    category = Counter()
    for value, count in Counter(categories).items():
        for name in filter(None, value.split(",")):
            category[name] += count
    counters = {
        "kind": Counter(kinds),
        "region": Counter(provinces),
        "authority": authority,
        "category": category,
        "list": Counter(slugs),
        "year": Counter(years),
    }
    for name in ("region", "list", "year"):
        counters[name].pop("", None)
        counters[name].pop(None, None)
    return {
        "kind": _top(counters["kind"]),
        "region": _top(counters["region"]),
        "authority": _top(counters["authority"], _authority_names),
        "category": _top(counters["category"]),
        "list": _top(counters["list"]),
        "year": _top(counters["year"]),
    }


def _categories_by_kind(rows) -> dict[str, list[FacetValue]]:
    """Count the rows by category within each kind (columns as in `_facets`)."""
    per_kind: dict[str, Counter] = defaultdict(Counter)
    # itemgetter keeps the counting at C level, as in `_facets`.
    pairs = Counter(map(itemgetter(1, 4), rows))
    for (kind, value), count in pairs.items():
        for name in filter(None, value.split(",")):
            per_kind[kind][name] += count
    return {kind: _top(counter) for kind, counter in per_kind.items()}
