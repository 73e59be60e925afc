"""JSON bodies: strict JSON, bounded in size and depth, no control characters."""

import pytest

from portal.api.parsers import MAX_DEPTH

pytestmark = pytest.mark.django_db
URL = "/api/v1/credit-check/"


def _post(api, body: str, **headers):
    return api.generic("POST", URL, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 1000 + "]" * 1000,
        '{"codes": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        '{"codes": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
    ],
)
def test_a_deeply_nested_body_is_refused_clearly(api, body):
    response = _post(api, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "too_deep"
    assert f"deeper than {MAX_DEPTH} levels" in error["message"]


def test_a_body_over_the_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post(api, '{"codes": ["' + "1" * 2000 + '"]}')
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_control_character_is_refused_where_it_is(api):
    response = _post(
        api, '{"codes": ["9144030071526726XG", "a\\u0000b"]}', HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "control_character"
    assert list(error["details"]) == ["body.codes[1]"]


@pytest.mark.parametrize(
    "body", ['{"codes": NaN}', '{"codes": [Infinity]}', "{x", "\xff"]
)
def test_what_is_not_json_is_a_parse_error(api, body):
    response = _post(api, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_plain_body_still_works(api):
    body = '{"codes": ["' + "9144030071526726XG" + '"]}'
    nested = {"codes": ["x"]}
    assert _post(api, body).status_code == 200
    assert api.post(URL, nested, format="json").status_code == 200
