"""Keeping the index true after the inspection services write.

The services send `results_changed` inside their transaction; the reindex
waits for the commit (`schedule_reindex`), so a rolled-back write changes
nothing, and a withdrawn result leaves the index.
"""

from portal.search.indexing import schedule_reindex


def reindex_inspection_results(sender, *, ids, **kwargs) -> None:
    schedule_reindex("inspection", ids)
