"""The measures paired with the peer: one question, asked of the portal and of
Datasette (and, where cheap, of bare SQLite).

Each pair starts from a portal scenario's own requests, drawn from the
dataset with the scenario's seeded generator, so the portal's side is what
that scenario sends, and maps every request to the same question in
Datasette's terms: a row page, a table's JSON with `_search`, a page after a
`_next` token, a streamed CSV. Datasette reads "public" as the portal does
(published or corrected, within the publicity period) where it can be said
in its filters: the pages at depth and the CSV.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import resolve, reverse

from portal.bench import floor
from portal.bench.client import Request
from portal.bench.exceptions import BenchError
from portal.bench.scenarios import api, public, search
from portal.disclosures.choices import PUBLIC_STATES
from portal.disclosures.models import Penalty
from portal.registry.models import Entity
from portal.search.query import PAGE_SIZE as SEARCH_PAGE_SIZE

ENTITIES = "registry_entity"
PENALTIES = "disclosures_penalty"
# Datasette's bytes that need no escaping in a URL part (datasette.utils).
_TILDE_SAFE = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)


def tilde_encode(text: str) -> str:
    """Encode as Datasette does: `/foo bar` becomes `~2Ffoo+bar`."""
    return "".join(
        chr(byte) if byte in _TILDE_SAFE else "+" if byte == 32 else f"~{byte:02X}"
        for byte in text.encode()
    )


def next_token(pk) -> str:
    """Return Datasette's `_next` token for the page after the row `pk`, in
    primary-key order: the key, tilde-encoded."""
    return tilde_encode(str(pk))


def sorted_next_token(sort_value, pk) -> str:
    """Return Datasette's `_next` token for the page after the row `pk`, sorted
    by a column: the row's value of the column (`$null` for none), then the
    key, each tilde-encoded, as Datasette writes them in its `next` links."""
    prefix = "$null" if sort_value is None else tilde_encode(str(sort_value))
    return f"{prefix},{next_token(pk)}"


@dataclass(frozen=True)
class Datasette:
    """Requests to the peer's database, `database` as Datasette names it."""

    database: str
    today: datetime.date  # the day "public" is read on

    def row(self, table: str, pk) -> Request:
        return Request(self._path(table, tilde_encode(str(pk))))

    def json(self, table: str, **params) -> Request:
        return Request(f"{self._path(table)}.json?{urlencode(params)}")

    def csv(self, table: str, **params) -> Request:
        return Request(f"{self._path(table)}.csv?{urlencode(params)}")

    def public(self) -> dict[str, str]:
        """Datasette's filters for a penalty the public sees."""
        return {
            "state__in": ",".join(PUBLIC_STATES),
            f"{Penalty.publicity_end_field}__gte": self.today.isoformat(),
        }

    def _path(self, table: str, *rest: str) -> str:
        return "/" + "/".join([tilde_encode(self.database), table, *rest])


# Each request of a pair: the portal's, the peer's, and the floor's query.
Triple = tuple[Request, Request, floor.Query | None]


@dataclass(frozen=True)
class Spec:
    """A pair: its name, the portal scenario it reuses, and how to read answers.

    `triples(context, datasette)` yields each request on both sides (and the
    floor's); `portal_found` and `peer_found` read what an answer found from
    its body. A pair with `rows` is a download, measured in rows per second.
    """

    name: str
    title: str
    scenario: str | None
    triples: Callable[..., Iterable[Triple]]
    portal_found: Callable[[bytes], int] | None = None
    peer_found: Callable[[bytes], int] | None = None
    rows: bool = False


@dataclass(frozen=True)
class Pair:
    spec: Spec
    portal: list[Request]
    peer: list[Request]
    floor: list[floor.Query]


def build(spec: Spec, context, datasette: Datasette, *, limit: int) -> Pair:
    """Draw the pair's requests (up to `limit`) from the dataset."""
    triples = []
    for triple in spec.triples(context, datasette):
        if len(triples) == limit:
            break
        triples.append(triple)
    if not triples:
        raise BenchError("the pair asked for no requests")
    portal, peer, queries = zip(*triples, strict=True)
    return Pair(spec, list(portal), list(peer), [q for q in queries if q is not None])


def _entity_pages(context, datasette):
    paths = [request.path for request in public.entity_file(context)]
    keys = [resolve(urlsplit(path).path).kwargs["key"] for path in paths]
    ids = dict(Entity.objects.filter(key__in=keys).values_list("key", "pk"))
    for path, key in zip(paths, keys, strict=True):
        yield Request(path), datasette.row(ENTITIES, ids[key]), None


def _texts(requests):
    """The text each of a search scenario's requests asks for."""
    for request in requests:
        [text] = parse_qs(urlsplit(request.path).query)["q"]
        yield text


def _searches(texts, table: str, datasette):
    """The portal's API search, and Datasette's `_search` of one table."""
    for text in texts:
        yield (
            Request(f"{reverse('api:search-list')}?{urlencode({'q': text})}"),
            # Datasette's default search quotes each word and keeps a quoted
            # phrase whole, so the phrase needs no `_searchmode=raw`. Without
            # facet suggestions (one query per column, up to 50 ms each), which
            # would make it the easier bar: it still counts the matches.
            datasette.json(table, _search=text, _size=SEARCH_PAGE_SIZE, _nosuggest=1),
            floor.search(table, text, page_size=SEARCH_PAGE_SIZE),
        )


