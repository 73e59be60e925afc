"""PostgreSQL: keep each document's tsvector in a stored column.

Ranking a large match with `ts_rank(to_tsvector(tokens), ...)` parsed every
matching row's tokens again; a stored generated column is parsed once, on write.
The column is not on the Django model: only the search SQL reads it. SQLite
keeps its FTS5 table and needs nothing here.
"""

from django.db import migrations

_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX search_document_tsv_stored ON search_searchdocument USING gin (tsv)",
    "DROP INDEX IF EXISTS search_document_tsv",
]
_BACKWARD = [
    "CREATE INDEX search_document_tsv ON search_searchdocument "
    "USING gin (to_tsvector('simple', tokens))",
    "DROP INDEX IF EXISTS search_document_tsv_stored",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(_FORWARD), _run(_BACKWARD))]
