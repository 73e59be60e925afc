"""The dataset: a model's public rows and the columns every surface writes."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db.models import QuerySet

from portal.opendata.columns import Column, Plan
from portal.opendata.computed import PageUrl

# Raised whenever a column is added, removed or changes meaning; the manifest,
# the Table Schemas and every file say which version they follow. 1.1: an
# empty enumeration (id_type, removal_reason...) is null in JSON, not "".
# 1.2: a label column beside every coded one, region names, and whole page
# addresses (https://…) in files.
SCHEMA_VERSION = "1.2"


@dataclass(frozen=True)
class Dataset:
    name: str  # in URLs and file names: "penalties"
    title: str
    description: str
    model: type
    public: Callable[[], QuerySet]  # the visibility rule: what snapshots hold
    columns: tuple[Column, ...]
    collection: Callable[[], QuerySet] | None = None  # what its page lists
    # What a delta's "removed" line says of a row that left the public rows
    # (why it was withdrawn), from its id; None for a dataset that says nothing.
    removal: Callable[[int], dict | None] | None = None

    def __str__(self):
        return self.name

    def base(self) -> QuerySet:
        """Return what the collection page and the API list, before filters."""
        return (self.collection or self.public)()

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def plan(self, names=None, *, origin: str = "") -> Plan:
        """Return the reading plan of all columns, or of the named ones in order.

        With an `origin` (https://host), page addresses are whole, as files
        give them; without, they are paths from the site's root.
        """
        if not names:
            return _full_plan(self, origin)
        return Plan.of(_at(self.column(name), origin) for name in names)


def _at(column: Column, origin: str) -> Column:
    if origin and isinstance(column.compute, PageUrl):
        return replace(column, compute=column.compute.at(origin))
    return column


@functools.lru_cache(maxsize=64)
def _full_plan(dataset: Dataset, origin: str) -> Plan:
    return Plan.of(_at(column, origin) for column in dataset.columns)
