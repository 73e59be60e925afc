"""What each database engine does around a rebuild of the full-text index.

SQLite keeps an FTS5 table in step with `search_searchdocument` through
triggers (migration 0002). Row by row, those triggers are most of a rebuild's
time; FTS5's own 'rebuild' command reads the whole content table many times
faster. So a rebuild drops the insert trigger, loads the rows, then has FTS5
index them all at once and puts the trigger back. If the process dies between
the two, the trigger is missing: `problems()` says so and `repair()` finishes
the job (`search_index check --repair`, which `make run` also runs).

PostgreSQL's GIN index over a stored tsvector column keeps itself up to date.
"""

from django.utils.translation import gettext as _

_INSERT_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert "
    "AFTER INSERT ON search_searchdocument "
    "BEGIN INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
)
# External content: FTS5 forgets a row only when told its old tokens.
_DELETE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete "
    "AFTER DELETE ON search_searchdocument "
    "BEGIN INSERT INTO search_fts(search_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); END"
)


class _Engine:
    def clear(self, cursor) -> None:
        """Empty the index tables, in the caller's transaction."""
        cursor.execute("DELETE FROM search_searchcode")
        cursor.execute("DELETE FROM search_searchdocument")

    def loaded(self, cursor) -> None:
        """Finish a rebuild once every row is in, in the caller's transaction."""

    def problems(self, cursor) -> list[str]:
        return []

    def repair(self, cursor) -> None:
        """Fix what `problems()` reports."""


class _SQLite(_Engine):
    def clear(self, cursor) -> None:
        # Without the delete trigger, deleting every row costs nothing; FTS5
        # forgets them all at once. The transaction puts the trigger back.
        cursor.execute("DROP TRIGGER IF EXISTS search_fts_delete")
        cursor.execute("DROP TRIGGER IF EXISTS search_fts_insert")
        super().clear(cursor)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute(_DELETE_TRIGGER)

    def loaded(self, cursor) -> None:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        cursor.execute(_INSERT_TRIGGER)

    def problems(self, cursor) -> list[str]:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN ('search_fts_insert', 'search_fts_delete')"
        )
        if len(cursor.fetchall()) < 2:
            return [
                _(
                    "The full-text index is incomplete: a rebuild was interrupted "
                    "(or is still running)."
                )
            ]
        return []

    def repair(self, cursor) -> None:
        cursor.execute(_DELETE_TRIGGER)
        self.loaded(cursor)


def engine(vendor: str) -> _Engine:
    """Return what the rebuild does on this database engine."""
    return _SQLite() if vendor == "sqlite" else _Engine()
