"""Every public page: status, content, and a pinned number of queries."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import make_permit

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


class TestHome:
    def test_home_shows_counts_latest_and_entry_points(
        self, client, world, django_assert_num_queries
    ):
        with django_assert_num_queries(8):
            html = _get(client, "/")
        assert 'action="/entities/"' in html
        assert world["penalties"][0].decision_number in html
        assert world["list"].get_absolute_url() in html
        assert 'lang="zh-Hans"' in html

    def test_english_under_en(self, client, world):
        html = _get(client, "/en/")
        assert 'lang="en"' in html
        assert "Look up an entity" in html


class TestEntityFile:
    def test_company_file(self, client, world, django_assert_num_queries):
        company = world["company"]
        # Entity, former names, lists, penalties, permits, withdrawn records,
        # open appeals on what is shown, repaired listings for the summary, and
        # published inspection results.
        with django_assert_num_queries(9):
            html = _get(client, company.get_absolute_url())
        assert company.get_absolute_url() == "/entities/9144030071526726XG/"
        for penalty in world["penalties"]:
            assert penalty.decision_number in html
        for permit in world["permits"]:
            assert permit.decision_number in html
        # Withdrawn: marked, with its reason, and without its content.
        assert world["withdrawn"].decision_number in html
        assert "这段违法事实已被撤回" not in html
        # Expired and draft penalties are not shown.
        assert world["expired"].decision_number not in html
        assert world["draft"].decision_number not in html

    def test_person_file_masks_name_and_number(self, client, world):
        person = world["person"]
        assert person.key.startswith("p")
        html = _get(client, person.get_absolute_url())
        assert "110101199003074477" not in html
        assert "1101011990****4477" in html
        assert "张**" in html and "张三丰" not in html
        # Current list membership with its measures.
        assert world["list"].name in html
        assert "限制乘坐飞机" in html

    def test_a_persons_former_names_are_not_shown(self, client, world):
        # They would give away the given name that the page masks.
        person = world["person"]
        person.former_names = ["张三"]
        person.save()
        html = _get(client, person.get_absolute_url())
        assert "张三" not in html

    def test_unknown_key_is_a_friendly_404(self, client, db):
        response = client.get("/entities/nope/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<h1>页面没有找到</h1>" in html
        assert 'href="/entities/"' in html  # a way on from the dead end


class TestRecords:
    def test_penalty_page(self, client, world, django_assert_num_queries):
        penalty = world["penalties"][0]
        # The record with its counterpart and authority, its history, and
        # whether a case about it is open ("under appeal").
        with django_assert_num_queries(3):
            html = _get(client, penalty.get_absolute_url())
        assert "2,000" in html or "2000" in html  # fine in yuan
        assert "0.2" in html  # and in 10,000 yuan
        assert penalty.public_until.isoformat() in html
        assert penalty.repair_from.isoformat() in html
        assert f"/appeals/new/?record=penalty:{penalty.pk}" in html

    def test_permit_page(self, client, world, django_assert_num_queries):
        permit = world["permits"][0]
        with django_assert_num_queries(3):
            html = _get(client, permit.get_absolute_url())
        assert permit.content in html

    def test_withdrawn_penalty_shows_only_the_withdrawal(self, client, world):
        response = client.get(world["withdrawn"].get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 410
        assert world["withdrawn"].decision_number in html
        assert "这段违法事实已被撤回" not in html
        assert "信用修复" in html  # the reason, translated

    def test_expired_penalty_says_when_publicity_ended(self, client, world):
        response = client.get(world["expired"].get_absolute_url())
        assert response.status_code == 410
        html = response.content.decode()
        assert world["expired"].public_until.isoformat() in html
        assert "这段违法事实已过公示期" not in html

    def test_draft_is_not_found(self, client, world):
        assert client.get(world["draft"].get_absolute_url()).status_code == 404


class TestCollections:
    @pytest.mark.parametrize(
        ("url", "queries"),
        [("/penalties/", 4), ("/permits/", 4), ("/entities/", 4), ("/authorities/", 4)],
    )
    def test_collection_pages(
        self, client, world, url, queries, django_assert_num_queries
    ):
        with django_assert_num_queries(queries):
            _get(client, url)

    def test_lists_index_and_detail(self, client, world, django_assert_num_queries):
        with django_assert_num_queries(1):
            html = _get(client, "/lists/")
        assert world["list"].name in html
        with django_assert_num_queries(6):
            html = _get(client, world["list"].get_absolute_url())
        assert world["list"].legal_basis in html
        assert "限制乘坐飞机" in html
        assert "张**" in html

    def test_authority_pages(self, client, world, django_assert_num_queries):
        # One of them reads the state of the timeliness statistics (portal.cities).
        with django_assert_num_queries(7):
            html = _get(client, world["authority"].get_absolute_url())
        assert world["penalties"][0].decision_number in html


class TestLanguage:
    def test_browser_preferring_english_is_sent_to_english(self, client, db):
        response = client.get(
            "/penalties/?page=2", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
        )
        assert response.status_code == 302
        assert response["Location"] == "/en/penalties/?page=2"

    def test_browser_preferring_chinese_stays(self, client, db):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
        assert response.status_code == 200

    def test_explicit_choice_wins_over_the_browser(self, client, db):
        response = client.post(
            reverse("set_language"), {"language": "zh-hans", "next": "/penalties/"}
        )
        assert response.status_code == 302
        response = client.get("/penalties/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200

    def test_switcher_on_every_page_points_to_the_twin(self, client, world):
        html = _get(client, world["company"].get_absolute_url())
        assert 'name="language" value="en"' in html
        assert f'value="/en{world["company"].get_absolute_url()}"' in html


class TestHeadersAndRobots:
    def test_security_headers(self, client, world):
        response = client.get("/")
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"

    def test_no_inline_script_or_style(self, client, world):
        html = _get(client, world["company"].get_absolute_url())
        assert "<script" not in html
        assert "style=" not in html

    def test_robots_and_sitemaps(self, client, world):
        robots = _get(client, "/robots.txt")
        assert "Sitemap: http://testserver/sitemap.xml" in robots
        index = _get(client, "/sitemap.xml")
        assert "sitemap-penalties.xml" in index
        penalties = _get(client, "/sitemap-penalties.xml")
        assert world["penalties"][0].get_absolute_url() in penalties
        assert world["withdrawn"].get_absolute_url() not in penalties
        entities = _get(client, "/sitemap-entities.xml")
        assert "/en/entities/" in entities


class TestPaging:
    """Past 1,000 matches the count stops and paging goes on by next links."""

    def test_capped_count(self, client, world, settings, monkeypatch):
        from portal.core.pagination import CappedPaginator

        monkeypatch.setattr(CappedPaginator, "count_cap", 2)
        for n in range(60):
            make_permit(
                entity=world["company"],
                authority=world["authority"],
                decision_number=f"浙许〔2026〕{n}号",
            )
        html = _get(client, "/en/permits/?page=2")
        assert "more than 2 results" in html
        assert "page=3" in html  # a next link although the count stopped
        assert ">Last<" not in html
        # Past the last page: the first page (tests/core/test_listing.py).
        assert client.get("/en/permits/?page=99")["Location"] == "/en/permits/"

    def test_exact_count_below_the_cap(self, client, world):
        html = _get(client, "/en/penalties/")
        assert "3 results" in html


class TestIdNumbersStayPrivate:
    FULL = "110101199003074477"

    def test_search_by_full_id_number_redirects_to_its_hash(self, client, world):
        response = client.get(f"/entities/?q={self.FULL}")
        assert response.status_code == 302
        assert self.FULL not in response["Location"]
        assert "id_hash=" in response["Location"]
        html = _get(client, response["Location"])
        assert world["person"].get_absolute_url() in html
        assert "1101011990****4477" in html
        assert self.FULL not in html

    def test_legacy_number_finds_the_person_too(self, client, world):
        response = client.get("/entities/?q=110101900307447")
        html = _get(client, response["Location"])
        assert world["person"].get_absolute_url() in html

    def test_no_public_page_shows_the_full_number(self, client, world):
        person, entry = world["person"], world["entry"]
        pages = [
            "/",
            "/en/",
            "/entities/",
            "/entities/?q=张",
            person.get_absolute_url(),
            "/en" + person.get_absolute_url(),
            world["list"].get_absolute_url(),
            entry.authority.get_absolute_url(),
            "/penalties/",
            "/permits/",
            "/lists/",
            "/sitemap-entities.xml",
        ]
        for url in pages:
            html = _get(client, url)
            assert self.FULL not in html, url
            assert self.FULL[:14] not in html, url  # not even the birth date part


@pytest.mark.django_db
def test_every_page_has_an_icon_and_favicon_ico_finds_it(client):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "the page names no icon"

    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301
    assert redirect["Location"] == icon.group(1)
    # Served by whitenoise from the collected files in production; here, found
    # where collectstatic finds it.
    found = finders.find(icon.group(1).removeprefix(settings.STATIC_URL))
    assert found and "<svg" in Path(found).read_text()
