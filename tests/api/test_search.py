"""/api/v1/search/: the search page's parameters, as JSON."""

import pytest

from portal.search import indexing
from portal.search.query import PAGE_SIZE
from tests.factories import make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(data):
    indexing.rebuild()
    return data


def test_search_finds_and_facets(api, indexed):
    body = api.get("/api/v1/search/", {"q": "华信"}).json()
    assert body["total"] >= 1
    kinds = {hit["kind"] for hit in body["results"]}
    assert "entity" in kinds
    company = indexed["company"]
    entity_hits = [hit for hit in body["results"] if hit["kind"] == "entity"]
    assert entity_hits[0]["id"] == company.pk
    assert entity_hits[0]["url"].endswith(company.get_absolute_url())
    assert "<mark>" in entity_hits[0]["snippet_html"]
    assert {facet["value"] for facet in body["facets"]["kind"]} >= {"entity"}


def test_search_takes_the_pages_filters(api, indexed, client):
    body = api.get("/api/v1/search/", {"q": "华信", "kind": "penalty"}).json()
    assert body["results"] and {hit["kind"] for hit in body["results"]} == {"penalty"}
    page = client.get("/search/", {"q": "华信", "kind": "penalty"})
    assert page.context["results"].total == body["total"]


def test_search_pages_with_next_links(api, db):
    # One match more than a page holds, so that there is a second, last page.
    for _ in range(PAGE_SIZE + 1):
        make_company()
    indexing.rebuild()
    first = api.get("/api/v1/search/", {"q": "华信"}).json()
    assert (first["total"], len(first["results"])) == (PAGE_SIZE + 1, PAGE_SIZE)
    assert "page=2" in first["next"]
    last = api.get(first["next"]).json()
    assert (last["page"], len(last["results"]), last["next"]) == (2, 1, None)


def test_a_person_is_found_masked(api, indexed):
    body = api.get("/api/v1/search/", {"q": "张"}).status_code
    assert body == 400  # one character is too short, as on the page
    text = api.get("/api/v1/search/", {"q": "杭州市市场监督管理局"}).content.decode()
    assert "张三丰" not in text


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"q": ""}, "q"),
        ({"q": "华信", "kind": "planet"}, "kind"),
        ({"q": "华信", "region": "33"}, "region"),
        ({"q": "华信", "year": "1800"}, "year"),
        ({"q": "华信", "sort": "random"}, "sort"),
    ],
)
def test_bad_values_are_named(api, indexed, params, name):
    response = api.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert name in response.json()["error"]["details"]


def test_unknown_parameter(api, indexed):
    response = api.get("/api/v1/search/", {"q": "华信", "colour": "red"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_parameter"
