"""A page number that names no page goes to the first page of the same selection.

As the GOV.UK Design System advises ("Redirect users to the first page if they
enter a URL of a page that no longer exists"), rather than an error page.
"""

import pytest

from portal.core.pagination import CappedPaginator
from portal.pages.views.disclosures import PenaltyListView
from tests.factories import make_penalty

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.mark.parametrize("page", ["0", "-1", HUGE, "abc", "²", "1.5", "3"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_page_that_does_not_exist_redirects_to_the_first(client, page, prefix):
    make_penalty()
    response = client.get(f"{prefix}/penalties/", {"sort": "-decided_on", "page": page})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/penalties/?sort=-decided_on"


@pytest.mark.parametrize("path", ["/entities/", "/permits/", "/authorities/"])
def test_every_collection_page_does_the_same(client, path):
    response = client.get(path, {"page": "0"})
    assert response.status_code == 302
    assert response["Location"] == path


def test_past_the_count_cap_a_huge_page_redirects_too(client, monkeypatch):
    # Past the cap the last page is unknown; a huge offset must not reach SQL.
    monkeypatch.setattr(CappedPaginator, "count_cap", 1)
    monkeypatch.setattr(PenaltyListView, "paginate_by", 1)
    make_penalty()
    make_penalty()
    assert client.get("/penalties/", {"page": "2"}).status_code == 200
    for page in (HUGE, "9999999999", "3"):
        response = client.get("/penalties/", {"page": page})
        assert response.status_code == 302, page
        assert response["Location"] == "/penalties/"


def test_last_still_names_the_last_page(client):
    make_penalty()
    assert client.get("/penalties/", {"page": "last"}).status_code == 200
