"""Every endpoint refuses what it does not read, and answers errors in one shape."""

import pytest

from tests.api.errors import api_error
from tests.api_tokens import issue
from tests.factories import make_batch, make_region
from tests.publishing.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_api(api, data):
    official = make_official(authority=data["hz"])
    token = issue(official.user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/statistics/cities/",
        "/api/v1/statistics/cities/330100/",
        "/api/v1/statistics/authorities/",
        "/api/v1/statistics/averages/",
        "/api/v1/cities/batches/",
        "/api/v1/cities/batches/1/",
        "/api/v1/cities/designations/",
        "/api/v1/penalties/",
        "/api/v1/search/?q=x",
        "/api/v1/inspections/plans/",
        "/api/v1/inspections/plans/1/",
        "/api/v1/inspections/plans/1/check/",
        "/api/v1/inspections/plans/1/draw/",
        "/api/v1/inspections/plans/1/files/plan.json/",
        "/api/v1/inspections/results/",
        "/api/v1/inspections/results/1/",
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(api, data, path):
    make_batch(number=1)
    make_region(code="330100")
    separator = "&" if "?" in path else "?"
    response = api.get(f"{path}{separator}colour=red", HTTP_ACCEPT_LANGUAGE="en")
    error = api_error(response, 400)
    assert error["code"] == "unknown_parameter"
    assert list(error["details"]) == ["colour"]
    assert "Unknown parameter: colour" in error["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/publishing/penalties/"),
        ("get", "/api/v1/publishing/penalties/1/"),
        ("post", "/api/v1/publishing/penalties/"),
    ],
)
def test_the_officials_api_is_strict_too(official_api, method, path):
    response = getattr(official_api, method)(f"{path}?colour=red", {}, format="json")
    assert api_error(response, 400)["code"] == "unknown_parameter"


def test_the_officials_list_checks_its_values(official_api):
    url = "/api/v1/publishing/penalties/"
    error = api_error(official_api.get(url, {"state": "lost"}), 400)
    # As for every choice of every collection: what is wrong, then the values.
    assert "published" in error["details"]["state"][-1]
    for name, value in (("cursor", "abc"), ("count", "2"), ("page_size", "-1")):
        assert api_error(official_api.get(url, {name: value}), 400)["details"][name]
    response = official_api.get(url, {"state": "published", "page_size": "5"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/penalties/?sort=zzz", "decided, -decided, published"),
        ("/api/v1/statistics/cities/?sort=zzz", "city, -city"),
    ],
)
def test_a_bad_sort_lists_the_valid_values(api, data, path, expected):
    error = api_error(api.get(path, HTTP_ACCEPT_LANGUAGE="en"), 400)
    listed = " ".join(error["details"]["sort"])
    assert "Valid values:" in listed and expected in listed


def test_a_bad_cursor_is_a_400_everywhere(api, data):
    for path in ("/api/v1/penalties/", "/api/v1/statistics/authorities/"):
        assert api_error(api.get(path, {"cursor": "garbage"}), 400)["code"] == (
            "invalid_cursor"
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/penalties/abc/",
        "/api/v1/penalties/²/",
        "/api/v1/penalties/99999999999999999999/",
        "/api/v1/permits/-1/",
        "/api/v1/entities/abc/",
        "/api/v1/regions/999999/",
        "/api/v1/lists/no-such-list/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/cities/batches/99999999999999999999/",
        "/api/v1/statistics/cities/999999/",
        "/api/v1/inspections/plans/1/",
        "/api/v1/inspections/plans/abc/",
        "/api/v1/inspections/plans/1/files/plan.json/",
        "/api/v1/inspections/plans/1/check/",
        "/api/v1/inspections/results/99999999999999999999/",
    ],
)
def test_nothing_at_an_address_is_a_404_in_the_shape(api, data, path):
    assert api_error(api.get(path), 404)["code"] == "not_found"


def test_a_withdrawn_record_is_a_410_in_the_shape(api, data):
    withdrawn = data["withdrawn"]
    assert api_error(api.get(f"/api/v1/penalties/{withdrawn.pk}/"), 410)["code"] == (
        "withdrawn"
    )


def test_401_403_405_and_415_are_in_the_shape(api, data, django_user_model):
    url = "/api/v1/publishing/penalties/"
    api_error(api.get(url), 401)
    api_error(api.get("/api/v1/penalties/", HTTP_AUTHORIZATION="Token nonsense"), 401)
    user = django_user_model.objects.create_user(username="robot", password="x" * 12)
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue(user).key}")
    api_error(api.get(url), 403)
    api_error(api.delete("/api/v1/penalties/"), 405)
    response = api.post("/api/v1/credit-check/", "codes=1", content_type="text/plain")
    api_error(response, 415)
