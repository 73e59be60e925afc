"""schemathesis against the deployed API: the schema the running gunicorn
serves (production settings, PostgreSQL, Redis), every operation called over
HTTP through the proxy, anonymously (the public schema) and with an
official's token (the officials' schema). Nothing may
answer a server error, an undocumented status, content type or header, or a
body the schema does not describe (tests/api/fuzzing.py)."""

import pytest
import schemathesis

from tests.api.fuzzing import fuzz, report
from tests.system import flows
from tests.system.client import HOST, new_address

pytestmark = pytest.mark.system

PASSWORD = "system-tests-fuzzing-password-7"

_TOKEN = """
import json
from portal.publishing.models import Official
from portal.publishing.services.tokens import issue_token

official = Official.objects.get(user__username={username!r})
print(json.dumps({{"token": issue_token(official).key}}))
"""


@pytest.fixture(scope="module")
def api_server(postgres_site):
    """The PostgreSQL site served by a gunicorn of its own whose API limits the
    fuzzing cannot reach: the limits are the subject of test_limits.py, and a
    429 here would hide what the generated requests would have met."""
    server = postgres_site.start_web(
        "gunicorn-fuzzing",
        workers=3,
        API_THROTTLE_ANON="100000/min",
        API_THROTTLE_TOKEN="100000/min",
    )
    yield server
    server.stop()


def _proxy_headers() -> dict[str, str]:
    """What the reverse proxy adds to every request (tests/system/client.py)."""
    return {
        "Host": HOST,
        "X-Forwarded-For": new_address(),
        "X-Forwarded-Proto": "https",
    }


def _fuzz(
    server, schema_path="/api/schema.json", *, at_least=200, **headers
) -> list[str]:
    sent = {**_proxy_headers(), **headers}
    before = len(server.access())
    schema = schemathesis.openapi.from_url(
        f"{server.url}{schema_path}", headers=sent, timeout=60
    )
    failures = fuzz(schema, sent)
    # The calls went to the deployed server, not anywhere the schema named.
    answered = server.access()[before:]
    assert len(answered) > at_least, f"only {len(answered)} requests reached gunicorn"
    assert any(line["request"].startswith("POST /api/v1/") for line in answered)
    return failures


def test_the_deployed_api_keeps_its_schema_for_anonymous_callers(
    postgres_site, api_server
):
    failures = _fuzz(api_server)
    assert not failures, report(failures)


def test_the_deployed_api_keeps_its_schema_for_an_official(postgres_site, api_server):
    flows.create_official(postgres_site, "system-fuzzing", PASSWORD, nth=3)
    token = postgres_site.script(_TOKEN.format(username="system-fuzzing"))["token"]
    # The officials' write API has its own schema, apart from the public one.
    failures = _fuzz(
        api_server,
        "/api/schema/officials.json",
        at_least=100,  # two collections, not the public API's dozens
        Authorization=f"Token {token}",
    )
    assert not failures, report(failures)
