"""One router, one kind of collection: every list endpoint of /api/v1/ pages,
narrows, downloads and refuses alike, and answers errors in one shape.

The cities, the statistics and the officials' records were once mounted apart
with DRF's own paging, without `?fields=` or `?format=`; these tests hold every
endpoint of the router to the same contract.
"""

import csv
import io

import pytest

from portal.api.routes import router
from portal.opendata.datasets import INSPECTION_PLANS, INSPECTION_RESULTS
from tests.api.conftest import walk
from tests.api.errors import api_error
from tests.api_tokens import issue
from tests.cities.factories import (
    make_average,
    make_summary,
    make_summary_state,
)
from tests.factories import make_batch, make_designation
from tests.inspections.world import inspection_world
from tests.publishing.factories import make_official

pytestmark = pytest.mark.django_db

# Collections whose JSON says more than a row (items, files, history): their
# downloads hold the rows of these open-data datasets.
NESTED = {
    "inspections/plans": INSPECTION_PLANS,
    "inspections/results": INSPECTION_RESULTS,
}
# Every public collection, by its path under /api/v1/.
COLLECTIONS = [
    "entities",
    "authorities",
    "regions",
    "permits",
    "penalties",
    "lists",
    "list-entries",
    "measures",
    "cities/batches",
    "cities/designations",
    "statistics/cities",
    "statistics/cities/330100",
    "statistics/authorities",
    "statistics/averages",
    *NESTED,
]
# The officials' records: token, paging, strictness, no downloads.
OFFICIALS = ["publishing/permits", "publishing/penalties"]
# Not collections: a query with facets, and a POST.
OTHERS = ["search", "credit-check"]


@pytest.fixture
def inspections(db):
    """Random inspections, built before the records: a plan's pool takes every
    entity of its region then, and the records' entities are not in its strata."""
    return inspection_world()


@pytest.fixture
def world(inspections, data):
    """The API tests' records, statistics of a demonstration city, and random
    inspections."""
    hangzhou = data["regions"]["hangzhou"]
    make_designation(batch=make_batch(number=1), region=hangzhou)
    make_designation(batch=make_batch(number=2), region=data["regions"]["ningbo"])
    make_summary_state(periods=["2025Q1", "2024Q4", "2025", "2024"])
    for period in ("2025Q1", "2024Q4", "2025"):
        make_summary(region=hangzhou, period=period, missing={"XK_NR": 1})
        make_summary(region=data["regions"]["ningbo"], period=period)
        make_summary(subject="authority", authority=data["hz"], period=period)
        make_summary(subject="authority", authority=data["nb"], period=period)
    make_average(group="demonstration")
    make_average(group="all_cities")
    return data


def _url(path: str) -> str:
    return f"/api/v1/{path}/"


def _first_page(api, path, **params) -> dict:
    response = api.get(_url(path), params)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert set(body) == {"next", "results"}, body
    assert body["results"], f"{path} has no rows to test with"
    return body


def _registered(prefix: str) -> bool:
    return "(" not in prefix  # a prefix with a path parameter is no fixed address


def test_the_router_holds_every_endpoint_and_nothing_else():
    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert prefixes == {
        *(p for p in COLLECTIONS if p != "statistics/cities/330100"),
        "statistics/cities/(?P<code>[0-9]{6})",
        *OFFICIALS,
        *OTHERS,
    }


def test_the_root_lists_every_endpoint_of_the_router(api, world):
    body = api.get("/api/v1/").json()
    fixed = [p for p, _v, _b in router.registry if _registered(p)]
    assert set(body["endpoints"]) == set(fixed)
    for prefix in fixed:
        assert body["endpoints"][prefix] == f"http://localhost/api/v1/{prefix}/"
    assert body["schema"].endswith("/api/schema/")
    assert body["docs"].endswith("/api/docs/")


