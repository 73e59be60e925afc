"""Keeping the index true after an edit in the admin (core/signals.py).

Connected by SearchConfig.ready() for every model an admin announces; a model
that shows in no document changes nothing.
"""

from portal.search import indexing
from portal.search.documents import showing


def reindex_saved(sender, *, instance, **kwargs) -> None:
    indexing.schedule_reindex_showing(instance)


def reindex_after_deleting(sender, *, instances, **kwargs):
    # Found before the rows go; reindexing then removes what went.
    shown = [showing(instance) for instance in instances]

    def reindex():
        for documents in shown:
            for kind, ids in documents.items():
                if ids:
                    indexing.schedule_reindex(kind, ids)

    return reindex
