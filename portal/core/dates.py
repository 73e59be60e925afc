"""Date helpers shared by the rules that count months and the portal's today."""

import calendar
import datetime

from django.core.management import CommandError
from django.utils import timezone


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the month's end (1-31 → 2-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def local_today() -> datetime.date:
    """Return today's date in the portal's time zone (Asia/Shanghai)."""
    return timezone.localdate()


def date_argument(value: str) -> datetime.date:
    """Read a YYYY-MM-DD command-line argument (an argparse `type`)."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None
