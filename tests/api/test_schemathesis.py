"""The API keeps every promise of its OpenAPI schema, checked by schemathesis.

The schema is loaded from the application in-process, through WSGI, and
fuzzed (tests/api/fuzzing.py) anonymously and with an official's token. The
same run against the deployed server, under production settings on
PostgreSQL with Redis, is tests/system/test_schema_fuzzing.py.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.api.fuzzing import fuzz, report
from tests.api_tokens import issue
from tests.factories import make_batch, make_designation, make_region
from tests.inspections.world import inspection_world
from tests.publishing.factories import make_official

pytestmark = [pytest.mark.slow, pytest.mark.django_db(databases="__all__")]


@pytest.fixture
def app(settings):
    """The WSGI application, answering inside the test's transaction.

    Django closes the connection around each request; the test client stops
    that so a test's data stays visible, and so does this fixture.
    """
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_TOKEN = "1000000/min"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def inspections(db):
    """Random inspections: plans, their files and draws, results in every state.

    Built before the records: a plan's pool takes every entity of its region
    then, and the records' entities are not in its strata.
    """
    return inspection_world()


@pytest.fixture
def records(inspections, data):
    """The API tests' records, a demonstration city with its batch, and random
    inspections."""
    city = make_region(code="330100")
    make_designation(batch=make_batch(number=1), region=city)
    return data


def _fuzz(app, headers, schema="/api/schema.json") -> list[str]:
    return fuzz(schemathesis.openapi.from_wsgi(schema, app), headers)


def test_the_api_keeps_its_schema_for_anonymous_callers(app, records):
    failures = _fuzz(app, {})
    assert not failures, report(failures)


def test_the_api_keeps_its_schema_for_an_official(app, records):
    official = make_official(authority=records["hz"])
    token = issue(official.user)
    headers = {"Authorization": f"Token {token.key}"}
    failures = _fuzz(app, headers) + _fuzz(app, headers, "/api/schema/officials.json")
    assert not failures, report(failures)
