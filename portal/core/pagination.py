"""A paginator that never counts more rows than a page needs to say.

An exact total over a broad selection of half a million records costs a scan
on every request. Counting stops at `COUNT_CAP`: past it the page says "more
than 1,000 results" and paging goes on with next/previous links. Exact totals
are one request away in the API and the downloads.

A page is fetched in two steps: the ids of its rows first, which a covering
index answers without reading the table, then those rows with their related
objects, so the database never sorts thousands of wide rows to keep 25.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000
# Past any real collection, and within a 64-bit OFFSET on every database.
MAX_OFFSET = 2**31


class CappedPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        """Return the number of rows, or count_cap + 1 when there are more."""
        return self.object_list.order_by().values("pk")[: self.count_cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.count_cap

    @cached_property
    def num_pages(self) -> int:
        if self.capped:
            # Unknown beyond the cap: as far as the counted rows reach.
            return -(-self.count_cap // self.per_page)
        return super().num_pages

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        number = super().validate_number(1) if number in (None, "") else number
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)  # raises the usual error
        if number < 1:
            raise EmptyPage(self.error_messages["less_than_1"])
        if (number - 1) * self.per_page > MAX_OFFSET:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.capped:
            top = min(bottom + self.per_page, self.count)
            return self._get_page(self._rows(bottom, top), number, self)
        rows = self._rows(bottom, bottom + self.per_page + 1)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        more = len(rows) > self.per_page
        return _OpenEndedPage(rows[: self.per_page], number, self, more=more)

    def _rows(self, bottom: int, top: int) -> list:
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_pk = self.object_list.order_by().in_bulk(ids)
        return [by_pk[pk] for pk in ids]


class _OpenEndedPage(Page):
    """A page past whose end there may be more, known by fetching one row extra."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1
