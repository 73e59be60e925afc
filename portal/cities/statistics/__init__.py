"""The statistics service: every figure of the cities pages, from the records.

`refresh_statistics()` recomputes them (nightly, through
`manage.py refresh_statistics`); imports call it, or
`schedule_statistics_refresh()`, with the authorities they wrote for.
"""

from portal.cities.statistics.refresh import (
    RefreshResult,
    refresh_averages,
    refresh_statistics,
    schedule_statistics_refresh,
)

__all__ = [
    "RefreshResult",
    "refresh_averages",
    "refresh_statistics",
    "schedule_statistics_refresh",
]
