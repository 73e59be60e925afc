"""How the portal's log lines look, and the LOGGING setting that writes them.

Production writes JSON Lines (one object per line) for a log collector to
index without parsing; development writes readable text. Both carry the
request id (portal/core/requestids.py) on every line.
"""

import datetime
import json
import logging

from django.core.exceptions import ImproperlyConfigured

from portal.core import requestids

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class JsonLinesFormatter(logging.Formatter):
    """Format a record as one JSON object on one line.

    Keys: time (ISO 8601, UTC), level, logger, message, request_id, and
    exception (the traceback as text) when the record has one. Non-ASCII text
    stays readable; line breaks inside a message or a traceback are escaped,
    so that a line is always a whole record.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or requestids.get(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str) -> dict:
    """Return the LOGGING setting: every record to stderr, in this format."""
    if log_format not in FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.core.requestids.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "portal.core.logformat.JsonLinesFormatter"},
            "text": {"format": TEXT_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own handlers (a console one in DEBUG, mail_admins) would
        # write its records a second time, without the format or the id.
        "loggers": {"django": {"handlers": [], "propagate": True}},
    }
