"""The OpenAPI schema validates, describes every filter, and its docs page loads."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from openapi_spec_validator import validate

from portal.api.creditlists.views import (
    CreditListViewSet,
    ListEntryViewSet,
    MeasureViewSet,
)
from portal.api.disclosures.views import PenaltyViewSet, PermitViewSet
from portal.api.filters import parameter_names
from portal.api.inspections.views import PlanViewSet, ResultViewSet
from portal.api.registry.views import AuthorityViewSet, EntityViewSet, RegionViewSet
from portal.api.search.views import PARAMETERS as SEARCH_PARAMETERS
from portal.api.views import LIST_PARAMETERS

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "entities": EntityViewSet,
    "authorities": AuthorityViewSet,
    "regions": RegionViewSet,
    "permits": PermitViewSet,
    "penalties": PenaltyViewSet,
    "lists": CreditListViewSet,
    "list-entries": ListEntryViewSet,
    "measures": MeasureViewSet,
    "inspections/plans": PlanViewSet,
    "inspections/results": ResultViewSet,
}


@pytest.fixture
def schema(api):
    response = api.get("/api/schema.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def officials_schema(api):
    response = api.get("/api/schema/officials.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(params=["/api/schema.json", "/api/schema/officials.json"])
def either_schema(api, request):
    return api.get(request.param).json()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("url", ["/api/schema.json", "/api/schema/officials.json"])
def test_each_schema_is_valid_openapi_3_in_each_language(api, url, language):
    schema = api.get(url, HTTP_ACCEPT_LANGUAGE=language).json()
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_is_generated_without_a_warning(tmp_path):
    # A warning (an endpoint drf-spectacular cannot describe, a name collision)
    # is a hole in the documentation, and `check --deploy` fails on it.
    call_command(
        "spectacular",
        "--file",
        str(tmp_path / "schema.yaml"),
        "--validate",
        "--fail-on-warn",
    )


def test_the_officials_push_and_the_statistics_are_described(schema, officials_schema):
    paths = officials_schema["paths"]
    for kind in ("permits", "penalties"):
        push = paths[f"/api/v1/publishing/{kind}/"]["post"]
        assert push["requestBody"] and {"200", "422"} <= set(push["responses"])
        assert f"/api/v1/publishing/{kind}/{{id}}/withdraw/" in paths
    assert "/api/v1/statistics/cities/{code}/" in schema["paths"]


def test_the_yaml_schema_of_officials_is_served_too(api):
    response = api.get("/api/schema/officials/")
    assert response.status_code == 200
    assert b"/api/v1/publishing/penalties/" in response.content


def test_the_yaml_schema_is_served_too(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


@pytest.mark.parametrize("name", list(VIEWSETS))
def test_every_filter_and_list_parameter_is_described(schema, name):
    operation = schema["paths"][f"/api/v1/{name}/"]["get"]
    described = {parameter["name"] for parameter in operation["parameters"]}
    expected = {*parameter_names(VIEWSETS[name].filterset_class), *LIST_PARAMETERS}
    assert expected <= described, expected - described
    assert "detail" not in operation["responses"]["200"]
    rows = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert rows["$ref"].startswith("#/components/schemas/")


def test_enumerations_and_types_come_from_the_models(schema):
    operation = schema["paths"]["/api/v1/penalties/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "fine" in parameters["category"]["schema"]["enum"]
    fine = parameters["fine_min"]["schema"]
    assert fine["type"] == "number" or fine.get("format") == "decimal"
    assert parameters["decided_after"]["schema"]["format"] == "date"
    assert parameters["region"]["schema"]["pattern"]
    row = schema["components"]["schemas"]["PenaltiesRow"]["properties"]
    assert row["decided_on"]["format"] == "date"
    assert row["fine_amount"]["type"] == "number"


def test_search_and_credit_check_are_described(schema):
    search = schema["paths"]["/api/v1/search/"]["get"]
    assert {p["name"] for p in search["parameters"]} >= set(SEARCH_PARAMETERS)
    assert "post" in schema["paths"]["/api/v1/credit-check/"]


def test_docs_page_uses_local_assets_and_no_inline_script(api, client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and "style=" not in html
    assert "/api/schema.json" in html
    for src in sources:
        assert finders.find(src.removeprefix("/static/")), src


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_documents_its_errors_in_the_one_shape(either_schema):
    schema = either_schema
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"error"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "429"}
        if "{" in path:
            expected.add("404")
        if method == "post":
            expected |= {"413", "415"}
        if path.startswith("/api/v1/publishing/"):
            expected.add("403")
        assert expected <= set(responses), (path, method, expected - set(responses))
        for status in expected:
            content = responses[status]["content"]["application/json"]
            assert content["schema"] == error, (path, method, status)
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
        for status, response in responses.items():
            assert {
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
            } <= set(response["headers"]), (path, method, status)


@pytest.mark.parametrize("name", ["permits", "penalties"])
def test_a_removed_record_is_documented_as_gone(schema, name):
    assert "410" in schema["paths"][f"/api/v1/{name}/{{id}}/"]["get"]["responses"]
    assert "410" not in schema["paths"]["/api/v1/entities/{id}/"]["get"]["responses"]


@pytest.mark.parametrize("name", list(VIEWSETS))
def test_the_download_formats_are_documented(schema, name):
    content = schema["paths"][f"/api/v1/{name}/"]["get"]["responses"]["200"]["content"]
    assert {
        "application/json",
        "text/csv",
        "application/jsonl",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    } <= set(content)
