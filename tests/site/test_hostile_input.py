"""No address of the site answers a 500, whatever its parameters and body hold.

Every URL pattern (walked from the resolver, so a new page is covered without
being listed here) is requested with hostile path values, query parameters and
form fields, in both languages, anonymously and as a signed-in official.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from portal.api.filters import parameter_names
from portal.core.pagination import CappedPaginator
from tests.api_tokens import issue
from tests.conftest import sign_in_with_totp
from tests.factories import make_batch, make_designation, make_region
from tests.publishing.factories import make_official

pytestmark = pytest.mark.slow

HUGE = "99999999999999999999"
HOSTILE_VALUES = [
    "0",
    "-1",
    HUGE,
    "abc",
    "a\x00b",
    "a\x01b",
    "１２",
    "²",
    "²²²²²²",
    "11010119900307447²",
    "9144030071526726²G",
    "2024-02-30",
    "'\"<>%",
    ",",
    " ,-",
    "x" * 3000,
]
HOSTILE_PATH_VALUES = ["abc", HUGE, "0", "²", "a%00b", "a%01b", "%E2%80%AE"]
# Names read by some page or endpoint; an unknown one must not hurt either.
COMMON_NAMES = [
    "page",
    "q",
    "sort",
    "format",
    "fields",
    "cursor",
    "page_size",
    "count",
    "kind",
    "region",
    "authority",
    "category",
    "list",
    "year",
    "period",
    "province",
    "batch",
    "state",
    "decision_number",
    "record",
    "next",
]
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)|<(?:(?P<conv>\w+):)?(?P<pname>\w+)>")


def _routes(patterns=None, prefix=""):
    """Yield (route, callback) for every URL pattern but the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def _fill(route: str, values) -> str:
    """Return the path of a route with its parameters replaced by values(name)."""

    def replace(match):
        return values(match["name"] or match["pname"])

    path = _GROUP.sub(replace, route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def _view_names(callback) -> list[str]:
    """Return the query parameters the view's FilterSet reads, if it has one."""
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    return parameter_names(filterset) if filterset else []


@pytest.fixture
def site(world, settings, monkeypatch):
    """The public world, a demonstration city, and paging past the count cap."""
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_TOKEN = "100000/min"
    # A capped count makes page numbers open-ended, as on a large database.
    monkeypatch.setattr(CappedPaginator, "count_cap", 1)
    city = make_region(code="330100")
    make_designation(batch=make_batch(number=1), region=city)
    penalty = world["penalties"][0]
    valid = {
        "pk": str(penalty.pk),
        "key": world["company"].key,
        "slug": world["list"].slug,
        "code": "330100",
        "number": "1",
        "kind": "penalties",
        "section": "penalties",
        "dataset": "penalties",
    }
    return world | {"valid": valid}


def _check(client, method, path, failures, **kwargs):
    response = getattr(client, method)(path, **kwargs)
    if response.status_code >= 500:
        failures.append(f"{method.upper()} {path!r} {kwargs.get('data', '')!r:.120}")
    return response


def _hostile_requests(client, failures, valid, *, post: bool):
    for route, callback in _routes():
        names = _view_names(callback)
        base = _fill(route, lambda name: valid.get(name, "1"))
        prefixes = ["", "/en"] if not base.startswith(("/api/", "/health/")) else [""]
        for value in HOSTILE_PATH_VALUES:
            _check(client, "get", _fill(route, lambda name, v=value: v), failures)
        for prefix in prefixes:
            path = prefix + base
            for value in HOSTILE_VALUES:
                query = dict.fromkeys([*COMMON_NAMES, *names], value)
                _check(client, "get", path, failures, data=query)
                for name in names:
                    _check(client, "get", path, failures, data={name: value})
                if post:
                    _check(client, "post", path, failures, data=query)


@pytest.mark.django_db
def test_no_address_answers_a_server_error_anonymously(site):
    client = Client(raise_request_exception=False)
    failures = []
    _hostile_requests(client, failures, site["valid"], post=True)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_no_address_answers_a_server_error_to_an_official(site):
    official = make_official(authority=site["authority"], is_authority_admin=True)
    client = sign_in_with_totp(Client(raise_request_exception=False), official.user)
    token = issue(official.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    failures = []
    _hostile_requests(client, failures, site["valid"], post=False)
    assert not failures, "\n".join(failures)


BODIES = [
    "[" * 1000 + "]" * 1000,
    '{"codes": ' + "[" * 1000 + "]" * 1000 + "}",
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    '{"codes": ["a\\u0000b"]}',
    '{"codes": [1, null, {}, [], true, 1.5]}',
    '{"codes": NaN}',
    '{"records": [{"CF_WSH": "a\\u0000b"}], "dry_run": true}',
    '{"records": [[]], "dry_run": true}',
    '{"records": {}, "mode": [], "dry_run": "x"}',
    '{"reason": "\\u0000", "note": {}}',
    "\xff\xfe",
    "",
    "null",
    '"text"',
    json.dumps({"codes": ["x" * 100_000]}),
]


@pytest.mark.django_db
def test_no_api_endpoint_answers_a_server_error_to_a_hostile_body(site):
    official = make_official(authority=site["authority"])
    token = issue(official.user)
    client = Client(raise_request_exception=False)
    failures = []
    for route, _callback in _routes():
        if not route.startswith("api/v1/"):
            continue
        path = _fill(route, lambda name: site["valid"].get(name, "1"))
        for body in BODIES:
            for auth in ({}, {"HTTP_AUTHORIZATION": f"Token {token.key}"}):
                response = _check(
                    client,
                    "post",
                    path,
                    failures,
                    data=body,
                    content_type="application/json",
                    **auth,
                )
                assert response["Content-Type"].startswith("application/json")
    assert not failures, "\n".join(failures)
