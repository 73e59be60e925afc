"""Make the change log append-only in the database itself, not just the ORM."""

from django.db import migrations

_SQLITE = (
    "CREATE TRIGGER core_changelogentry_no_update BEFORE UPDATE ON "
    "core_changelogentry BEGIN SELECT RAISE(ABORT, 'The change log is append-only.'); "
    "END;",
    "DROP TRIGGER IF EXISTS core_changelogentry_no_update;",
)
_POSTGRESQL = (
    """
    CREATE OR REPLACE FUNCTION core_changelog_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'The change log is append-only.';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER core_changelogentry_no_update BEFORE UPDATE ON core_changelogentry
        FOR EACH ROW EXECUTE FUNCTION core_changelog_append_only();
    """,
    """
    DROP TRIGGER IF EXISTS core_changelogentry_no_update ON core_changelogentry;
    DROP FUNCTION IF EXISTS core_changelog_append_only();
    """,
)


def _run(index):
    def run(apps, schema_editor):
        sql = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(
            schema_editor.connection.vendor
        )
        if sql:
            schema_editor.execute(sql[index])

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1))]
