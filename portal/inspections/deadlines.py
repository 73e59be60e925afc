"""When an inspection result must be public: working days after the inspection.

The same calendar as dual-disclosure deadlines (portal.core.workdays), with
its holidays, make-up days and officials' overrides.
"""

import datetime

from django.conf import settings

from portal.core.workdays import get_calendar


def result_deadline(decided_on: datetime.date) -> datetime.date:
    """Return the last day to publish a result of an inspection on `decided_on`."""
    return get_calendar().add_working_days(
        decided_on, settings.INSPECTION_RESULT_DEADLINE_WORKING_DAYS
    )
