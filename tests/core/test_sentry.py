"""Errors go to Sentry when a DSN is set, tagged with the request id, nothing personal.

Events are caught by a transport that keeps them in memory: nothing is sent.
"""

import json
import os
import subprocess
import sys

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client
from django.urls import path
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

from portal.core import requestids
from portal.core.sentry import configure_sentry

# Nothing listens there (the discard port): were anything sent, it stays here.
DSN = "http://public@127.0.0.1:9/1"


class KeptEvents(Transport):
    """A transport that keeps the events instead of sending them."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


def _broken_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", _broken_view)]


@pytest.fixture
def sentry():
    transport = KeptEvents()
    client = configure_sentry(
        DSN, environment="staging", release="2025.06.1", transport=transport
    )
    yield transport
    # Back to no client: the integrations stay patched in but do nothing.
    client._client.close()
    sentry_sdk.get_global_scope().set_client(None)


def test_the_client_sends_nothing_personal_and_no_traces(sentry):
    options = sentry_sdk.get_client().options
    assert sentry_sdk.get_client().is_active()
    assert not sentry_sdk.get_client().should_send_default_pii()
    assert options["include_local_variables"] is False
    assert options["environment"] == "staging"
    assert options["release"] == "2025.06.1"
    assert options["traces_sample_rate"] is None
    assert sentry_sdk.get_client().get_integration(DjangoIntegration) is not None


def test_an_event_is_tagged_with_the_request_id(sentry):
    requestids._current.set("the-request")
    try:
        sentry_sdk.capture_message("something odd")
    finally:
        requestids.request_finished()
    [event] = sentry.events
    assert event["tags"]["request_id"] == "the-request"


def test_an_event_outside_a_request_has_no_request_id_tag(sentry):
    sentry_sdk.capture_message("from a command")
    [event] = sentry.events
    assert "request_id" not in event.get("tags", {})


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_in_a_request_is_reported_with_its_id(sentry):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session"
    response = client.post(
        "/broken/?page=2",
        {"id_number": "110101199003074477"},
        headers={"X-Request-ID": "req-500"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 500
    [event] = [e for e in sentry.events if e.get("exception")]
    [error] = event["exception"]["values"]
    assert error["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == "req-500"
    text = json.dumps(event)
    assert "a-session" not in text
    assert "203.0.113.9" not in text
    assert "110101199003074477" not in text


def _settings_in_a_process(**environment) -> dict:
    """Return what the settings made of this environment, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="s" * 50,
        IDENTITY_HASH_KEY="i" * 32,
        **environment,
    )
    code = (
        "import json, django, sentry_sdk\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "client = sentry_sdk.get_client()\n"
        "print(json.dumps({'active': client.is_active(),"
        " 'environment': client.options.get('environment'),"
        " 'log_format': settings.LOG_FORMAT}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_settings_start_sentry_only_with_a_dsn():
    assert _settings_in_a_process(SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="staging") == {
        "active": True,
        "environment": "staging",
        "log_format": "json",
    }
    assert _settings_in_a_process()["active"] is False
