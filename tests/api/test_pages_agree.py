"""The pages and the API take the same filter URL and give the same rows."""

import pytest

from tests.api.conftest import walk

pytestmark = pytest.mark.django_db

# (page path, API path, query): the page's own parameters, unchanged.
SAME_SELECTIONS = [
    ("/penalties/", "/api/v1/penalties/", ""),
    ("/penalties/", "/api/v1/penalties/", "region=330000&sort=-fine"),
    ("/penalties/", "/api/v1/penalties/", "region=330100&fine_min=0.2&fine_max=0.5"),
    ("/penalties/", "/api/v1/penalties/", "category=fine&severity=serious"),
    ("/penalties/", "/api/v1/penalties/", "counterpart=natural_person"),
    ("/penalties/", "/api/v1/penalties/", "state=corrected"),
    ("/penalties/", "/api/v1/penalties/", "kind=tax&sort=decided"),
    ("/permits/", "/api/v1/permits/", "region=330100&category=ordinary"),
    ("/permits/", "/api/v1/permits/", "sort=-published"),
    ("/entities/", "/api/v1/entities/", "q=华信"),
    ("/entities/", "/api/v1/entities/", "region=330000&category=organisation"),
    ("/authorities/", "/api/v1/authorities/", "region=330200"),
    ("/authorities/", "/api/v1/authorities/", "kind=market_regulation"),
]


def _page_ids(client, path, query):
    ids, page = [], 1
    while True:
        response = client.get(f"{path}?{query}&page={page}")
        assert response.status_code == 200
        context = response.context
        ids += [obj.pk for obj in context["object_list"]]
        if not context["page_obj"] or not context["page_obj"].has_next():
            return ids
        page += 1


@pytest.mark.parametrize(("page", "api_path", "query"), SAME_SELECTIONS)
def test_page_and_api_agree(client, api, data, page, api_path, query):
    rows, _pages = walk(api, f"{api_path}?{query}&page_size=2")
    page_ids = _page_ids(client, page, query)
    assert page_ids, f"{page}?{query} selects nothing; the test proves nothing"
    assert [row["id"] for row in rows] == page_ids


@pytest.mark.parametrize("query", ["", "status=current", "status=removed"])
def test_list_page_and_api_agree(client, api, data, query):
    slug = data["list"].slug
    page_ids = _page_ids(client, f"/lists/{slug}/", query)
    rows, _pages = walk(api, f"/api/v1/list-entries/?list={slug}&{query}")
    assert page_ids
    assert [row["id"] for row in rows] == page_ids


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/penalties/", "region=330000&sort=-fine"),
        ("/permits/", "region=330100"),
        ("/entities/", "q=华信"),
    ],
)
def test_page_download_is_the_api_download(client, api, data, path, query):
    page = client.get(f"{path}?{query}&format=csv")
    api_download = api.get(f"/api/v1{path}?{query}&format=csv")
    assert page.status_code == api_download.status_code == 200
    assert b"".join(page.streaming_content) == b"".join(api_download.streaming_content)


def test_an_invalid_filter_is_an_error_on_both(client, api, data):
    assert client.get("/penalties/?fine_min=lots").context["filter"].errors
    assert api.get("/api/v1/penalties/?fine_min=lots").status_code == 400
    refused = client.get("/penalties/?fine_min=lots&format=csv")
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
