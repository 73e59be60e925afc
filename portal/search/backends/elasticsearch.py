"""The Elasticsearch backend, chosen when `ELASTICSEARCH_URL` is set."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import scan, streaming_bulk

from portal.search.backends.base import SearchBackend
from portal.search.backends.es_mapping import (
    alias_name,
    index_body,
    index_name,
    is_version_of,
    to_source,
)
from portal.search.backends.es_query import build_search, parse_response
from portal.search.documents import Document
from portal.search.query import SearchQuery
from portal.search.results import SearchResults

CHUNK_SIZE = 1000
# What the cluster raises when it cannot answer: unreachable, too slow, or
# answering with an error (a missing index, a red cluster).
UNAVAILABLE = (TransportError, ApiError)


class ElasticsearchBackend(SearchBackend):
    """Documents in a versioned index behind an alias that a rebuild swaps."""

    name = "elasticsearch"

    def __init__(
        self,
        *,
        url: str = "",
        prefix: str = "",
        timeout: float | None = None,
        refresh: bool = False,
        client: Elasticsearch | None = None,
    ):
        self.prefix = prefix or settings.ELASTICSEARCH_INDEX_PREFIX
        self.alias = alias_name(self.prefix)
        # Writes become searchable at the next periodic refresh unless asked.
        self.refresh = refresh
        self.client = client or Elasticsearch(
            url or settings.ELASTICSEARCH_URL,
            request_timeout=timeout or settings.ELASTICSEARCH_TIMEOUT,
            # A search page cannot wait for retries: the database answers instead.
            max_retries=0,
        )

    def _create_index(self, name: str, **extra_settings) -> None:
        body = index_body()
        self.client.indices.create(
            index=name,
            settings={**body["settings"], **extra_settings},
            mappings=body["mappings"],
        )

    def _ensure_alias(self) -> None:
        """Create a first index behind the alias, so writes work before a rebuild."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = index_name(self.prefix)
            self._create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)

    def _bulk(self, actions: Iterable[dict], **kwargs) -> Iterator[dict]:
        for _ok, item in streaming_bulk(
            self.client, actions, chunk_size=CHUNK_SIZE, **kwargs
        ):
            yield item

    @staticmethod
    def _index_actions(documents: Iterable[Document], index: str) -> Iterator[dict]:
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": document.key,
                "_source": to_source(document),
            }

    def index(self, documents: Iterable[Document], *, refresh: bool = False) -> int:
        self._ensure_alias()
        actions = self._index_actions(documents, self.alias)
        refresh = refresh or self.refresh
        return sum(1 for _ in self._bulk(actions, refresh=refresh))

    def remove(self, keys: Iterable[str], *, refresh: bool = False) -> int:
        self._ensure_alias()
        actions = (
            {"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys
        )
        items = self._bulk(
            actions, refresh=refresh or self.refresh, ignore_status=(404,)
        )
        return sum(1 for item in items if item["delete"].get("result") == "deleted")

    def search(self, query: SearchQuery) -> SearchResults:
        response = self.client.search(index=self.alias, body=build_search(query))
        return parse_response(response.body, query)

    def indexed(self) -> Iterator[tuple[str, datetime.datetime | None]]:
        self._ensure_alias()
        hits = scan(
            self.client,
            index=self.alias,
            query={"query": {"match_all": {}}, "_source": ["key", "updated_at"]},
        )
        for hit in hits:
            updated_at = hit["_source"].get("updated_at")
            yield (
                hit["_source"]["key"],
                datetime.datetime.fromisoformat(updated_at) if updated_at else None,
            )

    def _aliased(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def rebuild(
        self, documents: Iterable[Document], *, progress: Callable[[int], None]
    ) -> int:
        name = index_name(self.prefix)
        # No refreshes while loading: nobody reads the new index before the swap.
        self._create_index(name, refresh_interval="-1")
        written = 0
        try:
            actions = self._index_actions(documents, name)
            for written, _item in enumerate(self._bulk(actions), start=1):
                if written % CHUNK_SIZE == 0:
                    progress(CHUNK_SIZE)
            if written % CHUNK_SIZE:
                progress(written % CHUNK_SIZE)
            self.client.indices.put_settings(
                index=name, settings={"refresh_interval": None}
            )
            self.client.indices.refresh(index=name)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        # One call, so readers go from the old index to the new in one step.
        self.client.indices.update_aliases(
            actions=[
                *(
                    {"remove": {"index": old, "alias": self.alias}}
                    for old in self._aliased()
                ),
                {"add": {"index": name, "alias": self.alias}},
            ]
        )
        # Only older versions: a newer one belongs to a rebuild still running.
        for old in self.client.indices.get(index=f"{self.alias}-*").body:
            if old < name and is_version_of(old, self.prefix):
                self.client.indices.delete(index=old)
        return written

    def ping(self, *, timeout: float | None = None) -> bool:
        client = self.client
        if timeout is not None:
            client = client.options(request_timeout=timeout)
        return client.ping()