def _search_fragment(context, datasette):
    yield from _searches(_texts(search.search_fragment(context)), ENTITIES, datasette)


def _search_company(context, datasette):
    yield from _searches(_texts(search.search_company(context)), ENTITIES, datasette)


def _search_phrase(context, datasette):
    phrases = _texts(search.search_facts_phrase(context))
    yield from _searches(phrases, PENALTIES, datasette)


LIMITED_COMPANY = "有限公司"


def _search_limited_company(context, datasette):
    yield from _searches([LIMITED_COMPANY], ENTITIES, datasette)


def _deep_pages(context, datasette, *, newest_first: bool):
    """The API's pages after 100,000 records, and Datasette's at the same depth
    of its own order: newest first (`_sort_desc`, ties by id ascending, as
    Datasette breaks them), or by id."""
    portal = list(api.deep_page(context))
    penalties = Penalty.objects.public(today=datasette.today)
    # Where api-penalties-deep starts its pages, in the same steps.
    room = penalties.count() - api.PAGE_SIZE * (len(portal) + 1)
    depth = min(api.DEPTH, max(0, room))
    window = slice(depth, depth + api.PAGE_SIZE * len(portal))
    params = datasette.public() | {"_size": api.PAGE_SIZE, "_nocount": 1}
    if newest_first:
        ordered = penalties.order_by("-decided_on", "pk")
        rows = ordered.values_list("decided_on", "pk")[window][:: api.PAGE_SIZE]
        tokens = [sorted_next_token(day, pk) for day, pk in rows]
        params["_sort_desc"] = "decided_on"
    else:
        rows = penalties.order_by("pk").values_list("pk", flat=True)[window]
        tokens = [next_token(pk) for pk in rows[:: api.PAGE_SIZE]]
    for request, token in zip(portal, tokens, strict=True):
        yield request, datasette.json(PENALTIES, **params, _next=token), None


def _full_csv(context, datasette):
    where = datasette.public()
    states = list(PUBLIC_STATES)
    sql = (
        f"SELECT * FROM {PENALTIES} WHERE state IN (?, ?) "
        f"AND {Penalty.publicity_end_field} >= ? ORDER BY id"
    )
    for request in api.full_csv(context):
        yield (
            request,
            datasette.csv(PENALTIES, **where, _stream="on", _size="max"),
            floor.export(sql, (*states, datasette.today.isoformat())),
        )


def _search_total(body: bytes) -> int:
    return json.loads(body)["total"]


def _api_results(body: bytes) -> int:
    return len(json.loads(body)["results"])


def _datasette_rows(body: bytes) -> int:
    data = json.loads(body)
    count = data.get("filtered_table_rows_count")
    return len(data["rows"]) if count is None else count


def _csv_rows(body: bytes) -> int:
    # Fields may hold line breaks: count records, not lines.
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1


PAIRS = {
    spec.name: spec
    for spec in (
        Spec("entity-page", "entity page / row page", "entity-file", _entity_pages),
        Spec(
            "search-fragment",
            "search, 2 characters",
            "search-fragment",
            _search_fragment,
            _search_total,
            _datasette_rows,
        ),
        Spec(
            "search-company",
            "search, company name",
            "search-company",
            _search_company,
            _search_total,
            _datasette_rows,
        ),
        Spec(
            "search-facts-phrase",
            "search, phrase of the facts",
            "search-facts-phrase",
            _search_phrase,
            _search_total,
            _datasette_rows,
        ),
        Spec(
            "search-limited-company",
            f"search, {LIMITED_COMPANY}",
            None,
            _search_limited_company,
            _search_total,
            _datasette_rows,
        ),
        Spec(
            "api-deep-newest",
            "API page at depth, newest first",
            "api-penalties-deep",
            lambda context, datasette: _deep_pages(
                context, datasette, newest_first=True
            ),
            _api_results,
            _datasette_rows,
        ),
        Spec(
            "api-deep-id-order",
            "API page at depth, peer by id",
            "api-penalties-deep",
            lambda context, datasette: _deep_pages(
                context, datasette, newest_first=False
            ),
            _api_results,
            _datasette_rows,
        ),
        Spec(
            "csv-public-penalties",
            "full CSV of public penalties",
            "api-penalties-csv",
            _full_csv,
            _csv_rows,
            _csv_rows,
            rows=True,
        ),
    )
}


def select(names=None) -> list[Spec]:
    """Return the pairs named, or paired with the scenarios named; all by default."""
    if not names:
        return list(PAIRS.values())
    known = {*PAIRS, *(spec.scenario for spec in PAIRS.values() if spec.scenario)}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BenchError(
            f"With --peer, --scenario names pairs or the scenarios they pair: "
            f"{', '.join(unknown)} is neither. Pairs: {', '.join(PAIRS)}."
        )
    return [
        spec for spec in PAIRS.values() if spec.name in names or spec.scenario in names
    ]
