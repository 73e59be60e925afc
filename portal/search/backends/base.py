"""The contract every search backend keeps; the contract tests hold them to it."""

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator

from portal.search.documents import Document
from portal.search.query import SearchQuery
from portal.search.results import SearchResults


class SearchBackend(ABC):
    """An index of `Document`s that answers `SearchQuery`s.

    Results: documents matching every phrase of the query as a substring of
    their text (or exactly one of their codes, or the ID hash), narrowed by the
    filters; exact code matches first, then by relevance or date; facets count
    the whole match (not just the page) by kind, region (province), authority,
    category, list and year.
    """

    name: str = ""

    @abstractmethod
    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace documents by key; return how many were written."""

    @abstractmethod
    def remove(self, keys: Iterable[str]) -> int:
        """Remove documents by key (absent keys are fine); return how many went."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Answer a query."""

    @abstractmethod
    def indexed(self) -> Iterator[tuple[str, datetime.datetime | None]]:
        """Yield (key, updated_at) of every indexed document, for the check."""

    @abstractmethod
    def rebuild(
        self, documents: Iterable[Document], *, progress: Callable[[int], None]
    ) -> int:
        """Replace the whole index with these documents; readers never see it empty
        where the engine allows (ES swaps an alias)."""

    def ping(self) -> bool:
        """Tell whether the backend answers."""
        return True

    def problems(self) -> list[str]:
        """Return what is wrong with the index itself, beyond missing documents."""
        return []

    def repair(self) -> None:  # noqa: B027 (most backends have nothing to fix)
        """Fix what `problems()` reports."""
