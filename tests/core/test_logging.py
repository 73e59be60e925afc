"""Log lines: JSON Lines in production, text in development, an id on each."""

import json
import logging
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.core import requestids
from portal.core.logformat import TEXT_FORMAT, JsonLinesFormatter, logging_config


def _record(message="Imported %s rows", args=(3,), exc_info=None, **extra):
    record = logging.LogRecord(
        "portal.publishing", logging.WARNING, __file__, 1, message, args, exc_info
    )
    record.__dict__.update(extra)
    return record


def _json(record) -> dict:
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_record_is_one_json_object():
    entry = _json(_record(request_id="abc123"))
    assert entry.keys() == {"time", "level", "logger", "message", "request_id"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "portal.publishing"
    assert entry["message"] == "Imported 3 rows"
    assert entry["request_id"] == "abc123"
    assert entry["time"].endswith("+00:00")


def test_a_multi_line_message_in_chinese_stays_one_readable_line():
    line = JsonLinesFormatter().format(_record("第一行\n第二行", ()))
    assert line.count("\n") == 0
    assert "第一行" in line
    assert json.loads(line)["message"] == "第一行\n第二行"


def test_an_exception_comes_as_text():
    try:
        raise ValueError("bad cell")
    except ValueError:
        entry = _json(_record(exc_info=sys.exc_info()))
    assert entry["exception"].startswith("Traceback (most recent call last)")
    assert "ValueError: bad cell" in entry["exception"]


def test_a_record_outside_any_request_has_a_dash():
    record = _record()
    assert requestids.RequestIdFilter().filter(record)
    assert record.request_id == "-"
    assert _json(record)["request_id"] == "-"


def test_the_filter_takes_the_current_id():
    requestids._current.set("the-request")
    try:
        record = _record()
        requestids.RequestIdFilter().filter(record)
    finally:
        requestids.request_finished()
    assert record.request_id == "the-request"


def test_text_lines_show_the_id():
    record = _record(request_id="abc123")
    line = logging.Formatter(TEXT_FORMAT).format(record)
    assert line.endswith("WARNING portal.publishing [abc123] Imported 3 rows")


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_the_setting_chooses_the_format(log_format):
    config = logging_config(log_format=log_format, level="INFO")
    handler = config["handlers"]["console"]
    assert handler["formatter"] == log_format
    assert handler["filters"] == ["request_id"]
    assert config["root"] == {"handlers": ["console"], "level": "INFO"}


def test_an_unknown_format_is_refused():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")
