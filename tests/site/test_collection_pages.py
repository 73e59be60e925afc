"""Collection pages as journalists use them: clean addresses, filters, sorting."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest

from tests.factories import make_authority, make_penalty, make_region

pytestmark = pytest.mark.django_db


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class TestEmptyParameters:
    def test_a_form_sent_with_empty_fields_redirects_to_a_clean_address(self, client):
        response = client.get(
            "/penalties/?region=&authority=&kind=&fine_min=&fine_max=5&sort=&page="
        )
        assert response.status_code == 302
        assert response["Location"] == "/penalties/?fine_max=5"

    def test_all_empty_leaves_the_bare_path(self, client):
        response = client.get("/en/entities/?q=&counterpart=&sort=")
        assert response.status_code == 302
        assert response["Location"] == "/en/entities/"

    def test_an_address_without_empty_fields_is_served(self, client):
        assert client.get("/penalties/?fine_max=5").status_code == 200


class TestChosenFilters:
    def test_each_filter_in_use_is_named_with_a_link_that_removes_it(self, client):
        region = make_region(code="330100", name="杭州市")
        make_penalty(region_code="330100", fine_amount=Decimal("2"))
        html = _html(client, f"/penalties/?region={region.code}&fine_min=1&sort=-fine")
        chips = re.search(r'<div class="chosen-filters">.*?</div>', html, re.S).group(0)
        assert "地区：杭州市" in chips
        assert "罚款金额（万元）：1 – …" in chips
        # Removing one keeps the others and the sort order.
        assert 'href="/penalties/?fine_min=1&amp;sort=-fine"' in chips
        assert 'href="/penalties/?region=330100&amp;sort=-fine"' in chips
        assert "（已选 2 项）" in html

    def test_the_panel_is_folded_unless_a_filter_is_wrong(self, client):
        assert '<details class="filter-panel" id="filters" data-open-wide>' in _html(
            client, "/penalties/"
        )
        html = _html(client, "/penalties/?fine_min=lots")
        assert '<details class="filter-panel" id="filters" open data-open-wide>' in html

    def test_no_chips_without_filters(self, client):
        assert "chosen-filters" not in _html(client, "/penalties/?sort=-fine")


class TestSortableHeaders:
    def test_a_header_sorts_and_a_second_click_reverses(self, client):
        make_penalty(fine_amount=Decimal("1"))
        html = _html(client, "/penalties/?region=330100&page=1")
        # Amounts and dates sort largest and newest first; the page is dropped.
        assert 'href="?region=330100&amp;sort=-fine"' in html
        assert 'href="?region=330100&amp;sort=-decided"' in html
        html = _html(client, "/penalties/?sort=-fine")
        header = re.search(
            r'<th scope="col" class="num" aria-sort="descending">.*?</th>', html, re.S
        )
        assert header and 'href="?sort=fine"' in header.group(0)
        html = _html(client, "/penalties/?sort=fine")
        assert 'aria-sort="ascending"' in html and 'href="?sort=-fine"' in html

    def test_names_sort_a_to_z_first(self, client):
        html = _html(client, "/entities/")
        assert 'href="?sort=name"' in html


class TestOneUnitForFines:
    """Fines read in 万元 with separators, as the filter, files and API count them."""

    @pytest.fixture
    def penalty(self, db):
        authority = make_authority(name="杭州市市场监督管理局")
        return make_penalty(authority=authority, fine_amount=Decimal("1234.5"))

    def test_table_and_record_page(self, client, penalty):
        html = _html(client, "/penalties/")
        assert "罚款金额（万元）" in html
        assert '<td class="num" data-label="罚款金额（万元）">1,234.5</td>' in html
        assert "1,234.5 万元" in _html(client, penalty.get_absolute_url())
        english = _html(client, "/en" + penalty.get_absolute_url())
        assert "1,234.5 × 10,000 yuan" in english
        assert "1,234.5</td>" in _html(client, "/en/penalties/")

    def test_the_filter_counts_in_the_same_unit(self, client, penalty):
        assert penalty.decision_number in _html(client, "/penalties/?fine_min=1234.5")
        assert penalty.decision_number not in _html(client, "/penalties/?fine_min=1235")

    def test_files_and_api_carry_the_same_number(self, client, penalty):
        api = client.get("/api/v1/penalties/").json()["results"][0]
        assert Decimal(str(api["fine_amount"])) == Decimal("1234.5")
        csv_text = b"".join(client.get("/penalties/?format=csv").streaming_content)
        assert b"1234.5" in csv_text
        response = client.get("/penalties/?format=xlsx")
        content = b"".join(response.streaming_content)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        assert sheet.cell(2, header.index("fine_amount") + 1).value == 1234.5
