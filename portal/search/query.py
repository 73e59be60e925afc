"""A search request, parsed and validated once for every backend and surface.

The search page and the API (`/api/v1/search/`) take the same parameters:
`q`, `kind`, `region`, `authority`, `category`, `list`, `year`, `sort`, `page`.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.disclosures.choices import RecordKind
from portal.search.results import MAX_RESULTS
from portal.search.tokens import tokenize

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
LAST_PAGE = MAX_RESULTS // PAGE_SIZE
# What a hit can be: an entity, a record of either kind, a list entry, the
# result of a random inspection.
KINDS = ("entity", *RecordKind.values, "listentry", "inspection")
SORTS = ("relevance", "date")
_TERM = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class SearchQuery:
    """What to look for. Every phrase must match (AND); filters narrow further."""

    text: str
    phrases: tuple[tuple[str, ...], ...]  # each a run of consecutive tokens
    code: str = (
        ""  # the text as an exact code (USCC, decision number), if it may be one
    )
    id_hash: str = ""  # keyed hash when the text is a full resident ID number
    kinds: tuple[str, ...] = ()
    region: str = ""  # GB/T 2260 code; matches the region and those under it
    authority: int | None = None
    category: str = ""
    list_slug: str = ""
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    notes: tuple[str, ...] = field(default=())  # told to the user, e.g. a fixed quote

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def _terms(text: str) -> tuple[list[str], bool]:
    """Split on spaces, keeping "quoted phrases" whole; say if a quote was unpaired."""
    unpaired = text.count('"') % 2 == 1
    if unpaired:
        text = text.replace('"', " ")
    # findall gives "" (not None) for the group that did not take part.
    terms = [quoted or bare for quoted, bare in _TERM.findall(text)]
    return [term for term in terms if term.strip()], unpaired


def parse_query(params) -> SearchQuery:
    """Return the query for request parameters, or raise ValidationError per field."""
    errors: dict[str, str] = {}
    text = (params.get("q") or "").strip()
    notes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    if not text:
        errors["q"] = _("Enter a name, a code or some words to search for.")
    elif len(text) > MAX_QUERY_LENGTH:
        errors["q"] = _("A search can be at most %(max)d characters long.") % {
            "max": MAX_QUERY_LENGTH
        }
    else:
        terms, unpaired = _terms(text)
        if unpaired:
            notes.append(_("An unpaired quotation mark was ignored."))
        for term in terms:
            tokens = tuple(tokenize(term))
            if not tokens:
                continue
            if len(tokens) == 1 and len(tokens[0]) == 1:
                errors["q"] = _(
                    "Search for at least two characters: “%(term)s” is too short."
                ) % {"term": term}
                break
            phrases.append(tokens)
        if not phrases and "q" not in errors:
            errors["q"] = _("Search for letters, digits or Chinese characters.")

    compact = identifiers.compact(text)
    id_hash = ""
    if identifiers.looks_like_resident_id(compact):
        id_hash = identifiers.identity_hash(IdType.RESIDENT_ID, compact)

    kinds = tuple(params.getlist("kind")) if hasattr(params, "getlist") else ()
    if not kinds and params.get("kind"):
        kinds = (params.get("kind"),)
    if any(kind not in KINDS for kind in kinds):
        errors["kind"] = _("Unknown kind of record; choose from %(kinds)s.") % {
            "kinds": ", ".join(KINDS)
        }

    region = (params.get("region") or "").strip()
    if region and not (len(region) == 6 and region.isdigit()):
        errors["region"] = _("A region is a six-digit GB/T 2260 code.")

    def _int(name, low, high):
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            errors[name] = _("Enter a whole number from %(low)d to %(high)d.") % {
                "low": low,
                "high": high,
            }
            return None
        return int(raw)

    authority = _int("authority", 1, 2**62)
    year = _int("year", 1990, 2100)
    page = _int("page", 1, 10_000) or 1
    if page > LAST_PAGE and "page" not in errors:
        errors["page"] = _(
            "Only the first %(max)s results can be shown, on %(pages)d pages: "
            "add a word or a filter to narrow the search."
        ) % {"max": f"{MAX_RESULTS:,}", "pages": LAST_PAGE}
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Sort by relevance or date.")
    if errors:
        raise ValidationError(errors)
    return SearchQuery(
        text=text,
        phrases=tuple(phrases),
        code=compact.lower() if 5 <= len(compact) <= 64 else "",
        id_hash=id_hash,
        kinds=kinds,
        region=region,
        authority=authority,
        category=(params.get("category") or "").strip(),
        list_slug=(params.get("list") or "").strip(),
        year=year,
        sort=sort,
        page=page,
        notes=tuple(str(note) for note in notes),
    )
