"""The API docs: public and officials' schemas apart, tagged, in the page's language."""

import re

import pytest

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, operation


@pytest.fixture
def public(api):
    return api.get("/api/schema.json").json()


@pytest.fixture
def officials(api):
    response = api.get("/api/schema/officials.json")
    assert response.status_code == 200
    return response.json()


def test_the_public_schema_has_no_officials_endpoint(public):
    paths = list(public["paths"])
    assert "/api/v1/penalties/" in paths and "/api/v1/search/" in paths
    assert not [path for path in paths if "/publishing/" in path]


def test_every_public_operation_is_in_a_declared_and_described_group(public):
    declared = {tag["name"]: tag for tag in public["tags"]}
    assert all(tag.get("description") for tag in declared.values())
    used = set()
    for path, operation in _operations(public):
        assert len(operation.get("tags", [])) == 1, path
        assert operation["tags"][0] in declared, path
        used.update(operation["tags"])
    assert used == set(declared)


def test_the_officials_schema_holds_only_their_endpoints(officials):
    paths = list(officials["paths"])
    assert "/api/v1/publishing/penalties/" in paths
    assert "/api/v1/publishing/penalties/{id}/withdraw/" in paths
    assert all(path.startswith("/api/v1/publishing/") for path in paths)
    declared = {tag["name"] for tag in officials["tags"]}
    for path, operation in _operations(officials):
        assert operation["tags"] and set(operation["tags"]) <= declared, path


def test_the_schema_speaks_the_callers_language(api):
    chinese = api.get("/api/schema.json").json()
    english = api.get("/api/schema.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert chinese["info"]["title"] == "信用信息公示平台 API"
    assert english["info"]["title"] == "Credit disclosure portal API"
    tags = {tag["name"] for tag in chinese["tags"]}
    assert {"行政处罚", "查询"} <= tags
    assert "Administrative penalties" in {tag["name"] for tag in english["tags"]}
    operation = chinese["paths"]["/api/v1/penalties/"]["get"]
    assert operation["summary"] == "行政处罚列表"
    assert operation["tags"] == ["行政处罚"]
    english_operation = english["paths"]["/api/v1/penalties/"]["get"]
    assert "10,000 yuan" in english_operation["description"]
    assert english_operation["summary"] == "List of administrative penalties"
    errors = operation["responses"]["400"]["description"]
    assert re.search(r"[\u4e00-\u9fff]", errors)
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert re.search(r"[\u4e00-\u9fff]", parameters["format"]["description"])
    english_parameters = {p["name"]: p for p in english_operation["parameters"]}
    assert "Comma-separated" in english_parameters["fields"]["description"]


def test_the_docs_page_is_in_chinese_and_fetches_the_chinese_schema(client):
    html = client.get("/api/docs/").content.decode()
    assert "<h1>API 文档</h1>" in html
    assert 'data-schema-url="/api/schema.json?lang=zh-hans"' in html
    assert 'href="/api/docs/officials/"' in html
    assert "行政处罚" in html  # the groups, listed without JavaScript


def test_the_english_docs_page_fetches_the_english_schema(client):
    html = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>API documentation</h1>" in html
    assert 'data-schema-url="/api/schema.json?lang=en"' in html


def test_the_officials_docs_page_has_its_own_schema(client):
    response = client.get("/api/docs/officials/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-schema-url="/api/schema/officials.json?lang=zh-hans"' in html
    assert 'href="/api/docs/"' in html
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources)
