"""The API's JSON parser: strict JSON, bounded in size and depth, no control characters.

A body is read up to the view's `max_body_bytes` (Django's
DATA_UPLOAD_MAX_MEMORY_SIZE unless the view says more), so a caller cannot
make a worker hold an unbounded document; nesting stops at MAX_DEPTH levels,
long before Python's recursion limit; NaN and Infinity, which JSON does not
have, are refused; and a text holding a control character (NUL and the other
C0 characters but tab, line feed and carriage return) is refused by the rule
the pages follow (portal.core.middleware), naming where it is.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status

from portal.api.exceptions import ApiError
from portal.core.middleware import CONTROL_CHARACTERS

MAX_DEPTH = 32


def _invalid(message: str, *, code: str = "parse_error", where: str = "body"):
    return ApiError(message, code=code, details={where: [message]})


def _refuse_constant(name):
    raise ValueError(name)


def _where(path: tuple) -> str:
    text = "body"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _check(document) -> None:
    """Raise an error for nesting deeper than MAX_DEPTH or a control character."""
    pending = [(document, ())]
    while pending:
        value, path = pending.pop()
        if len(path) > MAX_DEPTH:
            raise _invalid(
                _("The JSON body is nested deeper than %(max)d levels.")
                % {"max": MAX_DEPTH},
                code="too_deep",
            )
        if isinstance(value, str):
            if CONTROL_CHARACTERS.search(value):
                where = _where(path)
                raise _invalid(
                    _(
                        "%(where)s holds a control character (such as NUL) that no "
                        "field accepts; remove it and try again."
                    )
                    % {"where": where},
                    code="control_character",
                    where=where,
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if CONTROL_CHARACTERS.search(key):
                    raise _invalid(
                        _("A name in the JSON body holds a control character."),
                        code="control_character",
                        where=_where(path),
                    )
                pending.append((item, (*path, key)))
        elif isinstance(value, list):
            pending.extend((item, (*path, i)) for i, item in enumerate(value))


class JSONParser(parsers.BaseParser):
    """Parse `application/json`, reading the body itself up to the view's limit.

    Not DRF's JSONParser subclassed: DRF reads that one's body through
    Django's request.body, capped at DATA_UPLOAD_MAX_MEMORY_SIZE for every view.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        view = parser_context.get("view")
        limit = getattr(view, "max_body_bytes", None) or (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            message = _("The body is larger than %(max)s bytes.") % {
                "max": f"{limit:,}"
            }
            raise ApiError(
                message,
                code="too_large",
                details={"body": [message]},
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            document = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise _invalid(
                _("The JSON body is nested deeper than %(max)d levels.")
                % {"max": MAX_DEPTH},
                code="too_deep",
            ) from None
        except (UnicodeDecodeError, ValueError) as error:
            raise _invalid(
                _("The body is not valid JSON in UTF-8: %(error)s.") % {"error": error}
            ) from None
        _check(document)
        return document
