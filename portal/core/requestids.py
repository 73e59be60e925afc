"""The request id: one token per request, or per background task, on every log line.

A proxy in front may pass its own id in `X-Request-ID`, so that its access log
and the portal's name a request alike; an id that is not a short token of
letters, digits, `.`, `_` and `-` (a log line's or a header's worth of
mischief) is replaced by a fresh one, as is a missing one. The response
carries the id back in the same header.

The id lives in a context variable. The middleware sets it; it is cleared when
the response is closed (`request_finished`, connected in `CoreConfig.ready`),
not when the middleware returns, because Django logs a 4xx that a view or a
middleware answered after the whole middleware chain has returned, and a
streamed body is written later still. The background worker gives each task
the task's id (`task_started`), unless the task runs inside a request (the
immediate backend), which keeps the request's.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# What log lines show outside any request or task.
NONE = "-"
# Enough for a UUID in any spelling or a proxy's own token; nothing that could
# break a log line, a JSON string or a header.
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)
# Whether the id in `_current` is a task's, which the task's end clears.
_from_task: ContextVar[bool] = ContextVar("request_id_from_task", default=False)


def get() -> str:
    """Return the id of the request or task being served, or "-" outside one."""
    return _current.get() or NONE


def new_id() -> str:
    return uuid.uuid4().hex


def from_header(value: str | None) -> str:
    """Return the incoming id if it is a sane token, else a new one."""
    if value and _SANE.fullmatch(value):
        return value
    return new_id()


class RequestIdMiddleware:
    """Give every request an id: in the logs, in Sentry and in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = from_header(request.headers.get(HEADER))
        request.request_id = request_id
        _current.set(request_id)
        _from_task.set(False)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def request_finished(**kwargs) -> None:
    """Forget the request's id once its response is closed."""
    _current.set(None)
    _from_task.set(False)


def task_started(*, task_result, **kwargs) -> None:
    """Name the log lines of a background task by the task's id."""
    if _current.get() is None or _from_task.get():
        _current.set(str(task_result.id))
        _from_task.set(True)


def task_finished(**kwargs) -> None:
    if _from_task.get():
        _current.set(None)
        _from_task.set(False)


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every record a handler writes ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get()
        return True
