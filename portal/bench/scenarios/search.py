"""Scenarios for full-text search: the four typical queries, and a full rebuild.

The queries are drawn from the dataset itself, so each one finds something: a
two-character fragment of a company's name, a whole company name, a USCC, and a
phrase from the facts of a penalty.
"""

from urllib.parse import urlencode

from django.urls import reverse

from portal.bench.registry import Request, scenario, timed
from portal.core.identifiers import USCC_PLACEHOLDER
from portal.disclosures.models import Penalty
from portal.registry.models import CounterpartCategory, Entity

_SAMPLES = 200
# The common tail of company names: a fragment from it matches most documents,
# which is not what someone looking for a company types.
_GENERIC = ("有限", "公司", "责任", "股份", "集团", "分公司")


def _search(**params) -> Request:
    return Request(f"{reverse('search:page')}?{urlencode(params)}")


def _companies(ctx):
    organisations = Entity.objects.filter(
        category=CounterpartCategory.ORGANISATION
    ).only("name", "uscc")
    return ctx.sample(organisations, _SAMPLES)


def _fragment(ctx, name: str) -> str:
    """Return two characters of the distinctive part of a company name."""
    for generic in _GENERIC:
        name = name.replace(generic, " ")
    words = [word for word in name.split() if len(word) >= 2]
    word = ctx.rng.choice(words) if words else name
    start = ctx.rng.randrange(max(1, len(word) - 1))
    return word[start : start + 2]


@scenario("search-fragment")
def search_fragment(ctx):
    """A two-character fragment of a company name (e.g. 华信)."""
    for company in _companies(ctx):
        yield _search(q=_fragment(ctx, company.name))


@scenario("search-company")
def search_company(ctx):
    """A company's whole name."""
    for company in _companies(ctx):
        yield _search(q=company.name)


@scenario("search-uscc")
def search_uscc(ctx):
    """A unified social credit code: its entity comes first."""
    for company in _companies(ctx):
        if company.uscc and company.uscc != USCC_PLACEHOLDER:
            yield _search(q=company.uscc)


@scenario("search-facts-phrase")
def search_facts_phrase(ctx):
    """A quoted phrase of eight characters from the facts of a penalty."""
    for penalty in ctx.sample(Penalty.objects.public().only("facts"), _SAMPLES):
        facts = penalty.facts
        start = ctx.rng.randrange(max(1, len(facts) - 8))
        yield _search(q=f'"{facts[start : start + 8]}"')


@timed("search-rebuild")
def search_rebuild(ctx):
    """`search_index rebuild` of the whole database index."""
    counts = ctx.dataset.counts
    return ctx.command(
        "search_index",
        "rebuild",
        items=counts.get("search.searchdocument"),
        writes=True,
    )
