"""The default backend: an index in the main database (SQLite FTS5 or PostgreSQL).

A search runs at most five statements: the exact codes, a count of the
full-text matches when nothing filters them, one statement that reads the
best matches (capped) once to page them and count their facets, a count when
capped, and the page's documents for the snippets. The facets are grouped in
the database; only the groups reach Python (`_tally`).
"""

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator

from django.db import DatabaseError, connection, transaction

from portal.registry.regions import province_code
from portal.search.backends import _engines, _sql, _tally
from portal.search.backends.base import SearchBackend
from portal.search.backends.highlight import snippet
from portal.search.documents import Document
from portal.search.models import SearchCode, SearchDocument
from portal.search.query import SearchQuery
from portal.search.results import Hit, SearchResults

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
        exact_ids = [row[0] for row in exact]
        # The page: exact-code hits first, then the matches.
        end = query.offset + query.page_size
        exact_page = exact_ids[query.offset : end]
        match = _sql.fulltext(connection.vendor, query.phrases)
        with connection.cursor() as cursor:
            total, ranked, found = self._matches(
                cursor, match, query, where, where_params
            )
            cursor.execute(
                *_sql.paged_and_counted(
                    found,
                    leave_out=exact_ids,
                    offset=max(0, query.offset - len(exact_ids)),
                    limit=query.page_size - len(exact_page),
                )
            )
            rows = cursor.fetchall()
        tally = _tally.Tally()
        tally.add_documents(exact)
        page, capped, kept = [], 0, 0
        for facet, value, count, extra in rows:
            if facet == "page":
                page.append((count, int(value)))
            elif facet == "total":
                capped = count
            else:
                tally.add(facet, value, count, extra)
                kept += count if facet == "kind" else 0
        if total is None:
            total = capped
            if capped >= _sql.CAP:
                total = self._count(match, where, where_params)
        # Exact hits are usually among the matches too: past the cap, where
        # the total is counted apart, adding them would count them twice.
        total = max(total, len(exact) + kept)
        ids = exact_page + [pk for _place, pk in sorted(page)]
        return SearchResults(
            hits=self._hits(ids, set(exact_ids), query),
            total=total,
            facets=tally.facets(),
            categories_by_kind=tally.categories_by_kind(),
            backend=self.name,
            ranked=ranked,
            facets_complete=total <= _sql.CAP,
        )

    def _matches(self, cursor, match, query, where, where_params) -> tuple:
        """Return the total (None: count the capped matches), whether they are
        ranked, and the SELECT of the best of them."""
        alone = match.alone
        if alone is None or where or query.sort != "relevance":
            return None, True, _sql.matches(match, query, where, where_params)
        # Without filters the full-text index counts and ranks on its own,
        # joining only the best rows to their documents. Ranking costs a little
        # per matching row (SQLite's bm25, PostgreSQL's ts_rank); past
        # RANK_LIMIT matches (有限公司 matches most companies) it would take
        # seconds, so the matches are taken in index order instead, and the
        # results say they are not ranked.
        cursor.execute(*alone.count)
        total = cursor.fetchone()[0]
        ranked = total <= _sql.RANK_LIMIT
        found = _sql.matches_alone(
            connection.vendor, alone.ranked if ranked else alone.unranked
        )
        return total, ranked, found

    def _count(self, match, where, where_params) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {match.source} WHERE {match.condition}{where}",
                [*match.condition_params, *where_params],
            )
            return cursor.fetchone()[0]

    def _exact(self, query: SearchQuery, where: str, where_params: list) -> list:
        codes = [code for code in (query.code, query.id_hash) if code]
        if not codes:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_sql.FACET_COLUMNS} FROM search_searchdocument d "
                "WHERE d.id IN (SELECT document_id FROM search_searchcode "
                f"WHERE code IN ({', '.join(['%s'] * len(codes))})){where} "
                f"ORDER BY {_sql.EXACT_ORDER}",
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
