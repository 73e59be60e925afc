import datetime

import pytest

from portal.disclosures.choices import Severity
from portal.disclosures.publicity import publicity_window, rule_for

D = datetime.date


class TestRuleVersion:
    def test_rule_follows_the_decision_date(self):
        assert rule_for(D(2026, 3, 31)).version == "2019"
        assert rule_for(D(2026, 4, 1)).version == "2025"

    def test_decisions_before_2019_use_the_oldest_rule(self):
        assert rule_for(D(2017, 5, 1)).version == "2019"


class TestRule2019:
    def test_general(self):
        window = publicity_window(decided_on=D(2025, 3, 10), severity=Severity.GENERAL)
        assert window.rule == "2019"
        assert window.repair_from == D(2025, 6, 10)
        assert window.public_until == D(2026, 3, 9)

    def test_serious(self):
        window = publicity_window(decided_on=D(2025, 3, 10), severity=Severity.SERIOUS)
        assert window.repair_from == D(2025, 9, 10)
        assert window.public_until == D(2028, 3, 9)

    def test_minor_is_treated_as_general(self):
        minor = publicity_window(decided_on=D(2025, 3, 10), severity=Severity.MINOR)
        general = publicity_window(decided_on=D(2025, 3, 10), severity=Severity.GENERAL)
        assert minor == general


class TestRule2025:
    def test_minor_may_be_repaired_at_once_and_ends_after_three_months(self):
        window = publicity_window(decided_on=D(2026, 4, 1), severity=Severity.MINOR)
        assert window.rule == "2025"
        assert window.repair_from == D(2026, 4, 1)
        assert window.public_until == D(2026, 6, 30)

    def test_general(self):
        window = publicity_window(decided_on=D(2026, 5, 20), severity=Severity.GENERAL)
        assert (window.repair_from, window.public_until) == (
            D(2026, 8, 20),
            D(2027, 5, 19),
        )

    def test_serious_minimum_is_one_year(self):
        window = publicity_window(decided_on=D(2026, 5, 20), severity=Severity.SERIOUS)
        assert window.repair_from == D(2027, 5, 20)
        assert window.public_until == D(2029, 5, 19)


@pytest.mark.parametrize(
    ("decided_on", "repair_from"),
    [(D(2025, 11, 30), D(2026, 2, 28)), (D(2024, 2, 29), D(2024, 5, 29))],
)
def test_month_ends_are_clamped(decided_on, repair_from):
    window = publicity_window(decided_on=decided_on, severity=Severity.GENERAL)
    assert window.repair_from == repair_from
