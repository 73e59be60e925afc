"""Each hit on the search page says what it is, whose, by whom, when, and how much."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal.disclosures.choices import PermitCategory, PermitStatus, RecordState
from portal.search import indexing
from portal.search.backends.database import DatabaseBackend
from portal.search.details import describe
from portal.search.query import parse_query
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_penalty,
    make_permit,
    make_region,
)

pytestmark = pytest.mark.django_db


def _hit(html: str, url: str) -> str:
    """Return the <li> of the hit linking to `url`."""
    hits = html.split('<ol class="hits"')[1].split("</ol>")[0]
    for item in hits.split("<li")[1:]:
        if f'href="{url}"' in item:
            return item
    raise AssertionError(f"no hit links to {url}")


def _url(obj, language="en") -> str:
    with translation.override(language):
        return obj.get_absolute_url()


TODAY = timezone.localdate()
DECIDED = TODAY - datetime.timedelta(days=20)
LISTED = TODAY - datetime.timedelta(days=30)
EXPIRES = TODAY + datetime.timedelta(days=700)


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.fixture
def records(db):
    region = make_region()
    authority = make_authority(name="杭州市市场监督管理局", region=region)
    court = make_authority(name="杭州市西湖区人民法院", region=region)
    company = make_company(name="杭州华信网络科技有限公司", region=region)
    penalty = make_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2025〕18号",
        decided_on=DECIDED,
        fine_amount=Decimal("1234.5"),
    )
    permit = make_permit(
        entity=company,
        authority=authority,
        document_title="食品经营许可决定书",
        category=PermitCategory.RECOGNITION,
        valid_until=datetime.date(2030, 1, 31),
        decided_on=DECIDED,
    )
    entry = make_list_entry(
        entity=company,
        authority=court,
        credit_list=make_credit_list(slug="dishonest", name="失信被执行人名单"),
        listed_on=LISTED,
        expires_on=EXPIRES,
    )
    indexing.rebuild()
    return {
        "company": company,
        "penalty": penalty,
        "permit": permit,
        "entry": entry,
        "authority": authority,
    }


def test_a_penalty_hit_names_its_entity_authority_date_fine_and_state(client, records):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    hit = _hit(html, _url(records["penalty"]))
    text = _text(hit)

    assert "Penalty" in text
    assert f'href="{_url(records["company"])}"' in hit
    assert "杭州市市场监督管理局" in text
    assert f'<time datetime="{DECIDED}">{DECIDED}</time>' in hit
    assert "1,234.5 × 10,000 yuan" in text
    public_until = records["penalty"].public_until.isoformat()
    assert f"In publicity until {public_until}" in text


def test_the_fine_is_in_wan_yuan_with_separators_on_the_chinese_page(client, records):
    html = client.get("/search/", {"q": "华信"}).content.decode()
    text = _text(_hit(html, _url(records["penalty"], "zh-hans")))
    assert "1,234.5 万元" in text
    assert "罚款" in text and "机关" in text


def test_a_permit_hit_names_its_category_and_validity(client, records):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    text = _text(_hit(html, _url(records["permit"])))
    assert "Permit" in text
    assert "Recognition" in text
    assert "Valid until 2030-01-31" in text
    assert "杭州市市场监督管理局" in text


def test_a_revoked_permit_says_so(client, records):
    permit = records["permit"]
    permit.permit_status = PermitStatus.REVOKED
    permit.save()
    indexing.rebuild()
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    assert "Revoked" in _text(_hit(html, _url(permit)))


def test_a_list_entry_hit_names_its_list_and_how_long(client, records):
    html = client.get("/en/search/", {"q": "失信被执行人"}).content.decode()
    entity_url = _url(records["company"])
    hit = _hit(html, entity_url)
    text = _text(hit)
    assert "List entry" in text
    assert "<mark>失信被执行人</mark>名单" in hit
    assert "杭州市西湖区人民法院" in text
    assert f'<time datetime="{LISTED}">' in hit
    assert f"On the list until {EXPIRES}" in text


def test_an_entity_hit_names_its_category_and_region(client, records):
    html = client.get("/en/search/", {"q": "华信", "kind": "entity"}).content.decode()
    entity_url = _url(records["company"])
    text = _text(_hit(html, entity_url))
    assert "Legal person or unincorporated organisation" in text
    assert "杭州市" in text


def test_a_record_withdrawn_since_indexing_says_so_and_shows_no_fine(client, records):
    penalty = records["penalty"]
    # Withdrawn without reindexing: the index is a step behind.
    type(penalty).objects.filter(pk=penalty.pk).update(
        state=RecordState.WITHDRAWN, withdrawn_at=timezone.now()
    )
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    text = _text(_hit(html, _url(penalty)))
    assert "Withdrawn" in text
    assert "1,234.5" not in text


def test_the_matched_words_are_marked_in_the_title_and_the_entity(client, records):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    hit = _hit(html, _url(records["permit"]))
    assert "杭州<mark>华信</mark>网络科技有限公司" in hit
    html = client.get("/en/search/", {"q": "经营许可"}).content.decode()
    hit = _hit(html, _url(records["permit"]))
    assert "食品<mark>经营许可</mark>决定书" in hit


def test_a_snippet_that_only_repeats_the_title_is_left_out(client, records):
    html = client.get("/en/search/", {"q": "华信", "kind": "entity"}).content.decode()
    entity_url = _url(records["company"])
    assert 'class="snippet"' not in _hit(html, entity_url)


def test_details_cost_one_query_per_kind_on_the_page_whatever_the_hits(records):
    company = records["company"]
    for number in range(6):
        make_penalty(entity=company, decision_number=f"杭市监罚〔2025〕{number}号")
        make_permit(entity=company, decision_number=f"浙许〔2025〕{number}号")
    indexing.rebuild()
    hits = DatabaseBackend().search(parse_query({"q": "华信"})).hits
    assert {hit.kind for hit in hits} == {"entity", "penalty", "permit", "listentry"}
    assert len(hits) == 16

    with CaptureQueriesContext(connection) as queries:
        details = describe(hits)
    assert len(queries) == 4
    assert set(details) == {hit.key for hit in hits}


def _queries_for_page(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", params)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_1_or_20_hits(client, records):
    """The details come in a fixed number of queries, never one per hit."""
    few = _queries_for_page(client, q="华信", kind="penalty")
    company = records["company"]
    for number in range(25):
        make_penalty(entity=company, decision_number=f"杭市监罚〔2024〕{number}号")
    indexing.rebuild()
    many = _queries_for_page(client, q="华信", kind="penalty")
    assert many == few


def test_a_page_of_every_kind_costs_ten_queries(client, records):
    # Three for the search, three for the facets' labels, one per kind shown.
    assert _queries_for_page(client, q="华信") == 10


def test_elasticsearch_hits_get_the_same_details_and_marks(
    client, records, monkeypatch
):
    """ES is unit-tested only: feed the page a parsed response, as a cluster sends."""
    from portal.search import selection
    from portal.search.backends.es_query import parse_response

    penalty = records["penalty"]
    body = {
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {
                    "_source": {
                        "key": f"penalty:{penalty.pk}",
                        "kind": "penalty",
                        "object_id": penalty.pk,
                        "title": penalty.decision_number,
                        "url": _url(penalty, "zh-hans"),
                        "date": DECIDED.isoformat(),
                        "text": [penalty.decision_number, "经营超过保质期的食品"],
                    }
                },
                {  # deleted since it was indexed: shown bare, not an error
                    "_source": {
                        "key": "permit:999999",
                        "kind": "permit",
                        "object_id": 999999,
                        "title": "保质期许可",
                        "url": "/permits/999999/",
                    }
                },
            ],
        },
        "aggregations": {},
    }
    monkeypatch.setattr(selection, "search", lambda query: parse_response(body, query))

    html = client.get("/en/search/", {"q": "保质期"}).content.decode()

    hit = _hit(html, _url(penalty))
    assert "经营超过<mark>保质期</mark>的食品" in hit
    assert "1,234.5 × 10,000 yuan" in _text(hit)
    assert "<mark>保质期</mark>许可" in _hit(html, "/en/permits/999999/")
