"""Every read-only collection: items, filters, paging to the end, fields, errors."""

import json

import pytest

from portal.disclosures.models import Penalty, Permit
from portal.opendata.datasets import DATASETS
from portal.registry.models import Authority, Entity, Region
from tests.api.conftest import PERSON_ID, REPRESENTATIVE_ID, walk
from tests.api.errors import api_error

pytestmark = pytest.mark.django_db

COLLECTIONS = {
    "entities": lambda: Entity.objects.all(),
    "permits": lambda: Permit.objects.public(),
    "penalties": lambda: Penalty.objects.public(),
    "authorities": lambda: Authority.objects.all(),
    "regions": lambda: Region.objects.all(),
}


# Datasets the API serves as nested JSON at another path (random inspections:
# tests/api/test_inspections.py), downloading their rows with ?format=.
NESTED = {
    "inspection-plans": "inspections/plans",
    "inspection-results": "inspections/results",
}


@pytest.mark.parametrize("name", [name for name in DATASETS if name not in NESTED])
def test_every_collection_pages_to_the_end_without_gaps(api, data, name):
    rows, pages = walk(api, f"/api/v1/{name}/", {"page_size": 2})
    expected = DATASETS[name].base().count()
    assert expected > 0
    assert len(rows) == expected
    assert len({row["id"] for row in rows}) == expected
    assert pages == -(-expected // 2)  # no empty page at the end
    assert set(rows[0]) == set(DATASETS[name].column_names)


def test_default_order_is_the_pages_order(api, data):
    rows, _pages = walk(api, "/api/v1/penalties/", {"page_size": 3})
    assert [row["id"] for row in rows] == list(
        Penalty.objects.public().values_list("pk", flat=True)
    )


@pytest.mark.parametrize("sort", ["-fine", "fine", "decided", "-published"])
def test_sorted_pages_follow_the_sort_with_empty_values_last(api, data, sort):
    rows, _pages = walk(api, "/api/v1/penalties/", {"sort": sort, "page_size": 2})
    fines = [row["fine_amount"] for row in rows]
    assert len(rows) == Penalty.objects.public().count()
    if sort in ("-fine", "fine"):
        given = [fine for fine in fines if fine is not None]
        assert given == sorted(given, reverse=sort.startswith("-"))
        # Empty values last in both directions.
        assert fines[-1] is None and fines[0] is not None


def test_count_is_given_only_when_asked(api, data):
    assert "count" not in api.get("/api/v1/penalties/").json()
    body = api.get("/api/v1/penalties/", {"count": "true", "region": "330100"}).json()
    assert (
        body["count"] == Penalty.objects.public().filter(region_code="330100").count()
    )


def test_filters_narrow_and_combine(api, data):
    body = api.get(
        "/api/v1/penalties/", {"region": "330000", "fine_min": "0.3", "fine_max": "0.6"}
    ).json()
    fines = sorted(row["fine_amount"] for row in body["results"])
    assert fines == [0.3, 0.4, 0.5, 0.6]
    body = api.get("/api/v1/penalties/", {"category": "warning"}).json()
    assert {row["id"] for row in body["results"]} == {
        p.pk for p in Penalty.objects.public().with_category("warning")
    }
    body = api.get("/api/v1/list-entries/", {"status": "removed"}).json()
    assert [row["id"] for row in body["results"]] == [data["entries"]["removed"].pk]
    body = api.get("/api/v1/regions/", {"parent": "330000"}).json()
    assert {row["code"] for row in body["results"]} == {"330100", "330200"}
    body = api.get("/api/v1/measures/", {"list": "dishonest-persons"}).json()
    assert len(body["results"]) == 2


def test_field_selection(api, data):
    body = api.get("/api/v1/penalties/", {"fields": "id,decision_number"}).json()
    assert all(set(row) == {"id", "decision_number"} for row in body["results"])
    item = api.get(
        f"/api/v1/penalties/{data['penalties'][0].pk}/", {"fields": "fine_amount"}
    ).json()
    assert item == {"fine_amount": None}


def test_item_has_a_stable_url_and_id(api, data):
    penalty = data["penalties"][3]
    item = api.get(f"/api/v1/penalties/{penalty.pk}/").json()
    assert item["id"] == penalty.pk
    assert item["url"] == penalty.get_absolute_url()
    assert item["decision_number"] == penalty.decision_number
    assert item["fine_amount"] == 0.3
    assert item["categories"] == ["fine"]
    region = api.get("/api/v1/regions/330100/").json()
    assert region["name"] == "杭州市" and region["parent_code"] == "330000"
    listed = api.get("/api/v1/lists/dishonest-persons/").json()
    assert listed["url"] == data["list"].get_absolute_url()


def test_removed_records_answer_gone_and_drafts_not_found(api, data):
    error = api_error(api.get(f"/api/v1/penalties/{data['withdrawn'].pk}/"), 410)
    assert error["code"] == "withdrawn"
    expired = api_error(api.get(f"/api/v1/penalties/{data['expired'].pk}/"), 410)
    assert expired["code"] == "publicity_ended"
    draft = api_error(api.get(f"/api/v1/penalties/{data['draft'].pk}/"), 404)
    assert draft["code"] == "not_found"
    listed = {row["id"] for row in walk(api, "/api/v1/penalties/")[0]}
    hidden = {data["withdrawn"].pk, data["expired"].pk, data["draft"].pk}
    assert not listed & hidden


def test_personal_data_is_masked_as_on_the_pages(api, data, client):
    person = data["person"]
    item = api.get(f"/api/v1/entities/{person.pk}/").json()
    assert item["name"] == "张**"
    assert item["id_number_masked"] == "1101011990****4477"
    assert item["former_names"] == []
    assert item["url"] == person.get_absolute_url()
    company = api.get(f"/api/v1/entities/{data['company'].pk}/").json()
    assert company["legal_representative"] == "王伟"
    assert company["former_names"] == ["杭州华信科技公司"]
    entry = api.get(f"/api/v1/list-entries/{data['entries']['person'].pk}/").json()
    assert entry["entity_name"] == "张**"
    assert entry["entity_code"] == "1101011990****4477"
    # Whatever the endpoint or format, full ID numbers and hidden names never leave.
    page = client.get(person.get_absolute_url()).content.decode()
    assert "张**" in page and "张三丰" not in page
    for url in [
        "/api/v1/entities/",
        "/api/v1/list-entries/",
        "/api/v1/penalties/",
        "/api/v1/entities/?format=csv",
        "/api/v1/penalties/?format=jsonl",
        f"/api/v1/entities/?q={PERSON_ID}",
    ]:
        response = api.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode()
        assert PERSON_ID not in body and REPRESENTATIVE_ID not in body, url
        assert "张三丰" not in body and "张君宝" not in body, url
        assert person.id_hash not in body and "legal_rep_id" not in body, url


def test_a_full_id_number_finds_the_person(api, data):
    body = api.get("/api/v1/entities/", {"q": PERSON_ID}).json()
    assert [row["id"] for row in body["results"]] == [data["person"].pk]


class TestErrors:
    def test_unknown_parameter_is_named(self, api, data):
        error = api_error(api.get("/api/v1/penalties/", {"colour": "red"}), 400)
        assert error["code"] == "unknown_parameter"
        assert "colour" in error["message"] and "colour" in error["details"]

    @pytest.mark.parametrize(
        ("params", "name"),
        [
            ({"fine_min": "lots"}, "fine"),
            # Finer or larger than the column: the schema's pattern refuses it.
            ({"fine_min": "-6.103515625e-05"}, "fine"),
            ({"fine_max": "1234567890123"}, "fine"),
            ({"decided_after": "2025-13-45"}, "decided"),
            ({"region": "999999"}, "region"),
            ({"category": "flogging"}, "category"),
            ({"sort": "name"}, "sort"),
            ({"state": "withdrawn"}, "state"),
        ],
    )
    def test_malformed_value_is_named(self, api, data, params, name):
        error = api_error(api.get("/api/v1/penalties/", params), 400)
        assert error["code"] == "invalid"
        assert list(error["details"]) == [name]
        assert name in error["message"]

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({"fields": "id,password"}, "unknown_field"),
            ({"cursor": "not-a-cursor"}, "invalid_cursor"),
            ({"page_size": "0"}, "invalid"),
            ({"page_size": "5000"}, "invalid"),
            ({"count": "maybe"}, "invalid"),
            ({"format": "pdf"}, "invalid_format"),
        ],
    )
    def test_other_bad_parameters(self, api, data, params, code):
        assert api_error(api.get("/api/v1/penalties/", params), 400)["code"] == code

    def test_a_cursor_from_another_sort_is_refused(self, api, data):
        first = api.get("/api/v1/penalties/", {"page_size": 1}).json()
        cursor = first["next"].split("cursor=")[1]
        error = api_error(
            api.get(
                "/api/v1/penalties/",
                {"page_size": 1, "sort": "-fine", "cursor": cursor},
            ),
            400,
        )
        assert error["code"] == "invalid_cursor"

    def test_a_missing_slash_is_added(self, api, data):
        response = api.get("/api/v1/penalties?page_size=1")
        assert response.status_code == 301
        assert response["Location"] == "/api/v1/penalties/?page_size=1"

    def test_writes_are_not_allowed(self, api, data):
        response = api.post("/api/v1/penalties/", {}, format="json")
        assert api_error(response, 405)["code"] == "method_not_allowed"

    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/entities/999999/",
            "/api/v1/entities/abc/",
            "/api/v1/lists/none/",
            "/api/v1/regions/999999/",
        ],
    )
    def test_unknown_address(self, api, data, path):
        assert api_error(api.get(path), 404)["code"] == "not_found"

    def test_messages_follow_the_language(self, api, data):
        error = api_error(
            api.get("/api/v1/penalties/", {"fine_min": "x"}, HTTP_ACCEPT_LANGUAGE="en"),
            400,
        )
        assert error["details"]["fine"] == ["Enter a number."]


def test_root_lists_every_endpoint(api, data):
    body = api.get("/api/v1/").json()
    for name in [*DATASETS, "search", "credit-check"]:
        path = NESTED.get(name, name)
        assert body["endpoints"][path].endswith(f"/api/v1/{path}/")
    # The statistics and the officials' records are under the same router.
    for name in ("cities/batches", "statistics/cities", "publishing/penalties"):
        assert body["endpoints"][name].endswith(f"/api/v1/{name}/")
    assert json.dumps(body)


def test_django_404s_inside_api_views_keep_the_error_shape(api, db):
    # Views that raise Django's Http404 (get_object_or_404) answer like the rest.
    error = api_error(api.get("/api/v1/cities/batches/99/"), 404)
    assert error["code"] == "not_found"
