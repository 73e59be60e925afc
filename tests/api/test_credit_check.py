"""POST /api/v1/credit-check/: up to 1,000 codes, each reported on its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import PERSON_ID, REPRESENTATIVE_ID

pytestmark = pytest.mark.django_db
URL = "/api/v1/credit-check/"


def test_memberships_and_measures_per_code(api, data):
    codes = ["9144030071526726XG", PERSON_ID, REPRESENTATIVE_ID, "not a code"]
    response = api.post(URL, {"codes": codes}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["checked"] == 4 and body["found"] == 3
    company, person, representative, invalid = body["results"]
    assert company["entities"][0]["id"] == data["company"].pk
    assert company["memberships"][0]["list"]["slug"] == "dishonest-persons"
    assert {m["title"] for m in company["memberships"][0]["measures"]} == {
        "限制乘坐飞机",
        "限制获得贷款",
    }
    assert person["entities"][0]["name"] == "张**"
    assert representative["memberships"][0]["role"] == "legal_representative"
    assert [m["title"] for m in representative["memberships"][0]["measures"]] == [
        "限制乘坐飞机"
    ]
    assert invalid == {
        **invalid,
        "valid": False,
        "kind": None,
        "entities": [],
        "memberships": [],
    }
    assert invalid["error"]
    text = response.content.decode()
    assert PERSON_ID not in text and REPRESENTATIVE_ID not in text


def test_a_mistyped_uscc_is_reported_as_one_not_as_an_id_number(api, data):
    # One digit off the all-digit USCC 913301001001010061, it passes a resident
    # ID number's check character (born 0010-01-01, province 91).
    typo = "913301001001017061"
    response = api.post(
        URL, {"codes": [typo]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["valid"] is False and result["kind"] is None
    assert result["code"] == typo
    assert "unified social credit code is wrong" in result["error"]


def test_a_thousand_codes_in_a_few_queries(api, data):
    codes = [PERSON_ID, "9144030071526726XG"] * 500
    with CaptureQueriesContext(connection) as queries:
        response = api.post(URL, {"codes": codes}, format="json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000
    assert len(queries) <= 6


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"codes": ["x"] * 1001}, "too_many_codes"),
        ({"codes": []}, "invalid"),
        ({"codes": "9144030071526726XG"}, "invalid"),
        ({}, "invalid"),
    ],
)
def test_a_malformed_request_is_refused(api, data, body, code):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_only_json_and_post(api, data):
    assert api.get(URL).status_code == 405
    response = api.post(
        URL, "codes=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    response = api.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
