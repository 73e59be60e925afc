"""Fast inserts for imports, and the compact form plans take between requests.

`bulk_create` builds SQL placeholders value by value, which costs more than the
database's own work for an import of 100,000 rows. `insert` prepares each value
with the field's own `pre_save` and `get_db_prep_save` (what `save()` and
`bulk_create` do) and sends one statement with `executemany`.
"""

import functools
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

_SKIP = ("created_at", "updated_at")


def insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved objects (their primary keys are not read back)."""
    if not objs:
        return
    # The connection itself, not the proxy: every value asks it for its ops.
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    now = timezone.now()
    prepare = [_preparer(f, connection, now) for f in fields]
    rows = [[value(obj) for value in prepare] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Fields whose stored value is the Python value itself (text, numbers, flags).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)


def _preparer(field: models.Field, connection, now):
    """Return a function giving the value to store for `field` of an object."""
    attname = field.attname
    if isinstance(field, models.DateTimeField) and (
        field.auto_now or field.auto_now_add
    ):
        # One timestamp for the whole statement, converted once.
        stored = field.get_db_prep_save(now, connection)

        def stamp(obj):
            setattr(obj, attname, now)
            return stored

        return stamp
    plain = type(field) in _PLAIN or (
        isinstance(field, models.CharField)
        and type(field).get_prep_value is models.CharField.get_prep_value
    )
    if plain:
        # Text is already clean (compacted codes included): full_clean ran.
        return lambda obj: getattr(obj, attname)
    if isinstance(field, models.ForeignKey):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


@functools.cache
def _stored_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in _SKIP
    ]


# What JSON cannot hold as it is: these come back as text and are converted.
_CONVERTED = (models.DateField, models.DecimalField)  # DateTimeField is a DateField


@functools.cache
def _loader(model) -> list[tuple[str, Callable | None, object]]:
    """Return, per concrete field in order: its attname, converter and default."""
    stored = set(_stored_fields(model))
    return [
        (
            f.attname,
            f.to_python if isinstance(f, _CONVERTED) else None,
            f.get_default() if f in stored else None,
        )
        for f in model._meta.concrete_fields
    ]


def dump(obj: models.Model) -> dict:
    """Return an object's field values as JSON-ready data (no primary key)."""
    return {f.attname: getattr(obj, f.attname) for f in _stored_fields(type(obj))}


def load(model: type[models.Model], data: dict) -> models.Model:
    """Rebuild an unsaved object from `dump()` output.

    The values were validated before they were dumped, so only those JSON
    turned into text (dates, amounts) are converted back. The object is built
    from positional values, Django's fast path, once per row of an import.
    """
    values = []
    for attname, convert, default in _loader(model):
        value = data.get(attname, default)
        if convert is not None and value is not None:
            value = convert(value)
        values.append(value)
    return model(*values)


def dumps(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