@pytest.mark.parametrize("path", COLLECTIONS)
class TestEveryCollection:
    def test_pages_follow_the_next_link_to_the_end(self, api, world, path):
        everything = _first_page(api, path, page_size=1000)["results"]
        rows, pages = walk(api, _url(path), {"page_size": 1})
        assert rows == everything
        assert pages == len(everything)
        counted = api.get(_url(path), {"count": "true"}).json()
        assert counted["count"] == len(everything)

    def test_fields_narrow_every_row(self, api, world, path):
        names = list(_first_page(api, path)["results"][0])[1:3]
        body = _first_page(api, path, fields=",".join(names))
        assert all(list(row) == names for row in body["results"])

    def test_an_unknown_field_is_a_400_naming_the_known_ones(self, api, world, path):
        names = list(_first_page(api, path)["results"][0])
        error = api_error(
            api.get(_url(path), {"fields": "flavour"}, HTTP_ACCEPT_LANGUAGE="en"), 400
        )
        assert error["code"] == "unknown_field"
        assert error["details"] == {"fields": ["flavour"]}
        assert ", ".join(names) in error["message"]

    @pytest.mark.parametrize(
        ("fmt", "content_type"),
        [
            ("csv", "text/csv"),
            ("jsonl", "application/jsonl"),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ],
    )
    def test_format_downloads_the_whole_selection(
        self, api, world, path, fmt, content_type
    ):
        rows = _first_page(api, path, page_size=1000)["results"]
        response = api.get(_url(path), {"format": fmt, "page_size": 1})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert "attachment" in response["Content-Disposition"]
        if fmt != "csv":
            return
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, *lines = list(csv.reader(io.StringIO(text)))
        expected = NESTED[path].column_names if path in NESTED else list(rows[0])
        assert header == expected
        assert len(lines) == len(rows)

    def test_an_unknown_format_is_a_400_listing_the_formats(self, api, world, path):
        error = api_error(
            api.get(_url(path), {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en"), 400
        )
        assert error["code"] == "invalid_format"
        assert "csv, jsonl, xlsx" in error["message"]

    def test_an_unknown_parameter_is_a_400_naming_it(self, api, world, path):
        error = api_error(
            api.get(_url(path), {"flavour": "red"}, HTTP_ACCEPT_LANGUAGE="en"), 400
        )
        assert error["code"] == "unknown_parameter"
        assert list(error["details"]) == ["flavour"]

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({"cursor": "garbage"}, "invalid_cursor"),
            ({"page_size": "0"}, "invalid"),
            ({"count": "maybe"}, "invalid"),
        ],
    )
    def test_bad_paging_is_a_400(self, api, world, path, params, code):
        assert api_error(api.get(_url(path), params), 400)["code"] == code


@pytest.mark.parametrize(
    ("path", "params", "name", "valid"),
    [
        ("statistics/cities", {"sort": "zzz"}, "sort", "city, -city"),
        ("statistics/cities", {"batch": "9"}, "batch", "any, none, 1, 2"),
        ("statistics/averages", {"group": "x"}, "group", "demonstration"),
        ("statistics/authorities", {"kind": "x"}, "kind", "market_regulation"),
        ("statistics/cities", {"period": "1999Q1"}, "period", "2025Q1, 2024Q4"),
    ],
)
def test_a_bad_value_lists_the_valid_ones(api, world, path, params, name, valid):
    error = api_error(api.get(_url(path), params, HTTP_ACCEPT_LANGUAGE="en"), 400)
    assert error["code"] == "invalid"
    assert valid in " ".join(error["details"][name])


@pytest.fixture
def official_api(api, world):
    official = make_official(authority=world["hz"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue(official.user).key}")
    return api


@pytest.mark.parametrize("path", OFFICIALS)
class TestTheOfficialsRecords:
    def test_pages_like_every_collection(self, official_api, world, path):
        rows, pages = walk(official_api, _url(path), {"page_size": 1})
        kind = "permits" if path.endswith("permits") else "penalties"
        mine = [r for r in world[kind] if r.authority_id == world["hz"].pk]
        if kind == "penalties":
            mine += [world["withdrawn"], world["expired"], world["draft"]]
        assert sorted(row["id"] for row in rows) == sorted(r.pk for r in mine)
        assert [row["id"] for row in rows] == sorted(r.pk for r in mine)[::-1]
        assert pages == len(mine)
        body = official_api.get(_url(path), {"count": "true"}).json()
        assert body["count"] == len(mine)

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({"flavour": "red"}, "unknown_parameter"),
            ({"page": "2"}, "unknown_parameter"),
            ({"cursor": "garbage"}, "invalid_cursor"),
            ({"page_size": "0"}, "invalid"),
            ({"state": "lost"}, "invalid"),
        ],
    )
    def test_refuses_like_every_collection(self, official_api, path, params, code):
        assert api_error(official_api.get(_url(path), params), 400)["code"] == code

    def test_a_bad_state_lists_the_valid_ones(self, official_api, path):
        error = api_error(official_api.get(_url(path), {"state": "lost"}), 400)
        assert "published" in " ".join(error["details"]["state"])

    def test_filters_by_state_and_number(self, official_api, world, path):
        body = official_api.get(_url(path), {"state": "withdrawn"}).json()
        expected = [world["withdrawn"].pk] if path.endswith("penalties") else []
        assert [row["id"] for row in body["results"]] == expected


@pytest.fixture
def schema(api):
    return api.get("/api/schema.json").json()


def test_the_officials_api_is_tagged_apart(schema):
    for path, item in schema["paths"].items():
        for operation in item.values():
            tagged = operation["tags"] == ["Officials' API"]
            assert tagged == path.startswith("/api/v1/publishing/"), path


@pytest.mark.parametrize(
    "path",
    [
        "cities/batches",
        "cities/designations",
        "statistics/cities",
        "statistics/cities/{code}",
        "statistics/authorities",
        "statistics/averages",
    ],
)
def test_the_statistics_document_fields_and_downloads(schema, path):
    operation = schema["paths"][_url(path)]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"cursor", "page_size", "count", "fields", "format"} <= parameters
    assert "text/csv" in operation["responses"]["200"]["content"]
