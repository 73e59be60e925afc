"""Categories are counted and offered per kind of record: each kind has its own."""

import pytest

from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.search import indexing
from portal.search.backends.database import DatabaseBackend
from portal.search.query import parse_query
from tests.factories import make_company, make_penalty, make_permit

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(db):
    company = make_company(name="杭州华信网络科技有限公司")
    make_penalty(entity=company, categories=[PenaltyCategory.OTHER], fine_amount=None)
    make_penalty(
        entity=company, categories=[PenaltyCategory.WARNING, PenaltyCategory.FINE]
    )
    make_permit(entity=company, category=PermitCategory.OTHER, category_other="备案")
    indexing.rebuild()
    return company


def _counts(values):
    return {value.value: value.count for value in values}


def test_the_database_backend_counts_categories_per_kind(mixed):
    results = DatabaseBackend().search(parse_query({"q": "华信"}))
    assert _counts(results.categories_by_kind["penalty"]) == {
        "other": 1,
        "warning": 1,
        "fine": 1,
    }
    assert _counts(results.categories_by_kind["permit"]) == {"other": 1}
    assert _counts(results.categories_by_kind["entity"]) == {"organisation": 1}
    # The API's mixed facet stays as it was.
    assert _counts(results.facets["category"])["other"] == 2


def _group_titles(html: str) -> list[str]:
    facets = html.split('id="facets"')[1]
    return [part.split("</h3>")[0] for part in facets.split("<h3>")[1:]]


def test_the_page_offers_a_category_group_per_kind_present(client, mixed):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    titles = _group_titles(html)
    assert "Penalty category" in titles
    assert "Permit category" in titles
    assert "Counterpart category" in titles
    assert "Category" not in titles  # the mixed one is gone
    assert "List type" not in titles  # no list entry matched


def test_a_category_link_narrows_to_its_kind(client, mixed):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    facets = html.split('id="facets"')[1]
    permit_group = facets.split("Permit category</h3>")[1].split("</section>")[0]
    assert "kind=permit&amp;category=other" in permit_group
    penalty_group = facets.split("Penalty category</h3>")[1].split("</section>")[0]
    assert "kind=penalty&amp;category=other" in penalty_group


def test_the_chosen_category_is_marked_only_in_its_kind(client, mixed):
    html = client.get(
        "/en/search/", {"q": "华信", "kind": "permit", "category": "other"}
    ).content.decode()
    facets = html.split('id="facets"')[1]
    permit_group = facets.split("Permit category</h3>")[1].split("</section>")[0]
    assert 'aria-current="true"' in permit_group
    assert "Penalty category" not in facets  # no penalty is left


def test_the_facets_come_after_the_hits_and_the_count_links_to_them(client, mixed):
    html = client.get("/en/search/", {"q": "华信"}).content.decode()
    main = html.split("<main")[1]
    form, count, hits, facets = (
        main.index('role="search"'),
        main.index('class="result-count"'),
        main.index('<ol class="hits"'),
        main.index('id="facets"'),
    )
    assert form < count < hits < facets
    assert 'href="#facets"' in main[count:hits]
    assert "css/search.css" in html


def test_the_filter_link_is_translated(client, mixed):
    html = client.get("/search/", {"q": "华信"}).content.decode()
    assert "筛选结果" in html
    assert "处罚类别" in html and "许可类别" in html


def test_choosing_another_kind_drops_the_category(client, mixed):
    html = client.get(
        "/en/search/", {"q": "华信", "kind": "penalty", "category": "warning"}
    ).content.decode()
    kinds = html.split('id="facets"')[1].split("Type</h3>")[1].split("</section>")[0]
    assert "?q=%E5%8D%8E%E4%BF%A1&amp;kind=penalty" in kinds
    assert "category=" not in kinds
    # What is chosen is shown above the hits, each with a way to remove it.
    chosen = html.split('class="chosen-filters"')[1].split("</ul>")[0]
    assert "Type: Penalties" in chosen and "Penalty category: Warning" in chosen
