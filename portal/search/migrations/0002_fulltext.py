"""Full-text index over `SearchDocument.tokens`: FTS5 on SQLite, GIN on PostgreSQL.

The tokens are space-joined CJK bigrams and words (see portal.search.tokens), so
each engine's plain tokenizer keeps them whole: FTS5's default unicode61 and
PostgreSQL's 'simple' configuration. Both match a query phrase as consecutive
tokens.
"""

from django.db import migrations

_SQLITE = (
    [
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "tokens, content='search_searchdocument', content_rowid='id')",
        "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument "
        "BEGIN INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
        # External content: FTS5 forgets a row only when told its old tokens.
        "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument "
        "BEGIN INSERT INTO search_fts(search_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); END",
        "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument "
        "BEGIN INSERT INTO search_fts(search_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); "
        "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ],
    [
        "DROP TRIGGER IF EXISTS search_fts_insert",
        "DROP TRIGGER IF EXISTS search_fts_delete",
        "DROP TRIGGER IF EXISTS search_fts_update",
        "DROP TABLE IF EXISTS search_fts",
    ],
)
_POSTGRESQL = (
    [
        "CREATE INDEX search_document_tsv ON search_searchdocument "
        "USING gin (to_tsvector('simple', tokens))"
    ],
    ["DROP INDEX IF EXISTS search_document_tsv"],
)


def _run(index):
    def run(apps, schema_editor):
        statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(
            schema_editor.connection.vendor
        )
        for statement in statements[index] if statements else ():
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1))]
