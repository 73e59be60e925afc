"""Versions of tables that processes keep in memory (the calendar).

A change writes a new random token in the transaction of the change itself.
A process that reads the token before the rows, and keeps both, knows its
copy is stale as soon as it reads another token; and since a token is never
written twice, not even a rolled-back change can leave a copy that looks
current.
"""

import uuid

from django.db import connections, router

from portal.core.models import DataVersion


def bump(*, name: str) -> None:
    """Give the named table a new version."""
    connection = connections[router.db_for_write(DataVersion)]
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (name, token) VALUES (%s, %s)
            ON CONFLICT (name) DO UPDATE SET token = excluded.token
            """,
            [name, uuid.uuid4().hex],
        )


def current(*, name: str) -> str:
    """Return the named table's version ("" before its first change)."""
    token = (
        DataVersion.objects.filter(name=name).values_list("token", flat=True).first()
    )
    return token or ""
