"""Refreshing the statistics after the inspection services write.

The services send their signals inside their transaction. The authorities
concerned are gathered and refreshed once the transaction commits, in one
partial refresh however many results it wrote (the demo data publishes a
hundred in one transaction). A failure is logged and never undoes the write;
the nightly full refresh repairs what it missed.
"""

import logging
import threading

from django.db import transaction

from portal.cities.statistics import refresh_statistics
from portal.inspections.models import InspectionResult

logger = logging.getLogger(__name__)
# Authorities waiting for the commit, per thread (a thread runs one
# transaction at a time). What a rolled-back transaction left here is
# refreshed with the next commit: a refresh too many, never one too few.
_waiting = threading.local()


def refresh_after_plan_changed(sender, *, plan, **kwargs) -> None:
    # Plans count for their lead authority.
    _schedule({plan.authority_id})


def refresh_after_results_changed(sender, *, ids, **kwargs) -> None:
    _schedule(
        set(
            InspectionResult.objects.filter(pk__in=list(ids)).values_list(
                "authority_id", flat=True
            )
        )
    )


def _schedule(authority_ids: set[int]) -> None:
    if not authority_ids:
        return
    if not hasattr(_waiting, "ids"):
        _waiting.ids = set()
    _waiting.ids.update(authority_ids)
    transaction.on_commit(_refresh_waiting)


def _refresh_waiting() -> None:
    ids, _waiting.ids = getattr(_waiting, "ids", set()), set()
    if not ids:  # an earlier callback of the same commit took them
        return
    try:
        refresh_statistics(authorities=sorted(ids))
    except Exception:
        logger.exception("Could not refresh the statistics of %s", sorted(ids))
