"""Every request gets an id: in its response, and on each line it logs."""

import io
import json
import logging
import re

import pytest
from django_tasks import task

from portal.core import requestids
from portal.core.logformat import JsonLinesFormatter

pytestmark = pytest.mark.django_db

_FRESH = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines():
    """Return what the configured console handler writes, as parsed JSON lines.

    The handler keeps its filters (the request id comes from the settings'
    LOGGING); its output goes to a buffer in JSON, whatever LOG_FORMAT says.
    """
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    stream, formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonLinesFormatter())
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(stream)
    handler.setFormatter(formatter)


def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/en/")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]
    assert _FRESH.fullmatch(first)
    assert _FRESH.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "given", ["3f1c0a9e-8d2b-4c55-9e1a-0b7d6c5e4f32", "nginx.7A_b-9", "a" * 64]
)
def test_a_sane_incoming_id_is_kept(client, given):
    response = client.get("/en/", headers={"X-Request-ID": given})
    assert response["X-Request-ID"] == given


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 65,
        "two words",
        "id\r\nSet-Cookie: x=1",
        '"}{"level": "CRITICAL',
        "編號",
        "",
    ],
)
def test_a_hostile_incoming_id_is_replaced(client, hostile):
    response = client.get("/en/", headers={"X-Request-ID": hostile})
    assert _FRESH.fullmatch(response["X-Request-ID"])


def test_a_log_line_of_a_request_carries_its_id(client, log_lines):
    response = client.get("/en/no-such-page/", headers={"X-Request-ID": "req-404"})
    assert response.status_code == 404
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["message"] == "Not Found: /en/no-such-page/"
    assert line["request_id"] == "req-404"


def test_a_refusal_logged_after_the_middleware_returned_carries_the_id(
    client, log_lines
):
    # Django logs a 4xx that a middleware answered once the whole chain has
    # returned: the id must outlive the middleware's own call.
    response = client.get("/en/entities/?q=a%00b")
    assert response.status_code == 400
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["message"].startswith("Bad Request")
    assert line["request_id"] == response["X-Request-ID"]


def test_lines_after_the_request_have_no_id(client, log_lines):
    client.get("/en/", headers={"X-Request-ID": "finished"})
    logging.getLogger("portal.tests").warning("between requests")
    [line] = [line for line in log_lines() if line["logger"] == "portal.tests"]
    assert line["request_id"] == "-"


@task()
def log_something():
    logging.getLogger("portal.tests").warning("inside a task")


def test_a_background_task_logs_under_its_own_id(settings, log_lines):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    result = log_something.enqueue()
    logging.getLogger("portal.tests").warning("after the task")
    lines = {
        line["message"]: line["request_id"]
        for line in log_lines()
        if line["logger"] == "portal.tests"
    }
    assert lines == {"inside a task": str(result.id), "after the task": "-"}


def test_a_task_run_within_a_request_keeps_the_request_id():
    class Result:
        id = "task-1"

    requestids._current.set("the-request")
    try:
        requestids.task_started(task_result=Result())
        assert requestids.get() == "the-request"
        requestids.task_finished()
        assert requestids.get() == "the-request"
    finally:
        requestids.request_finished()
    assert requestids.get() == "-"
