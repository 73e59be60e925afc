"""Values computed from a row: page addresses, public names, the code shown.

Each is a callable for Python and, where the database can write the same
text, `sql_text` for fast CSV downloads (portal.opendata.sqltext).
"""

import copy
import functools

from django.conf import settings
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import translation

from portal.core import identifiers
from portal.core.dates import local_today
from portal.registry.models import CounterpartCategory


@functools.cache
def _url_pattern(name: str, kwarg: str) -> str:
    # Reversed once: a reverse() per row would cost more than the row itself.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs={kwarg: "0"}).rsplit("0", 1)[0]


class PageUrl:
    """A page's address from the value in it: in Python, or as SQL for CSV.

    The path from the site's root (/penalties/7/) by default, as the API's
    answers give it; `at(origin)` gives whole addresses, as files do.
    """

    def __init__(self, name: str, kwarg: str):
        self.name, self.kwarg = name, kwarg
        self._prefix = ""
        self.origin = ""

    def prefix(self) -> str:
        # Found on first use, once the URLconf is loaded; then a plain string.
        self._prefix = self._prefix or _url_pattern(self.name, self.kwarg)
        return self._prefix

    def at(self, origin: str) -> "PageUrl":
        """Return the same address, starting with `origin` (https://host)."""
        absolute = copy.copy(self)
        absolute.origin = origin.rstrip("/")
        return absolute

    def __call__(self, value) -> str:
        return f"{self.origin}{self.prefix()}{value}/"

    def sql_text(self, path: str):
        """Return an expression giving the same text (see opendata.sqltext)."""
        return Concat(
            Value(f"{self.origin}{self.prefix()}"),
            Cast(F(path), output_field=CharField()),
            Value("/"),
            output_field=CharField(),
        )


def page_url(name: str, kwarg: str) -> PageUrl:
    return PageUrl(name, kwarg)


class PublicName:
    """A counterpart's name as the pages show it: a natural person's masked."""

    def __call__(self, name: str, category: str) -> str:
        if category == CounterpartCategory.NATURAL_PERSON:
            return identifiers.mask_person_name(name)
        return name

    def sql_text(self, name: str, category: str):
        return Case(
            When(
                Q(**{category: CounterpartCategory.NATURAL_PERSON}),
                then=identifiers.MaskedPersonName(F(name)),
            ),
            default=F(name),
            output_field=CharField(),
        )


class Code:
    """The code the entity list shows: masked ID, USCC or registration number."""

    def __call__(self, uscc: str, id_masked: str, registration_number: str) -> str:
        if id_masked:
            return id_masked
        if uscc and uscc != identifiers.USCC_PLACEHOLDER:
            return uscc
        return registration_number

    def sql_text(self, uscc: str, id_masked: str, registration_number: str):
        # The fields are NOT NULL: "not empty" is all Python's truth test means.
        return Case(
            When(~Q(**{id_masked: ""}), then=F(id_masked)),
            When(
                ~Q(**{uscc: ""}) & ~Q(**{uscc: identifiers.USCC_PLACEHOLDER}),
                then=F(uscc),
            ),
            default=F(registration_number),
            output_field=CharField(),
        )


def former_names(names, category) -> list:
    # A person's former names would show the given name the page hides.
    if category == CounterpartCategory.NATURAL_PERSON:
        return []
    return list(names or [])


def plain_uscc(value: str) -> str:
    return "" if value == identifiers.USCC_PLACEHOLDER else value


def entry_status(removed_on, expires_on, listed_on) -> str:
    today = local_today()
    if removed_on is not None:
        return "removed"
    if listed_on > today or (expires_on is not None and expires_on < today):
        return "expired"
    return "current"
