"""The default backend: an index in the main database (SQLite FTS5 or PostgreSQL).

A search runs at most four statements: the exact codes, the best matches
(capped) with the columns the facets need, a count when capped, and the page's
text for the snippets. Facets are counted in Python over the fetched rows.
"""

import datetime
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.db import DatabaseError, connection, transaction

from portal.registry.regions import province_code
from portal.search.backends import _sql
from portal.search.backends.base import SearchBackend
from portal.search.backends.highlight import snippet
from portal.search.documents import Document
from portal.search.models import SearchCode, SearchDocument
from portal.search.query import SearchQuery
from portal.search.results import MAX_FACET_VALUES, FacetValue, Hit, SearchResults
from portal.search.tokens import index_text

BATCH_SIZE = 1000


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _row(document: Document) -> SearchDocument:
    date = document.date
    return SearchDocument(
        key=document.key,
        kind=document.kind,
        object_id=document.object_id,
        title=document.title,
        text=document.text,
        # Each line of the text is a field of its own: no phrase spans two.
        tokens=index_text(document.title, *document.text.split("\n")),
        codes=" ".join(document.codes),
        url=document.url,
        date=date,
        year=date.year if date else None,
        region_code=document.region_code,
        province_code=province_code(document.region_code),
        authority_id=document.authority_id,
        authority_name=document.authority_name,
        categories="".join(f",{c}" for c in document.categories if c) + ",",
        list_slug=document.list_slug,
        updated_at=document.updated_at,
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
        with transaction.atomic():
            SearchCode.objects.all().delete()
            SearchDocument.objects.all().delete()
        written = 0
        for batch in _batches(documents):
            with transaction.atomic():
                written += self._insert(batch)
            progress(len(batch))
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # Merge the index segments the batches left: faster queries.
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        return written

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
        match = _sql.fulltext(connection.vendor, query.phrases)
        sql = (
            f"SELECT {_sql.FACET_COLUMNS}, {match.score} AS score "
            f"FROM {match.source} WHERE {match.condition}{where} "
            f"ORDER BY {_sql.order(query)} LIMIT %s"
        )
        params = [
            *match.score_params,
            *match.condition_params,
            *where_params,
            _sql.CAP,
        ]
        exact_ids = {row[0] for row in exact}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            matched = [row[:-1] for row in cursor.fetchall() if row[0] not in exact_ids]
            total = len(exact) + len(matched)
            if len(matched) + len(exact_ids) >= _sql.CAP:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {match.source} "
                    f"WHERE {match.condition}{where}",
                    [*match.condition_params, *where_params],
                )
                # Exact hits are usually among the matches too; an estimate
                # past the cap is close enough.
                total = max(total, cursor.fetchone()[0])
        rows = exact + matched
        page = [row[0] for row in rows[query.offset : query.offset + query.page_size]]
        return SearchResults(
            hits=self._hits(page, exact_ids, query),
            total=total,
            facets=_facets(rows),
            backend=self.name,
        )

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
        # executemany: Django's bulk_create splits rows into many small INSERTs
        # on SQLite (999 parameters each), which halves the rebuild rate.
        rows = [_row(document) for document in batch]
        fields = [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        values = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_searchdocument ({columns}) VALUES ({values})",
                [
                    [
                        f.get_db_prep_save(f.value_from_object(r), connection)
                        for f in fields
                    ]
                    for r in rows
                ],
            )
            cursor.executemany(
                "INSERT INTO search_searchcode (document_id, code) "
                "SELECT id, %s FROM search_searchdocument WHERE key = %s",
                [(code, d.key) for d in batch for code in d.codes],
            )
        return len(rows)


def _facets(rows) -> dict[str, list[FacetValue]]:
    counters = {name: Counter() for name in ("kind", "region", "authority")}
    counters |= {name: Counter() for name in ("category", "list", "year")}
    labels = {}
    for _id, kind, province, authority, name, categories, slug, year in rows:
        counters["kind"][kind] += 1
        if province:
            counters["region"][province] += 1
        if authority is not None:
            counters["authority"][str(authority)] += 1
            labels[str(authority)] = name
        counters["category"].update(c for c in categories.split(",") if c)
        if slug:
            counters["list"][slug] += 1
        if year is not None:
            counters["year"][str(year)] += 1
    return {
        name: [
            FacetValue(
                value, count, labels.get(value, "") if name == "authority" else ""
            )
            for value, count in sorted(counter.items(), key=lambda vc: (-vc[1], vc[0]))[
                :MAX_FACET_VALUES
            ]
        ]
        for name, counter in counters.items()
    }
