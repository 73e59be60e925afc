"""How long a penalty stays public, and from when its repair may be asked for.

The rules changed over time, so each penalty stores which version produced its
dates. Periods are counted from the decision date: a one-year period for a
decision of 2025-03-10 keeps it public up to and including 2026-03-09.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.core.dates import add_months
from portal.disclosures.choices import Severity

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class PublicityRule:
    version: str
    source: str
    effective_from: datetime.date
    # severity → (minimum months before repair, maximum months in public view)
    months: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class PublicityWindow:
    rule: str
    repair_from: datetime.date  # first day on which repair may be applied for
    public_until: datetime.date  # last day in public view


RULES = (
    PublicityRule(
        version="2019",
        source="发改办财金〔2019〕527号",
        effective_from=datetime.date(2019, 7, 1),
        # The 2019 rule has no minor class; minor penalties count as general.
        months={
            Severity.MINOR: (3, 12),
            Severity.GENERAL: (3, 12),
            Severity.SERIOUS: (6, 36),
        },
    ),
    PublicityRule(
        version="2025",
        source="国办发〔2025〕22号; NDRC Order 36",
        effective_from=datetime.date(2026, 4, 1),
        # Minor: repair as soon as obligations are met, public 3 months at most.
        months={
            Severity.MINOR: (0, 3),
            Severity.GENERAL: (3, 12),
            Severity.SERIOUS: (12, 36),
        },
    ),
)


def rule_for(decided_on: datetime.date) -> PublicityRule:
    """Return the rule in force on the decision date (the oldest for older ones)."""
    applicable = [rule for rule in RULES if rule.effective_from <= decided_on]
    return applicable[-1] if applicable else RULES[0]


def publicity_window(*, decided_on: datetime.date, severity: str) -> PublicityWindow:
    """Compute the repair and end dates for a penalty decided on the given date."""
    rule = rule_for(decided_on)
    minimum, maximum = rule.months[severity]
    return PublicityWindow(
        rule=rule.version,
        repair_from=add_months(decided_on, minimum),
        public_until=add_months(decided_on, maximum) - _ONE_DAY,
    )


def explain(*, rule: str, severity: str) -> str:
    """Say in words what the stored rule means for a penalty of this severity."""
    known = {item.version: item for item in RULES}
    found = known.get(rule)
    if found is None or severity not in found.months:
        return ""
    minimum, maximum = found.months[severity]
    values = {
        "rule": found.version,
        "source": found.source,
        "severity": Severity(severity).label,
        "public": maximum,
        "repair": minimum,
    }
    if minimum == 0:
        return (
            _(
                "Under the %(rule)s rule (%(source)s), a penalty of this severity "
                "(%(severity)s) stays public for at most %(public)s months from the "
                "decision, and repair may be applied for as soon as its obligations "
                "are met."
            )
            % values
        )
    return (
        _(
            "Under the %(rule)s rule (%(source)s), a penalty of this severity "
            "(%(severity)s) stays public for at most %(public)s months from the "
            "decision, and repair may be applied for once %(repair)s months have "
            "passed."
        )
        % values
    )
