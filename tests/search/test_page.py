"""The search page as a citizen or journalist uses it, on the database backend."""

import pytest

from portal.search import indexing
from tests.factories import make_company, make_penalty, make_person

pytestmark = pytest.mark.django_db

ID_NUMBER = "110101199003074477"


@pytest.fixture
def indexed(db):
    company = make_company(
        name="深圳市腾讯计算机系统有限公司", uscc="9144030071526726XG"
    )
    other = make_company(name="杭州华信网络科技有限公司")
    penalty = make_penalty(entity=company, facts="销售超过保质期的食品")
    person = make_person(name="张三丰", id_number=ID_NUMBER)
    indexing.rebuild()
    return {"company": company, "other": other, "penalty": penalty, "person": person}


def test_empty_page_offers_the_form(client, db):
    html = client.get("/en/search/").content.decode()
    assert 'name="q"' in html
    assert 'role="alert"' not in html


def test_fragment_finds_names_with_facets_and_highlights(client, indexed):
    response = client.get("/en/search/", {"q": "腾讯"})
    html = response.content.decode()
    assert response.status_code == 200
    assert indexed["company"].get_absolute_url() in html
    assert indexed["other"].get_absolute_url() not in html
    assert "<mark>腾讯</mark>" in html
    assert "Type" in html and "Entities" in html  # the kind facet
    assert "?q=%E8%85%BE%E8%AE%AF&amp;kind=entity" in html  # a facet link


def test_uscc_goes_first_and_is_marked_exact(client, indexed):
    html = client.get("/en/search/", {"q": "9144030071526726XG"}).content.decode()
    first_hit = html.split('<ol class="hits"')[1].split("</li>")[0]
    assert indexed["company"].get_absolute_url() in first_hit
    assert "exact match" in first_hit


def test_facet_narrows_by_kind(client, indexed):
    html = client.get("/en/search/", {"q": "腾讯", "kind": "penalty"}).content.decode()
    assert indexed["penalty"].get_absolute_url() in html
    # The company is named beside its penalty, but is no hit of its own.
    assert 'class="hit hit-entity"' not in html
    assert 'class="hit hit-penalty"' in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Enter a name, a code or some words"),
        ("腾", "at least two characters"),
        ("x" * 101, "at most 100 characters"),
        ("——", "letters, digits or Chinese characters"),
    ],
)
def test_bad_queries_are_explained(client, indexed, q, message):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and message in html


def test_bad_filter_is_explained(client, indexed):
    html = client.get("/en/search/", {"q": "腾讯", "year": "last"}).content.decode()
    assert 'role="alert"' in html and "whole number" in html


def test_unpaired_quote_is_forgiven_and_said(client, indexed):
    html = client.get("/en/search/", {"q": '"腾讯'}).content.decode()
    assert "unpaired quotation mark" in html
    assert indexed["company"].get_absolute_url() in html


def test_full_id_number_never_stays_in_the_address_or_page(client, indexed):
    response = client.get("/en/search/", {"q": ID_NUMBER})
    assert response.status_code == 302
    assert ID_NUMBER not in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert indexed["person"].get_absolute_url() in html
    assert ID_NUMBER not in html


def test_unreachable_cluster_falls_back_and_says_so(client, indexed, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # refuses at once
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    html = client.get("/en/search/", {"q": "腾讯"}).content.decode()
    assert "not answering" in html
    assert indexed["company"].get_absolute_url() in html
    health = client.get("/health/").json()
    assert health["search"]["degraded"] is True
    assert health["search"]["elasticsearch"] == "unreachable"


def test_health_reports_search(client, db):
    assert client.get("/health/").json()["search"]["backend"] == "database"


def test_messages_follow_the_page_language(client, db):
    html = client.get("/search/", {"q": "腾"}).content.decode()
    assert "请至少输入两个字符" in html


def test_the_page_says_when_results_are_unranked_or_capped(client, db, monkeypatch):
    from portal.search import views
    from portal.search.backends import _sql

    for n in "一二三四五":
        make_company(name=f"杭州华信第{n}分公司")
    indexing.rebuild()
    monkeypatch.setattr(_sql, "RANK_LIMIT", 4)
    monkeypatch.setattr(_sql, "CAP", 3)
    monkeypatch.setattr(views, "MAX_RESULTS", 3)

    html = client.get("/en/search/", {"q": "华信"}).content.decode()

    assert "5 results" in html
    assert "not ordered by relevance" in html
    assert "Only the first 3 results can be paged through, and the counts" in html


def test_a_page_past_the_last_reachable_one_is_explained(client, indexed):
    html = client.get("/en/search/", {"q": "腾讯", "page": "501"}).content.decode()
    assert "Only the first 10,000 results can be shown, on 500 pages" in html
