"""A covering index of the columns a search pages and counts, on SQLite.

A document's row holds its text and tokens, about a kilobyte; joining ten
thousand matches to their rows read a page per match. This index holds only
the id and the facet and sort columns, so the same join reads a few hundred
pages (`_sql.documents` names it with INDEXED BY). PostgreSQL keeps long texts
out of line (TOAST), so its rows are narrow already and it gets no index.
"""

from django.db import migrations

INDEX = "search_document_facets"
_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument "
    "(id, kind, province_code, region_code, authority_id, categories, list_slug, year, "
    "date, key)"
)


def _on_sqlite(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_stored_tsvector")]

    operations = [
        migrations.RunPython(
            _on_sqlite(_CREATE), _on_sqlite(f"DROP INDEX IF EXISTS {INDEX}")
        ),
    ]
